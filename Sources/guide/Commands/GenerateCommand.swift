import ArgumentParser
import Engine
import Foundation

/// `guide generate -p TEXT [--model NAME|PATH] [--chat] [-n N] [--temperature T] [--seed S] [--numerics N] [--json]`:
/// streams a continuation of TEXT.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate a continuation of a prompt.",
        discussion: "Streams the text as it is generated; --json prints one object at the end instead.")

    @OptionGroup var options: GenerationArguments
    @OptionGroup var guide: GuideScheduleOptions

    func run() throws {
        let model = try options.loadModel()
        let (prompt, generationOptions) = try guide.steer(options, model: model)
        let session = try InferenceSession(model: model, contextLength: options.contextLength(model: model, prompt: prompt),
                                           numerics: options.numerics)
        let streaming = !options.json
        let generation = try session.generate(prompt: prompt, options: generationOptions) { text in
            guard streaming else { return }
            FileHandle.standardOutput.write(Data(text.utf8))
        }
        if options.json {
            print(try GenerationReport(model: model, generation: generation).json())
        } else {
            FileHandle.standardOutput.write(Data("\n".utf8))
            let stats = String(format: "[%d prompt tokens at %.1f tok/s; %d generated at %.1f tok/s; stop: %@]",
                               prompt.count, generation.prefillTokensPerSecond, generation.tokens.count,
                               generation.tokensPerSecond, generation.stopReason.description)
            FileHandle.standardError.write(Data((stats + "\n").utf8))
        }
    }
}

/// The options of `guide generate`, grouped so other commands can reuse and extend them.
struct GenerationArguments: ParsableArguments {
    @Option(name: .shortAndLong, help: "The prompt text.")
    var prompt: String

    @Option(name: .long, help: "A known model name or a path to a .gguf file (default: $GUIDE_MODEL, else the default model).")
    var model: String?

    @Flag(name: .long, help: "Wrap the prompt as a user message in the model's chat format.")
    var chat = false

    @Option(name: [.customShort("n"), .long], help: "Most tokens to generate.")
    var maxTokens = 128

    @Option(name: .long, help: "Sampling temperature; 0 is greedy.")
    var temperature: Float = 0

    @Option(name: .long, help: "Keep the k most likely tokens (0: all).")
    var topK = 0

    @Option(name: .long, help: "Nucleus sampling threshold (1: off).")
    var topP: Float = 1

    @Option(name: .long, help: "Drop tokens less likely than this fraction of the best (0: off).")
    var minP: Float = 0

    @Option(name: .long, help: "Repetition penalty over the last 64 tokens (1: off).")
    var repeatPenalty: Float = 1

    @Option(name: .long, help: "Random seed for sampling.")
    var seed: UInt64 = 0

    @Option(name: .long, help: "Stop when the text contains this string (repeatable).")
    var stop: [String] = []

    @Flag(name: .long, help: "Print one JSON object (prompt ids, generated ids, text) instead of streaming.")
    var json = false

    @Option(name: .long, help: NumericsHelp.text)
    var numerics = Numerics.llamaCPP

    func validate() throws {
        guard maxTokens >= 0 else { throw ValidationError("-n must be at least 0, not \(maxTokens)") }
        guard temperature.isFinite, temperature >= 0 else { throw ValidationError("--temperature must be ≥ 0") }
        guard topK >= 0 else { throw ValidationError("--top-k must be ≥ 0") }
        guard topP > 0, topP <= 1 else { throw ValidationError("--top-p must be in (0, 1]") }
        guard minP >= 0, minP <= 1 else { throw ValidationError("--min-p must be in [0, 1]") }
        guard repeatPenalty > 0, repeatPenalty.isFinite else { throw ValidationError("--repeat-penalty must be > 0") }
    }

    /// Resolves, fetches if needed, and opens the model.
    func loadModel() throws -> LanguageModel {
        let cache = ModelCache()
        return try LanguageModel(path: ModelFetcher(cache: cache).ensureAvailable(cache.resolve(model)))
    }

    /// Room for the prompt and the generated tokens, within the model's context.
    func contextLength(model: LanguageModel, prompt: [Int]) -> Int {
        min(model.config.contextLength, max(prompt.count + maxTokens, 1))
    }

    func generationOptions() -> GenerationOptions {
        GenerationOptions(
            maxTokens: maxTokens,
            sampling: SamplingOptions(temperature: temperature, topK: topK, topP: topP, minP: minP,
                                      repetitionPenalty: repeatPenalty, seed: seed),
            stopStrings: stop)
    }
}

/// The `--json` output of `guide generate`.
struct GenerationReport: Encodable {
    let model: String
    let prompt_ids: [Int]
    let generated_ids: [Int]
    let text: String
    let logprobs: [Float]
    let stop_reason: String
    let prefill_tokens_per_second: Double
    let tokens_per_second: Double

    init(model: LanguageModel, generation g: Generation) {
        self.model = model.name
        prompt_ids = g.promptTokens
        generated_ids = g.tokens
        text = g.text
        logprobs = g.logprobs
        stop_reason = g.stopReason.description
        prefill_tokens_per_second = g.prefillTokensPerSecond
        tokens_per_second = g.tokensPerSecond
    }

    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
