import ArgumentParser
import Engine
import Foundation
import Runtime

/// `-p TEXT [--model NAME|PATH] [--chat] [--numerics N]`: the prompt and model of an engine
/// command, translated into an `EngineRequest` on a model loaded through the runtime.
struct PromptArguments: ParsableArguments {
    @Option(name: .shortAndLong, help: "The prompt text, with span tags.")
    var prompt: String

    @Option(name: .shortAndLong, help: "A known model name or a path to a .gguf file (default: $GUIDE_MODEL, else the default model).")
    var model: String?

    @Flag(name: .long, help: "Wrap the prompt as a user message in the model's chat format.")
    var chat = false

    @Option(name: .long, help: NumericsHelp.text)
    var numerics = Numerics.llamaCPP

    /// Resolves, fetches if needed, and opens the model, as `model(…)` does in scripts.
    func loadModel() throws -> LoadedModel {
        try Self.translatingErrors { try ModelStore().model(model, numerics: numerics) }
    }

    /// The request for this prompt on `model`, steered by `schedule`; warns on stderr when
    /// a schedule is given but the prompt marks no GUIDE span.
    func request(on model: LoadedModel, schedule: GuideSchedule?) throws -> EngineRequest {
        let source = try Self.translatingErrors {
            chat ? try model.model.chatPrompt([ChatMessage(role: "user", content: prompt)]) : try PromptSource(tagged: prompt)
        }
        if schedule != nil, !source.spans.contains(where: { $0.level != .measured }) {
            FileHandle.standardError.write(Data("note: --delta given but the prompt marks no <!-> span\n".utf8))
        }
        var request = model.request(prompt: source)
        request.schedule = schedule
        return request
    }

    /// Runs `body`; an engine failure is reported as the runtime words it for the command
    /// line, naming the option at fault (`--top-p: …`).
    static func translatingErrors<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let failure as any EngineFailure {
            let text = EngineFailureText.commandLine(failure)
            // An option at fault gets the usage line too; any other failure only its text.
            guard failure.culprit?.optionName == nil else { throw ValidationError(text) }
            throw EngineCommandError(description: text)
        }
    }
}

/// An engine failure no option caused, as `EngineFailureText` words it.
struct EngineCommandError: Error, CustomStringConvertible {
    let description: String
}
