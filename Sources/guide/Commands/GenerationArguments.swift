import ArgumentParser
import Engine
import Runtime

/// The options of `guide generate`, grouped so other commands can reuse and extend them;
/// they only translate into an `EngineRequest`, which the engine validates.
struct GenerationArguments: ParsableArguments {
    @OptionGroup var source: PromptArguments

    @Option(name: [.customShort("n"), .long], help: "Most tokens to generate.")
    var maxTokens = 128

    @Option(name: .long, help: "Sampling temperature; 0 is greedy.")
    var temperature: Float = 0

    @Option(name: .long, help: "Keep the k most likely tokens (0: all).")
    var topK = 0

    @Option(name: .long, help: "Nucleus sampling threshold in (0, 1] (1: off).")
    var topP: Float = 1

    @Option(name: .long, help: "Drop tokens less likely than this fraction of the best (0: off).")
    var minP: Float = 0

    @Option(name: .long, help: "Repetition penalty over the last 64 tokens (1: off).")
    var repeatPenalty: Float = 1

    @Option(name: .long, help: "Random seed for sampling (default: 1, the seed of a script's first unseeded generate call).")
    var seed: UInt64?

    @Option(name: .long, help: "Stop when the text contains this string (repeatable).")
    var stop: [String] = []

    @Flag(name: .long, help: "Print one JSON object (prompt ids, generated ids, text) instead of streaming.")
    var json = false

    /// Checks the options the engine would refuse before any model is loaded.
    func validate() throws {
        try PromptArguments.translatingErrors { try apply(to: EngineRequest(prompt: PromptSource(pieces: []))).validate() }
    }

    /// `request` with these options' token limit, sampling and stop strings.
    func apply(to request: EngineRequest) -> EngineRequest {
        var request = request
        request.maxTokens = maxTokens
        request.sampling = SamplingOptions(temperature: temperature, topK: topK, topP: topP, minP: minP,
                                           repetitionPenalty: repeatPenalty,
                                           seed: SampleSeeds().seed(given: seed, sampled: temperature > 0) ?? 0)
        request.stopStrings = stop
        return request
    }
}
