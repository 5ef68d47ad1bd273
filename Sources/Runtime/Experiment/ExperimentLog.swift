#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The append-only JSON Lines file of one experiment: `results/<name>.jsonl`.
///
/// Layout: one JSON object per line, ending in `\n`. Each object is one recorded record
/// with two bookkeeping fields in front: `_key`, the content key of the row that recorded
/// it (see `RowKey`), and `_row`, the row's 0-based index in the `over` list (used only to
/// order merged shards). All records of one row go to the file in a single `write(2)` and
/// are `fsync`'d before the next row starts, so a crash can only ever tear the last line;
/// opening the log drops such a torn tail.
public final class ExperimentLog {
    /// Field names the log adds to every stored line; they are stripped from displayed rows.
    public static let keyField = "_key", rowField = "_row"

    /// The file's path.
    public let path: String
    /// Every stored line, in file order, bookkeeping fields included.
    public private(set) var lines: [DataRecord] = []
    private var recordsByKey: [String: [DataRecord]] = [:]

    /// Opens (creating directories and the file as needed) and loads the log at `path`.
    ///
    /// Throws `ExperimentLogError` when a line other than a torn last one is not a JSON object.
    public init(path: String) throws {
        self.path = path
        try Self.makeParentDirectories(of: path)
        let text = try FileIO.readTextIfPresent(path) ?? ""
        var segments = text.split(separator: "\n", omittingEmptySubsequences: false)
        // The text after the last newline is either empty or an unterminated final write.
        let tail = segments.removeLast()
        for (i, segment) in segments.enumerated() where !segment.isEmpty {
            guard case .record(let record)? = try? JSON.decode(String(segment)) else {
                throw ExperimentLogError(path: path, line: i + 1, message: "not a JSON object")
            }
            append(loaded: record)
        }
        if !tail.isEmpty {
            if case .record(let record)? = try? JSON.decode(String(tail)) {
                append(loaded: record)   // complete but for its newline
                try FileIO.appendDurably("\n", to: path)
            } else {
                try FileIO.truncate(path, to: text.utf8.count - tail.utf8.count)
            }
        }
    }

    /// Whether a row with this key has already recorded something.
    public func contains(key: String) -> Bool { recordsByKey[key] != nil }

    /// The records stored for `key`, bookkeeping fields removed, in file order.
    public func records(forKey key: String) -> [DataRecord] {
        (recordsByKey[key] ?? []).map(Self.withoutBookkeeping)
    }

    /// Appends a row's records durably: one write of every line, then fsync.
    public func append(_ records: [DataRecord], key: String, rowIndex: Int) throws {
        guard !records.isEmpty else { return }
        var stored: [DataRecord] = []
        var text = ""
        for record in records {
            var line = DataRecord([(Self.keyField, .string(key)), (Self.rowField, .number(Double(rowIndex)))])
            for field in record.fields where field.key != Self.keyField && field.key != Self.rowField {
                line[field.key] = field.value
            }
            text += JSON.encode(.record(line)) + "\n"
            stored.append(line)
        }
        try FileIO.appendDurably(text, to: path)
        for line in stored { append(loaded: line) }
    }

    /// A stored line without the `_key` and `_row` fields.
    public static func withoutBookkeeping(_ record: DataRecord) -> DataRecord {
        var r = record
        r[keyField] = nil
        r[rowField] = nil
        return r
    }

    private func append(loaded record: DataRecord) {
        lines.append(record)
        if case .string(let key)? = record[Self.keyField] {
            recordsByKey[key, default: []].append(record)
        }
    }

    private static func makeParentDirectories(of path: String) throws {
        guard let slash = path.lastIndex(of: "/") else { return }
        let directory = String(path[..<slash])
        if !directory.isEmpty { try FileIO.makeDirectories(directory) }
    }
}

/// A malformed experiment log.
public struct ExperimentLogError: Error, CustomStringConvertible {
    public var path: String
    /// 1-based line number.
    public var line: Int
    public var message: String
    public var description: String { "\(path):\(line): \(message)" }
}
