/// One engine call as whoever asks for it states it — a `guide` command, a builtin of the
/// language, an embedding host: they translate their inputs into a request, call one
/// entry (`LanguageModel.generate(_:onText:)`, `influence(_:method:)`, `score(_:continuation:)`)
/// and present what it returns. Validation and prompt preparation happen in the entries,
/// so every caller gets the same checks and the same tokens.
public struct EngineRequest {
    /// The prompt, as tagged text or chat messages already cut into pieces.
    public var prompt: PromptSource
    /// GUIDE's bias on the prompt's spans; nil runs the model unsteered.
    public var schedule: GuideSchedule?
    /// Token selection (temperature, top-k, top-p, min-p, repetition penalty, seed).
    public var sampling: SamplingOptions
    /// Most tokens to generate.
    public var maxTokens: Int
    /// Generation stops when the text contains one of these; the text ends before it.
    public var stopStrings: [String]
    /// Observers attached to the prompt's forward pass, in addition to any the entry adds.
    public var probes: [any AttentionProbe]
    /// How the forward pass rounds intermediate values.
    public var numerics: Numerics
    /// Asked before each generated token; returning true stops with `GenerationCancelled`.
    public var isCancelled: (() -> Bool)?

    public init(prompt: PromptSource, schedule: GuideSchedule? = nil, sampling: SamplingOptions = .greedy,
                maxTokens: Int = 128, stopStrings: [String] = [], probes: [any AttentionProbe] = [],
                numerics: Numerics = .llamaCPP, isCancelled: (() -> Bool)? = nil) {
        self.prompt = prompt
        self.schedule = schedule
        self.sampling = sampling
        self.maxTokens = maxTokens
        self.stopStrings = stopStrings
        self.probes = probes
        self.numerics = numerics
        self.isCancelled = isCancelled
    }

    /// The parts of a request a caller can get wrong, so errors name the culprit and each
    /// caller spells it its own way (`--top-p`, `top_p:`).
    public enum Field: String, Sendable, CaseIterable {
        case model, numerics, prompt, schedule, maxTokens, temperature, topK, topP, minP, repetitionPenalty, continuation
        /// The layer or head of an attention map.
        case layer, head
    }

    /// Throws `EngineRequestError` naming the first field out of its range.
    public func validate() throws {
        func check(_ ok: Bool, _ field: Field, _ expected: String) throws {
            guard ok else { throw EngineRequestError(field: field, message: "expected \(expected)") }
        }
        try check(maxTokens >= 0, .maxTokens, "a count ≥ 0")
        try check(sampling.temperature.isFinite && sampling.temperature >= 0, .temperature, "a number ≥ 0")
        try check(sampling.topK >= 0, .topK, "a count ≥ 0 (0: all)")
        try check(sampling.topP > 0 && sampling.topP <= 1, .topP, "a number in (0, 1] (1: off)")
        try check(sampling.minP >= 0 && sampling.minP <= 1, .minP, "a number in [0, 1] (0: off)")
        try check(sampling.repetitionPenalty.isFinite && sampling.repetitionPenalty > 0, .repetitionPenalty,
                  "a number > 0 (1: off)")
    }
}

/// A request field out of its range.
public struct EngineRequestError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The field at fault.
    public var field: EngineRequest.Field
    /// What is wrong with it.
    public var message: String

    public init(field: EngineRequest.Field, message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { message }
}
