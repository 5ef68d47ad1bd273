import Engine
import GuideLang

/// The one place engine failures become what a user reads. An engine failure has a code
/// (`engine.prompt-too-long`) and a culprit, the request field at fault; a builtin blames
/// the argument that carries the culprit, `guide`'s commands the option, and either keeps
/// the engine's code.
extension EngineRequest.Field {
    /// The builtin argument that carries this field (`top_p`).
    public var argumentName: String {
        switch self {
        case .model: "model"
        case .numerics: "numerics"
        case .prompt: "prompt"
        case .schedule: "guide"
        case .maxTokens: "max_tokens"
        case .temperature: "temperature"
        case .topK: "top_k"
        case .topP: "top_p"
        case .minP: "min_p"
        case .repetitionPenalty: "repeat_penalty"
        case .continuation: "continuation"
        case .layer: "layer"
        case .head: "head"
        }
    }

    /// The `guide` option that carries this field (`--top-p`), nil when no command takes it.
    public var optionName: String? {
        switch self {
        case .model: "--model"
        case .numerics: "--numerics"
        case .prompt: "--prompt"
        case .schedule: "--delta/--layers"
        case .maxTokens: "-n"
        case .temperature: "--temperature"
        case .topK: "--top-k"
        case .topP: "--top-p"
        case .minP: "--min-p"
        case .repetitionPenalty: "--repeat-penalty"
        case .continuation, .layer, .head: nil
        }
    }
}

/// How `guide`'s commands word an engine failure.
public enum EngineFailureText {
    /// `--top-p: expected a number in (0, 1] (1: off)` when an option carries the culprit,
    /// else the failure and its code: `the prompt needs … [engine.prompt-too-long]`.
    public static func commandLine(_ failure: any EngineFailure) -> String {
        if let option = failure.culprit?.optionName { return "\(option): \(failure)" }
        return "\(failure) [\(failure.code)]"
    }
}

extension RuntimeHost {
    /// What an error thrown out of a builtin becomes (the interpreter's `hostErrorMapping`):
    /// an engine failure its diagnostic, anything else itself. Builtins need not catch
    /// engine failures unless a field travels in an argument of another name.
    static func mapHostError(_ error: Error, _ args: Arguments) -> Error {
        guard let failure = error as? any EngineFailure else { return error }
        return diagnostic(for: failure, args)
    }

    /// Runs an engine operation for a builtin whose arguments carry some fields under other
    /// names (`prompt(text)`); an engine failure becomes a diagnostic blaming them.
    static func engineCall<T>(_ args: Arguments, blaming arguments: [EngineRequest.Field: String],
                              _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let failure as any EngineFailure {
            throw diagnostic(for: failure, args, blaming: arguments)
        }
    }

    /// The one mapping from engine failures to diagnostics: cancellation stops the script;
    /// a failure whose culprit is an argument of this builtin is a "bad argument #n" error
    /// on it; any other failure is reported at the call. Either keeps the engine's code.
    ///
    /// - Parameter arguments: the argument carrying a field when it is not the usual one
    ///   (`prompt(text)` takes its prompt as `text`).
    static func diagnostic(for failure: any EngineFailure, _ args: Arguments,
                           blaming arguments: [EngineRequest.Field: String] = [:]) -> Error {
        if failure is GenerationCancelled { return Diagnostic(.cancelled, "cancelled") }
        let code = DiagnosticCode(rawValue: failure.code)
        if let culprit = failure.culprit {
            let name = arguments[culprit] ?? culprit.argumentName
            if args.function.parameters.contains(where: { $0.name == name }) {
                var error = args.error(.name(name), "\(failure)")
                error.code = code
                return error
            }
        }
        return Diagnostic(code, "\(args.function.name): \(failure)")
    }
}
