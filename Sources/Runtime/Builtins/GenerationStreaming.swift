import Engine
import GuideLang

/// How `generate(…)` talks to the output while it runs: its text streams to an output that
/// shows streamed text (a terminal), and a Ctrl-C either stops the program or, where the
/// host keeps interrupted generations (the REPL), ends the call with the text so far.
extension RuntimeHost {
    /// Runs `request` and returns the value `makeValue` builds from its generation.
    ///
    /// Outside experiments, the text goes to `args.interpreter.output` piece by piece when
    /// that output shows streamed text, and the stream ends with the value (or nil on
    /// failure). A stop requested before the call began stops the program as usual; one
    /// that arrives during the generation keeps the text so far (stop reason
    /// `interrupted`) when `options.keepsInterruptedGenerations`, and leaves the flag up so
    /// the program stops at its next check (the REPL then clears it). In experiment rows
    /// running side by side (`guide run --parallel`), the rows' generations on one model
    /// decode together, each as it would alone.
    func generate(_ request: EngineRequest, model: ModelValue, _ args: Arguments,
                  makeValue: (Generation) -> GenerationValue) throws -> Value {
        let cancellation = args.interpreter.cancellation
        if cancellation.isCancelled { throw Diagnostic(.cancelled, "cancelled") }
        var request = request
        request.isCancelled = { cancellation.isCancelled }
        let output = args.interpreter.output
        let streams = output.showsStreamedText && !experiments.isRunning
        let keepsPartial = options.keepsInterruptedGenerations && !experiments.isRunning
        let onText: ((String) -> Void)? = streams ? { output.streamText($0) } : nil
        let generation: Generation
        do {
            do {
                if let rows = args.interpreter.rowsTogether {
                    // Experiment rows running side by side decode their generations together.
                    let loaded = model.loaded
                    generation = try rows.gather(request, key: ObjectIdentifier(loaded)) { Self.generate(together: $0, on: loaded) }
                } else {
                    generation = try model.loaded.generate(request, onText: onText).generation
                }
            } catch let stop as GenerationCancelled where keepsPartial {
                guard let partial = stop.partial else { throw stop }
                generation = partial
                keptInterruptedGenerations += 1
            }
        } catch {
            if streams { output.endStream(result: nil) }
            throw error
        }
        let value = Value.native(makeValue(generation))
        if streams { output.endStream(result: value) }
        return value
    }

    /// Each request's generation, decoded as one batch; when the batch fails, each request
    /// runs alone, so an error belongs to the request that caused it.
    static func generate(together requests: [EngineRequest], on model: LoadedModel) -> [Result<Generation, Error>] {
        do {
            return try model.generate(batch: requests).map { .success($0.generation) }
        } catch let stop as GenerationCancelled {
            return requests.map { _ in .failure(stop) }
        } catch {
            return requests.map { request in Result { try model.generate(request).generation } }
        }
    }
}
