#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The append-only JSON Lines file of one experiment: `results/<name>.jsonl`.
///
/// Layout: one JSON object per line, ending in `\n`. Each object is one recorded record
/// with bookkeeping fields in front: `_key`, the identity of the row that recorded it (see
/// `RowKey`); `_row`, the row's 0-based index in the `over` list (used only to order merged
/// shards); `_n`, the record's 1-based position among its row's records when it is not the
/// first; `_status`, present only on a row that failed (`"failed"`, the line is the
/// error record) or recorded nothing (`"empty"`, the line stands for no record); `_exp`,
/// on an attempt's first line, the digest of the experiment as a whole (script, model,
/// params: see `RowKey.experiment`), by which `guide merge` tells shards of different
/// versions of one experiment apart; and `_seconds`, on an attempt's first line, the wall
/// time its row took.
///
/// Every run of a row is one *attempt*: its lines go to the file in a single `write(2)` and
/// are `fsync`'d before the next row starts, so a crash can only ever tear the last line;
/// opening the log drops such a torn tail. Nothing is ever removed: a row computed again
/// (after a failure, or with `--fresh`) appends a new attempt, and a row whose identity
/// changed gets a new key while its old lines stay.
public final class ExperimentLog {
    /// Field names the log adds to stored lines; they are stripped from displayed rows.
    public static let keyField = "_key", rowField = "_row", partField = "_n", statusField = "_status",
                      experimentField = "_exp", secondsField = "_seconds"
    /// `_status` values.
    static let failedStatus = "failed", emptyStatus = "empty"

    /// One run of one row: the lines one append wrote.
    public struct Attempt: Equatable {
        /// The stored lines, bookkeeping included.
        public var lines: [DataRecord]
        /// Whether the row's body threw (its only line is the error record).
        public var failed: Bool {
            lines.first?[ExperimentLog.statusField] == .string(ExperimentLog.failedStatus)
        }
        /// The row's records as displayed: bookkeeping removed, none for a row that recorded nothing.
        public var records: [DataRecord] {
            lines.filter { $0[ExperimentLog.statusField] != .string(ExperimentLog.emptyStatus) }
                .map(ExperimentLog.withoutBookkeeping)
        }
    }

    /// The file's path.
    public let path: String
    /// Every stored line, in file order, bookkeeping fields included.
    public private(set) var lines: [DataRecord] = []
    private var attemptsByKey: [String: [Attempt]] = [:]

    /// Opens (creating directories as needed) and loads the log at `path`, repairing a torn
    /// last line.
    ///
    /// Throws `ExperimentLogError` when a line other than a torn last one is not a JSON object.
    public init(path: String) throws {
        self.path = path
        try Self.makeParentDirectories(of: path)
        try load(repairing: true)
    }

    /// Loads the log at `path` without changing anything on disk (a missing file is an empty
    /// log; a torn last line is ignored): for reading logs another process may be writing,
    /// such as the other shards' logs.
    public init(readingOnly path: String) throws {
        self.path = path
        try load(repairing: false)
    }

    private func load(repairing: Bool) throws {
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
        guard !tail.isEmpty else { return }
        if case .record(let record)? = try? JSON.decode(String(tail)) {
            append(loaded: record)   // complete but for its newline
            if repairing { try FileIO.appendDurably("\n", to: path) }
        } else if repairing {
            try FileIO.truncate(path, to: text.utf8.count - tail.utf8.count)
        }
    }

    /// Whether a row with this key has been attempted.
    public func contains(key: String) -> Bool { attemptsByKey[key] != nil }

    /// Every attempt of the row with this key, in file order.
    public func attempts(forKey key: String) -> [Attempt] { attemptsByKey[key] ?? [] }

    /// The attempt that stands for the row: its last successful one, else its last one.
    public func current(forKey key: String) -> Attempt? {
        Self.current(of: attempts(forKey: key))
    }

    /// The last successful attempt of `attempts`, else the last one.
    static func current(of attempts: [Attempt]) -> Attempt? {
        attempts.last { !$0.failed } ?? attempts.last
    }

    /// The records of the row's current attempt, bookkeeping fields removed, in file order.
    public func records(forKey key: String) -> [DataRecord] {
        current(forKey: key)?.records ?? []
    }

    /// Appends one attempt of a row durably: one write of every line, then fsync. A row that
    /// recorded nothing is stored as one `"empty"` line so a re-run knows it is done.
    /// `experiment`, when given, is stored as `_exp` and `seconds`, the row's wall time, as
    /// `_seconds` on the attempt's first line.
    public func append(_ records: [DataRecord], key: String, rowIndex: Int, failed: Bool = false,
                       experiment: String? = nil, seconds: Double? = nil) throws {
        var stored: [DataRecord] = []
        var text = ""
        for (i, record) in (records.isEmpty ? [DataRecord()] : records).enumerated() {
            var line = DataRecord([(Self.keyField, .string(key)), (Self.rowField, .number(Double(rowIndex)))])
            if i > 0 { line[Self.partField] = .number(Double(i + 1)) }
            if i == 0, let experiment { line[Self.experimentField] = .string(experiment) }
            if failed { line[Self.statusField] = .string(Self.failedStatus) }
            if records.isEmpty { line[Self.statusField] = .string(Self.emptyStatus) }
            if i == 0, let seconds { line[Self.secondsField] = .number((seconds * 1000).rounded() / 1000) }
            for field in record.fields where !Self.isBookkeeping(field.key) {
                line[field.key] = field.value
            }
            text += JSON.encode(.record(line)) + "\n"
            stored.append(line)
        }
        try FileIO.appendDurably(text, to: path)
        for line in stored { append(loaded: line) }
    }

    /// Throws unless a row could be appended now: the file can be opened for writing (it is
    /// created if missing) and its file system has room. Called before the first row of a
    /// run computes anything, so a read-only directory or a full disk costs no model time.
    public func checkWritable(minimumFreeBytes: Int = 1 << 20) throws {
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o644)
        guard fd >= 0 else {
            throw FileIOError(path: path, reason: "cannot be written: \(String(cString: strerror(errno))); "
                              + "nothing was run (make the results directory writable)")
        }
        defer { close(fd) }
        var info = statvfs()
        guard fstatvfs(fd, &info) == 0 else { return }
        let free = Int(info.f_bavail) &* Int(info.f_frsize)
        if free < minimumFreeBytes {
            throw FileIOError(path: path, reason: "the disk is full (\(free) bytes free); nothing was run")
        }
    }

    /// A stored line without the bookkeeping fields.
    public static func withoutBookkeeping(_ record: DataRecord) -> DataRecord {
        var r = record
        for key in [keyField, rowField, partField, statusField, experimentField, secondsField] { r[key] = nil }
        return r
    }

    static func isBookkeeping(_ key: String) -> Bool {
        key == keyField || key == rowField || key == partField || key == statusField || key == experimentField
            || key == secondsField
    }

    /// Groups a loaded line into its key's attempts: a line without `_n` starts an attempt.
    private func append(loaded record: DataRecord) {
        lines.append(record)
        guard case .string(let key)? = record[Self.keyField] else { return }
        if record[Self.partField] != nil, var attempts = attemptsByKey[key], !attempts.isEmpty {
            attempts[attempts.count - 1].lines.append(record)
            attemptsByKey[key] = attempts
        } else {
            attemptsByKey[key, default: []].append(Attempt(lines: [record]))
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
