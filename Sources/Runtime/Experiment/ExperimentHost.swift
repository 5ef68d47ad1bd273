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
        let params = DataRecord(request.parameters.map { ($0.name, ValueData.data($0.value)) })
        let cancellation = self.cancellation
        let runner = ExperimentRunner(
            name: request.name, params: params, shard: options.shard, directory: options.resultsDirectory,
            progressOutput: options.progress, progressIsTerminal: options.progressIsTerminal,
            isCancelled: { cancellation?.isCancelled ?? false })
        let result = try runner.run(rows: request.rows, content: ValueData.data) { row in
            try request.runRow(row).map { recorded in
                if case .record(let record) = recorded { return ValueData.record(record) }
                return DataRecord([("value", ValueData.data(recorded))])
            }
        }
        return .list(result.records.map { .record(ValueData.record($0)) })
    }
}
