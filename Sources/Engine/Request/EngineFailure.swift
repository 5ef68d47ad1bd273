/// An engine error with a stable code and, when one input of a request was at fault,
/// that input (its culprit). Hosts map failures to their own diagnostics in one place:
/// the culprit picks the option or argument to blame, the code names the failure.
public protocol EngineFailure: Error, CustomStringConvertible {
    /// A stable, dotted name of the failure (`engine.span-tag`, `engine.prompt-too-long`).
    var code: String { get }
    /// The request field at fault, nil when the failure is not one input's.
    var culprit: EngineRequest.Field? { get }
}

extension EngineRequestError: EngineFailure {
    public var code: String {
        switch field {
        case .prompt: return "engine.prompt-too-long"
        case .continuation: return "engine.empty-continuation"
        default: return "engine.out-of-range"
        }
    }
    public var culprit: EngineRequest.Field? { field }
}

extension SpanTagError: EngineFailure {
    public var code: String { "engine.span-tag" }
    public var culprit: EngineRequest.Field? { .prompt }
}

extension SpanMappingError: EngineFailure {
    public var code: String { "engine.span-mapping" }
    public var culprit: EngineRequest.Field? { .prompt }
}

extension SteeringError: EngineFailure {
    public var code: String { "engine.no-span-to-measure" }
    public var culprit: EngineRequest.Field? { .prompt }
}

extension GuideScheduleError: EngineFailure {
    public var code: String { "engine.schedule" }
    public var culprit: EngineRequest.Field? { .schedule }
}

extension LayerSelectionError: EngineFailure {
    public var code: String { "engine.layer-selection" }
    public var culprit: EngineRequest.Field? { .schedule }
}

extension ChatTemplateError: EngineFailure {
    public var code: String { "engine.chat-template" }
    public var culprit: EngineRequest.Field? { .model }
}

extension GenerationCancelled: EngineFailure {
    public var code: String { "engine.cancelled" }
    public var culprit: EngineRequest.Field? { nil }
}

extension NumericsError: EngineFailure {
    public var code: String { "engine.numerics" }
    public var culprit: EngineRequest.Field? { .numerics }
}

extension GGUFError: EngineFailure {
    public var code: String { "engine.gguf" }
    public var culprit: EngineRequest.Field? { .model }
}

extension ModelError: EngineFailure {
    public var code: String { "engine.model" }
    public var culprit: EngineRequest.Field? { .model }
}

extension TokenizerError: EngineFailure {
    public var code: String { "engine.tokenizer" }
    public var culprit: EngineRequest.Field? { .model }
}

extension InferenceError: EngineFailure {
    public var code: String { "engine.inference" }
    public var culprit: EngineRequest.Field? {
        if case .invalidContextLength = self { return nil }
        return .prompt
    }
}
