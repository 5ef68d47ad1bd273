import GuideLang

/// Runs the language's `experiment` blocks through an `ExperimentRunner`: the log under
/// the results directory, the shard, progress and cancellation come from the host.
final class ExperimentHost: ExperimentHandler {
    unowned let host: RuntimeHost
    /// The interpreter's Ctrl-C flag: experiments stop before the next row once it is set.
    var cancellation: CancellationFlag?

    init(host: RuntimeHost) { self.host = host }

    func runExperiment(_ request: ExperimentRequest) throws -> Value {
        let options = host.options
        // A log line is one level around a parameter or a recorded non-record value.
        let params = DataRecord(try request.parameters.map { ($0.name, try ValueData.data($0.value, maxDepth: JSON.maxDepth - 1)) })
        let contents = try request.rows.map { try ValueData.data($0) }
        let cancellation = self.cancellation
        let runner = ExperimentRunner(
            name: request.name, params: params, shard: options.shard, directory: options.resultsDirectory,
            progressOutput: options.progress, progressIsTerminal: options.progressIsTerminal,
            isCancelled: { cancellation?.isCancelled ?? false })
        let result = try runner.run(rows: Array(request.rows.indices), content: { contents[$0] }) { index in
            try request.runRow(request.rows[index]).map { recorded in
                if case .record(let record) = recorded { return try ValueData.record(record) }
                return DataRecord([("value", try ValueData.data(recorded, maxDepth: JSON.maxDepth - 1))])
            }
        }
        return .list(result.records.map { .record(ValueData.record($0)) })
    }
}
