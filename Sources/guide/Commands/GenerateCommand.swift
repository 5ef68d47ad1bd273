import ArgumentParser
import Engine
import Foundation
import Runtime

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
        let model = try options.source.loadModel()
        let request = options.apply(to: try options.source.request(on: model, schedule: guide.schedule()))
        let streaming = !options.json
        let result = try PromptArguments.translatingErrors {
            try model.generate(request) { text in
                guard streaming else { return }
                FileHandle.standardOutput.write(Data(text.utf8))
            }
        }
        let generation = result.generation
        if options.json {
            print(try GenerationReport(model: model.model.name, generation: generation).json())
        } else {
            FileHandle.standardOutput.write(Data("\n".utf8))
            let stats = String(format: "[%d prompt tokens at %.1f tok/s; %d generated at %.1f tok/s; stop: %@]",
                               result.prompt.tokens.count, generation.prefillTokensPerSecond, generation.tokens.count,
                               generation.tokensPerSecond, generation.stopReason.description)
            FileHandle.standardError.write(Data((stats + "\n").utf8))
        }
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

    init(model: String, generation g: Generation) {
        self.model = model
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
