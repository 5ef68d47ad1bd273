import GuideLang

/// Runs the language's `experiment` blocks through an `ExperimentRunner`: the log under
/// the results directory, the shard, progress and cancellation come from the host.
///
/// A row's key covers the experiment's identity (`ExperimentIdentity`), so a re-run after
/// an edit computes the affected rows again. Failed rows are summarised on the progress
/// stream; an interrupted experiment stops the program with a `.cancelled` diagnostic that
/// says how far it got, and leaves its partial table in `interrupted`.
final class ExperimentHost: ExperimentHandler {
    unowned let host: RuntimeHost
    /// The interpreter's Ctrl-C flag: experiments stop before the next row once it is set.
    var cancellation: CancellationFlag?
    /// Model file digests, kept for the session.
    let models = ModelFingerprints()
    /// What the experiments since the last `resetOutcome()` did.
    private(set) var outcome = ExperimentOutcome()
    /// Whether an experiment is running (its rows' generations neither stream nor keep
    /// interrupted text: the progress bar owns the terminal, and a stopped row is abandoned).
    private(set) var isRunning = false

    init(host: RuntimeHost) { self.host = host }

    /// How many failed-row error messages a summary lists.
    static let summaryLimit = 5

    func runExperiment(_ request: ExperimentRequest) throws -> Value {
        let wasRunning = isRunning
        isRunning = true
        defer { isRunning = wasRunning }
        let options = host.options
        for parameter in request.parameters {
            if let (_, n) = RuntimeHost.nonFiniteNumber(in: [parameter.value]) {
                throw Diagnostic(.typeMismatch, "experiment \"\(request.name)\": param \(parameter.name) holds "
                    + "\(Value.format(n)), which its JSON log cannot hold (every row records the params)")
            }
        }
        if let (place, n) = RuntimeHost.nonFiniteNumber(in: request.rows) {
            throw Diagnostic(.typeMismatch, "experiment \"\(request.name)\": \(place) is \(Value.format(n)), which its "
                + "JSON log cannot hold (every log line records its row); replace it (e.g. with nil) first")
        }
        // A log line is one level around a parameter or a recorded non-record value.
        let params = DataRecord(try request.parameters.map { ($0.name, try ValueData.data($0.value, maxDepth: JSON.maxDepth - 1)) })
        let contents = try request.rows.map { try ValueData.data($0) }
        let cancellation = self.cancellation
        let models = self.models
        let runner = ExperimentRunner(
            name: request.name, params: params, shard: options.shard, directory: options.resultsDirectory,
            progressOutput: options.progress, progressIsTerminal: options.progressIsTerminal,
            isCancelled: { cancellation?.isCancelled ?? false },
            identity: try ExperimentIdentity.digest(of: request.dependencies, models: models),
            fresh: options.freshExperiments, retryFailed: options.retryFailedRows, rowsAtOnce: options.rowsAtOnce)
        let result = try runner.runInGroups(rows: Array(request.rows.indices), content: { contents[$0] },
                                            rowDigest: { try ExperimentIdentity.digest(ofRow: request.rows[$0], models: models) }) { group in
            // Side by side only when there is a side: a lone row runs on this thread.
            let recorded = group.count == 1 ? [Result { try request.runRow(request.rows[group[0]]) }]
                : request.runRowsTogether(group.map { request.rows[$0] })
            return recorded.map { result in result.flatMap { values in Result { try Self.logRecords(values) } } }
        }
        let table = Value.list(result.records.map { .record(ValueData.record($0)) })
        outcome.failedRows += result.failed
        if result.failed > 0 {
            options.progress?(Self.failureSummary(request.name, result, retried: options.retryFailedRows))
        }
        if result.cancelled {
            outcome.interrupted = .record(Record([
                ("experiment", .string(request.name)), ("partial", .bool(true)),
                ("done", .number(Double(result.done))), ("total", .number(Double(result.total))),
                ("rows", table),
            ]))
            throw Diagnostic(.cancelled, "experiment \"\(request.name)\": interrupted after \(result.done) of "
                             + "\(result.total) rows; re-run to continue")
        }
        return table
    }

    /// The log records of the values a row `record`ed: a record as itself, any other value
    /// as `{value: …}`.
    static func logRecords(_ recordedValues: [Value]) throws -> [DataRecord] {
        // JSON would write inf and nan as null, which reads back as nil: refuse them, so the
        // row fails with the reason instead of logging a silently different result.
        if let (place, n) = RuntimeHost.nonFiniteNumber(in: recordedValues, item: "record") {
            throw Diagnostic(.typeMismatch, "\(place) is \(Value.format(n)): the experiment's JSON log cannot hold "
                + "inf or nan; record nil (or a string) in its place")
        }
        return try recordedValues.map { recorded in
            if case .record(let record) = recorded { return try ValueData.record(record) }
            return DataRecord([("value", try ValueData.data(recorded, maxDepth: JSON.maxDepth - 1))])
        }
    }

    /// Forgets what earlier experiments did (at the start of a run or REPL entry).
    func resetOutcome() { outcome = ExperimentOutcome() }

    /// `experiment "x": 2 of 10 rows failed (…)` and the first errors, one per line.
    static func failureSummary(_ name: String, _ result: ExperimentResult, retried: Bool) -> String {
        var text = "experiment \"\(name)\": \(result.failed) of \(result.total) rows failed "
            + "(recorded with their error; \(retried ? "a re-run retries them" : "kept by --no-retry-failed")):\n"
        for failure in result.failures.prefix(summaryLimit) {
            let message = failure["error"]?.string ?? "error"
            var row = failure
            row["error"] = nil
            text += "  \(JSON.encode(.record(row))): \(message.split(separator: "\n").first ?? "")\n"
        }
        if result.failed > summaryLimit { text += "  … and \(result.failed - summaryLimit) more\n" }
        return text
    }
}

/// What the experiments of a run (or a REPL entry) did, for the exit status and the REPL.
public struct ExperimentOutcome {
    /// Rows whose result is an error, over every experiment.
    public var failedRows = 0
    /// The partial result of an interrupted experiment: `{experiment, partial: true, done,
    /// total, rows}`; nil when none was interrupted.
    public var interrupted: Value?
}

extension RuntimeHost {
    /// What the experiments since the last `resetExperimentOutcome()` did.
    public var experimentOutcome: ExperimentOutcome { experiments.outcome }

    /// Starts counting failed rows and interruptions afresh.
    public func resetExperimentOutcome() { experiments.resetOutcome() }
}
