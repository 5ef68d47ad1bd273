/// GUIDE on a loaded model: prompts with marked spans, steered generation, Influence.
extension LanguageModel {
    /// Tokenizes `tagged`: tags removed, the text tokenized once (or piece by piece with
    /// `.pieces`), each span mapped to its tokens, BOS first when the tokenizer adds one.
    /// Throws `SpanTagError` on bad tags.
    public func markedPrompt(_ tagged: String, tokenization: SpanTokenization = .whole) throws -> MarkedPrompt {
        try MarkedPrompt(tagged: tagged, tokenizer: tokenizer, tokenization: tokenization)
    }

    /// Formats `messages` with the model's chat template; tags inside message contents
    /// survive the template and mark the message's own tokens.
    ///
    /// - Throws: the chat template's error when the model has none the engine reads, or
    ///   `SpanMappingError` naming the message.
    public func markedChat(_ messages: [ChatMessage], addGenerationPrompt: Bool = true,
                           tokenization: SpanTokenization = .whole) throws -> MarkedPrompt {
        try chatPrompt(messages, addGenerationPrompt: addGenerationPrompt, tokenization: tokenization)
            .marked(by: tokenizer)
    }

    /// `messages` in the model's chat format, as a request's prompt; tags inside message
    /// contents survive the template.
    ///
    /// - Throws: `ChatTemplateError` when the model has no chat format the engine reads, or
    ///   `SpanMappingError` naming the message.
    public func chatPrompt(_ messages: [ChatMessage], addGenerationPrompt: Bool = true,
                           tokenization: SpanTokenization = .whole) throws -> PromptSource {
        try PromptSource(chat: messages, template: chatTemplate ?? ChatTemplate(gguf: gguf),
                         addGenerationPrompt: addGenerationPrompt, tokenization: tokenization)
    }

    /// One row per prompt token: position, id, vocabulary piece, decoded text, span level.
    public func tokenTable(_ prompt: MarkedPrompt) -> [MarkedToken] {
        prompt.tokens.enumerated().map { position, id in
            MarkedToken(position: position, id: id, piece: tokenizer.piece(id),
                        text: tokenizer.decode([id], renderSpecial: true), level: prompt.level(ofToken: position))
        }
    }

    /// Generates from `prompt` with `schedule` biasing its GUIDE spans (nil: unsteered).
    /// The schedule's `steps` decides whether generated tokens get the bias too.
    public func generate(_ prompt: MarkedPrompt, schedule: GuideSchedule?,
                         options: GenerationOptions = GenerationOptions(), numerics: Numerics = .llamaCPP,
                         onText: ((String) -> Void)? = nil) throws -> Generation {
        let options = try steered(options, by: schedule, for: prompt)
        let session = try generationSession(for: prompt, options: options, numerics: numerics)
        // A probe must see every row, so only unprobed prompts share rows with the last one.
        guard options.promptHooks.probe == nil, !prompt.tokens.isEmpty else {
            return try session.generate(prompt: prompt.tokens, options: options, onText: onText)
        }
        let unbiased = PrefixCache.unbiasedCount(prompt.tokens, bias: options.promptHooks.bias)
        let reused = prefixCache.restore(prompt.tokens, unbiasedCount: unbiased, into: session)
        return try session.generate(prompt: prompt.tokens, cachedPrefix: reused, options: options,
                                    afterPrompt: { [prefixCache] in
                                        prefixCache.store(prompt.tokens, unbiasedCount: unbiased, from: session)
                                    },
                                    onText: onText)
    }

    /// `options` with `schedule`'s biases on `prompt`'s GUIDE spans as its hooks' biases.
    func steered(_ options: GenerationOptions, by schedule: GuideSchedule?,
                 for prompt: MarkedPrompt) throws -> GenerationOptions {
        guard let schedule else { return options }
        try schedule.validate(layerCount: config.layerCount)
        var options = options
        options.promptHooks.bias = schedule.promptBias(spans: prompt.spans, layerCount: config.layerCount)
        options.decodeHooks.bias = schedule.decodeBias(spans: prompt.spans, layerCount: config.layerCount)
        return options
    }

    /// A session with room for `prompt` and `options.maxTokens` more tokens.
    func generationSession(for prompt: MarkedPrompt, options: GenerationOptions,
                           numerics: Numerics) throws -> InferenceSession {
        let length = min(config.contextLength, prompt.tokens.count + max(options.maxTokens, 0))
        return try InferenceSession(model: self, contextLength: max(length, 1), numerics: numerics)
    }

    /// Influence (or Attention Rollout) of the prompt's measured spans on every token after
    /// every layer, with `schedule` steering the pass (nil: unsteered).
    ///
    /// The measured spans are the `<?->` spans; a prompt without one measures its GUIDE
    /// spans. Memory beyond the model and KV cache is O(tokens · layers).
    /// - Parameters:
    ///   - batchSize: prompt tokens per forward call (the result does not depend on it).
    ///   - numerics: the forward pass's rounding, as for generation.
    public func influence(of prompt: MarkedPrompt, schedule: GuideSchedule? = nil,
                          method: InfluenceMethod = .influence,
                          batchSize: Int = InferenceSession.prefillBatchSize,
                          numerics: Numerics = .llamaCPP) throws -> InfluenceMatrix {
        try influences(of: prompt, schedule: schedule, methods: [method], batchSize: batchSize,
                       numerics: numerics)[0]
    }

    /// Several methods' matrices (as `influence(of:)`) from one forward pass, in the order
    /// of `methods` (which must not be empty).
    public func influences(of prompt: MarkedPrompt, schedule: GuideSchedule? = nil,
                           methods: [InfluenceMethod] = InfluenceMethod.allCases,
                           batchSize: Int = InferenceSession.prefillBatchSize,
                           numerics: Numerics = .llamaCPP) throws -> [InfluenceMatrix] {
        let probe = InfluenceProbe(indicator: try measuredIndicator(prompt), layerCount: config.layerCount,
                                   methods: methods.isEmpty ? [.influence] : methods)
        try run(prompt, schedule: schedule, probe: probe, batchSize: batchSize, numerics: numerics)
        return probe.matrices
    }

    /// The head-averaged attention of `layer` (0-based) over the prompt, `[query][key]`,
    /// with `schedule` steering the pass: tokens² floats, for plots.
    public func attentionMap(of prompt: MarkedPrompt, layer: Int, schedule: GuideSchedule? = nil,
                             numerics: Numerics = .llamaCPP) throws -> [[Float]] {
        guard (0..<config.layerCount).contains(layer) else {
            throw GuideScheduleError.layerOutOfRange(layer, layerCount: config.layerCount)
        }
        let probe = AttentionMapProbe(layer: layer)
        try run(prompt, schedule: schedule, probe: probe, batchSize: InferenceSession.prefillBatchSize,
                numerics: numerics)
        return probe.rows
    }

    /// The indicator of the measured spans (or of the GUIDE spans when none is measured).
    func measuredIndicator(_ prompt: MarkedPrompt) throws -> [Float] {
        let measured = prompt.spans.contains { $0.level == .measured }
        guard measured || !prompt.spans.isEmpty else { throw SteeringError.noSpanToMeasure }
        var indicator = [Float](repeating: 0, count: prompt.tokens.count)
        for span in prompt.spans where (span.level == .measured) == measured {
            for position in span.tokens { indicator[position] = 1 }
        }
        return indicator
    }

    /// Prefills `prompt` in batches of `batchSize` with the schedule's bias and `probe`.
    func run(_ prompt: MarkedPrompt, schedule: GuideSchedule?, probe: AttentionProbe,
                     batchSize: Int, numerics: Numerics) throws {
        try schedule?.validate(layerCount: config.layerCount)
        let bias = schedule?.promptBias(spans: prompt.spans, layerCount: config.layerCount)
        let session = try InferenceSession(model: self, contextLength: max(prompt.tokens.count, 1),
                                           numerics: numerics)
        let hooks = AttentionHooks(bias: bias, probe: probe)
        var start = 0
        while start < prompt.tokens.count {
            let end = min(prompt.tokens.count, start + max(batchSize, 1))
            _ = try session.prefill(Array(prompt.tokens[start..<end]), hooks: hooks)
            start = end
        }
    }
}

/// One prompt token with its span mark, for token tables.
public struct MarkedToken: Sendable, Hashable {
    /// 0-based position in the prompt.
    public var position: Int
    /// Token id.
    public var id: Int
    /// The vocabulary string of the token.
    public var piece: String
    /// The token decoded on its own (special tokens rendered).
    public var text: String
    /// The level of the span holding the token, nil outside spans.
    public var level: SpanLevel?
}

/// A steering request the model cannot serve.
public enum SteeringError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Influence was asked of a prompt with no marked span.
    case noSpanToMeasure

    public var description: String {
        switch self {
        case .noSpanToMeasure:
            return "the prompt marks no span to measure: mark one with <?-> … <-?> (or a GUIDE tag)"
        }
    }
}
