/// Runs the rows of an `experiment` block against its log, resuming where a previous
/// run stopped.
///
/// For each row of this shard, in order: if its content key is in the log, its stored
/// records are reused; otherwise the body runs and the records it made (each followed by
/// the script's parameter values) are appended durably before the next row. A row whose
/// body throws records `{<row fields>, error: message}` and the run goes on, unless a stop
/// was requested meanwhile: then the row stays unrecorded and the run ends. The result is
/// the table of every row of the shard, old and new, in row order — the same table an
/// uninterrupted run produces.
public struct ExperimentRunner {
    /// The experiment's name; the log is `<directory>/<name>.jsonl` (or a shard file).
    public var name: String
    /// The script's parameter values, added to every record and to every row key.
    public var params: DataRecord
    /// Which rows this process runs.
    public var shard: Shard
    /// Where logs live, relative to the working directory unless absolute.
    public var directory: String
    /// Receives progress text for stderr; nil shows nothing.
    public var progressOutput: ((String) -> Void)?
    /// Whether the progress goes to a terminal (a redrawn bar) or not (plain lines).
    public var progressIsTerminal: Bool
    /// Asked before each row; true stops the run there, keeping every finished row.
    public var isCancelled: () -> Bool

    public init(name: String, params: DataRecord = DataRecord(), shard: Shard = .all,
                directory: String = "results", progressOutput: ((String) -> Void)? = nil,
                progressIsTerminal: Bool = false, isCancelled: @escaping () -> Bool = { false }) {
        self.name = name
        self.params = params
        self.shard = shard
        self.directory = directory
        self.progressOutput = progressOutput
        self.progressIsTerminal = progressIsTerminal
        self.isCancelled = isCancelled
    }

    /// The log file this runner reads and appends to.
    public var logPath: String { shard.logPath(experiment: name, directory: directory) }

    /// Runs `body` on every row of the shard not yet in the log.
    ///
    /// - Parameters:
    ///   - rows: every row of the `over` list (sharding happens here).
    ///   - content: a row's content as plain data, for its key and for error records.
    ///   - body: runs one row and returns the records it made; a thrown error is recorded.
    /// - Throws: `ExperimentNameError`, a malformed log, or a failed write; never a row's error.
    public func run<Row>(rows: [Row], content: (Row) -> DataValue,
                         body: (Row) throws -> [DataRecord]) throws -> ExperimentResult {
        try Self.validate(name: name)
        let log = try ExperimentLog(path: logPath)
        let contents = rows.map(content)
        let keys = RowKey.make(rows: contents, params: params)
        let mine = rows.indices.filter { shard.contains(rowIndex: $0) }
        let progress = progressOutput.map {
            ProgressBar(label: name, total: mine.count, isTerminal: progressIsTerminal, output: $0)
        }
        var result = ExperimentResult(logPath: logPath)
        let alreadyDone = mine.filter { log.contains(key: keys[$0]) }.count
        if alreadyDone > 0 { progress?.skip(alreadyDone) }
        for index in mine {
            if log.contains(key: keys[index]) {
                result.records += log.records(forKey: keys[index])
                result.skipped += 1
                continue
            }
            if isCancelled() { result.cancelled = true; break }
            var records: [DataRecord]
            do {
                records = try body(rows[index]).map(withParams)
            } catch {
                // An error caused by a stop request is not the row's fault: leave the row unrecorded.
                if isCancelled() { result.cancelled = true; break }
                var failure = contents[index].record ?? DataRecord([("row", contents[index])])
                failure["error"] = .string("\(error)")
                records = [withParams(failure)]
                result.failed += 1
            }
            try log.append(records, key: keys[index], rowIndex: index)
            result.records += records
            result.ran += 1
            progress?.advance()
        }
        progress?.finish()
        return result
    }

    private func withParams(_ record: DataRecord) -> DataRecord {
        var r = record
        for field in params.fields where r[field.key] == nil { r[field.key] = field.value }
        return r
    }

    /// Refuses names that would escape the results directory or hide the file.
    static func validate(name: String) throws {
        let allowed = name.unicodeScalars.allSatisfy {
            $0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_. ".unicodeScalars.contains($0)
        }
        guard !name.isEmpty, allowed, !name.hasPrefix("."), name.count <= 200 else {
            throw ExperimentNameError(name: name)
        }
    }
}

/// What a run did and the table it produced.
public struct ExperimentResult {
    /// The log file.
    public var logPath: String
    /// Every record of the shard's rows, old and new, in row order, bookkeeping removed.
    public var records: [DataRecord] = []
    /// Rows run now, rows reused from the log, rows whose body failed (counted in `ran`).
    public var ran = 0, skipped = 0, failed = 0
    /// Whether a cancellation stopped the run before its last row.
    public var cancelled = false
}

/// An experiment name that cannot be a file name under `results/`.
public struct ExperimentNameError: Error, CustomStringConvertible {
    public var name: String
    public var description: String {
        "invalid experiment name \"\(name)\": use letters, digits, spaces, `-`, `_` and `.` (not first)"
    }
}
