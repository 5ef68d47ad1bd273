import Foundation

/// Runs the rows of an `experiment` block against its log, resuming where a previous
/// run stopped.
///
/// For each row of this shard, in order: if a row with the same key (its identity, see
/// `RowKey`) is recorded in any log of the experiment — this run's own, the unsharded one
/// or any shard's — its stored records are reused; otherwise the body runs and the
/// records it made (each followed by the script's parameter values) are appended durably
/// to this run's log before the next row. With `rowsAtOnce` above 1, the rows still to run
/// go to the body in groups of that many, and a group's records are appended, in row
/// order, before the next group starts. A row whose recorded attempt failed runs again
/// unless `retryFailed` is off; `fresh` runs every row whatever is recorded. A row whose
/// body throws records `{<row fields>, error: message}` and the run goes on, unless a stop
/// was requested meanwhile: then the rows in flight are abandoned (not recorded) and the
/// run ends. The result is the table of every row of the shard, old and new, in row
/// order — the same table an uninterrupted run produces.
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
    /// The digest of everything besides the row and the parameters that determines a row's
    /// result (see `ExperimentIdentity`); part of every row key.
    public var identity: String
    /// Run every row, ignoring what is recorded (`guide run --fresh`).
    public var fresh: Bool
    /// Run again the rows whose recorded attempt failed (the default).
    public var retryFailed: Bool
    /// How many rows to run at once (`guide run --parallel`); each group's rows are handed
    /// to the body together and logged in row order when all of them are done.
    public var rowsAtOnce: Int

    public init(name: String, params: DataRecord = DataRecord(), shard: Shard = .all,
                directory: String = "results", progressOutput: ((String) -> Void)? = nil,
                progressIsTerminal: Bool = false, isCancelled: @escaping () -> Bool = { false },
                identity: String = "", fresh: Bool = false, retryFailed: Bool = true, rowsAtOnce: Int = 1) {
        self.name = name
        self.params = params
        self.shard = shard
        self.directory = directory
        self.progressOutput = progressOutput
        self.progressIsTerminal = progressIsTerminal
        self.isCancelled = isCancelled
        self.identity = identity
        self.fresh = fresh
        self.retryFailed = retryFailed
        self.rowsAtOnce = max(1, rowsAtOnce)
    }

    /// The log file this runner appends to.
    public var logPath: String { shard.logPath(experiment: name, directory: directory) }

    /// Runs `body` on every row of the shard not yet recorded.
    ///
    /// - Parameters:
    ///   - rows: every row of the `over` list (sharding happens here).
    ///   - content: a row's content as plain data, for error records (and its key by default).
    ///   - rowDigest: a row's content digest for its key; nil uses the JSON of `content`.
    ///   - body: runs one row and returns the records it made; a thrown error is recorded.
    /// - Throws: `ExperimentNameError`, a malformed log, a log that cannot be written (before
    ///   any row runs), or a failed write; never a row's error.
    public func run<Row>(rows: [Row], content: (Row) -> DataValue, rowDigest: ((Row) throws -> String)? = nil,
                         body: (Row) throws -> [DataRecord]) throws -> ExperimentResult {
        try runInGroups(rows: rows, content: content, rowDigest: rowDigest) { group in
            group.map { row in Result { try body(row) } }
        }
    }

    /// Runs the rows of the shard not yet recorded, up to `rowsAtOnce` at a time:
    /// `together` gets a group of rows and returns each one's records or error, in order.
    public func runInGroups<Row>(rows: [Row], content: (Row) -> DataValue, rowDigest: ((Row) throws -> String)? = nil,
                                 together: ([Row]) -> [Result<[DataRecord], Error>]) throws -> ExperimentResult {
        try Self.validate(name: name)
        let log = try ExperimentLog(path: logPath)
        let others = try otherLogPaths().map { try ExperimentLog(readingOnly: $0) }
        let contents = rows.map(content)
        let digests = try rows.indices.map { try rowDigest?(rows[$0]) ?? JSON.encode(contents[$0]) }
        let keys = RowKey.make(rows: digests, params: params, identity: identity)
        let mine = rows.indices.filter { shard.contains(rowIndex: $0) }
        let experimentDigest = RowKey.experiment(params: params, identity: identity)

        // What is recorded, and what this run will do about it.
        var recorded: [Int: ExperimentLog.Attempt] = [:]
        if !fresh {
            for index in mine {
                let attempts = (others + [log]).flatMap { $0.attempts(forKey: keys[index]) }
                recorded[index] = ExperimentLog.current(of: attempts)
            }
        }
        let failedEarlier = recorded.values.filter(\.failed).count
        let reused = recorded.filter { !($0.value.failed && retryFailed) }
        var result = ExperimentResult(logPath: logPath, total: mine.count)
        let toRun = mine.count - reused.count
        progressOutput?(startMessage(total: mine.count, reused: reused.count, toRun: toRun, failedEarlier: failedEarlier))
        if toRun > 0 { try log.checkWritable() }

        let progress = progressOutput.map {
            ProgressBar(label: name, total: mine.count, isTerminal: progressIsTerminal, output: $0)
        }
        if !reused.isEmpty { progress?.skip(reused.count) }
        let pending = mine.filter { reused[$0] == nil }
        var outcomes: [Int: (result: Result<[DataRecord], Error>, seconds: Double)] = [:]
        var nextPending = 0
        for index in mine {
            if let attempt = reused[index] {
                result.records += attempt.records
                result.skipped += 1
                if attempt.failed { result.failures += attempt.records }
                continue
            }
            if outcomes[index] == nil {
                if isCancelled() { result.cancelled = true; break }
                let group = Array(pending[nextPending..<min(nextPending + rowsAtOnce, pending.count)])
                nextPending += group.count
                let started = DispatchTime.now().uptimeNanoseconds
                let results = together(group.map { rows[$0] })
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9 / Double(group.count)
                for (row, outcome) in zip(group, results) { outcomes[row] = (outcome, seconds) }
            }
            let (outcome, seconds) = outcomes.removeValue(forKey: index)!
            var records: [DataRecord]
            var failed = false
            do {
                records = try outcome.get().map(withParams)
            } catch {
                // An error caused by a stop request is not the row's fault: abandon the row.
                if isCancelled() { result.cancelled = true; break }
                var failure = contents[index].record ?? DataRecord([("row", contents[index])])
                failure["error"] = .string("\(error)")
                records = [withParams(failure)]
                failed = true
            }
            try log.append(records, key: keys[index], rowIndex: index, failed: failed, experiment: experimentDigest,
                           seconds: seconds)
            result.records += records
            result.ran += 1
            if failed { result.failures += records }
            if recorded[index]?.failed == true { result.retried += 1 }
            progress?.advance()
        }
        progress?.finish()
        return result
    }

    /// "squares: 3 of 10 rows already recorded, 7 to run (1 failed earlier, retried)".
    private func startMessage(total: Int, reused: Int, toRun: Int, failedEarlier: Int) -> String {
        if fresh { return "\(name): --fresh: all \(total) rows to run, recorded rows ignored\n" }
        var text = "\(name): \(reused) of \(total) rows already recorded, \(toRun) to run"
        if failedEarlier > 0 {
            text += retryFailed ? " (\(failedEarlier) failed earlier, retried)" : " (\(failedEarlier) failed earlier, kept)"
        }
        return text + "\n"
    }

    /// The experiment's other logs, whose rows this run reuses: the unsharded log and every
    /// shard's, except this run's own.
    func otherLogPaths() throws -> [String] {
        let main = Shard.all.logPath(experiment: name, directory: directory)
        let shards = try ExperimentMerge.shardFiles(experiment: name, directory: directory)
        return ([main] + shards).filter { $0 != logPath && FileIO.isFile($0) }
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
    /// The number of rows of this shard.
    public var total = 0
    /// Every record of the shard's rows, old and new, in row order, bookkeeping removed.
    public var records: [DataRecord] = []
    /// Rows run now, rows reused from a log, failed rows run again (counted in `ran`).
    public var ran = 0, skipped = 0, retried = 0
    /// The error records of the rows that failed, now or (when not retried) earlier.
    public var failures: [DataRecord] = []
    /// Whether a cancellation stopped the run before its last row.
    public var cancelled = false

    public init(logPath: String, total: Int = 0) {
        self.logPath = logPath
        self.total = total
    }

    /// Rows whose result is in the table: reused or run now.
    public var done: Int { ran + skipped }
    /// Rows whose result is an error.
    public var failed: Int { failures.count }
}

/// An experiment name that cannot be a file name under `results/`.
public struct ExperimentNameError: Error, CustomStringConvertible {
    public var name: String
    public var description: String {
        "invalid experiment name \"\(name)\": use letters, digits, spaces, `-`, `_` and `.` (not first)"
    }
}
