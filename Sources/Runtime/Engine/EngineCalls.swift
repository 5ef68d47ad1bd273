import Engine

/// The engine operations behind the language's builtins, on a loaded model and a prompt.
extension LoadedModel {
    /// Generates a continuation of `prompt` with GUIDE's bias from `schedule` (nil: none).
    public func generate(_ prompt: GuidePrompt, schedule: GuideSchedule?,
                         options: GenerationOptions) throws -> (prompt: MarkedPrompt, generation: Generation) {
        let marked = try prompt.marked(for: model)
        try checkFits(marked.tokens.count + 1)
        return (marked, try model.generate(marked, schedule: schedule, options: options, numerics: numerics))
    }

    /// The Influence (or Attention Rollout) of the prompt's measured `<?->` spans — or,
    /// when it has none, of its GUIDE spans — on every token after every layer, while the
    /// prompt is read under `schedule`.
    ///
    /// One forward pass measures every method; the others are kept for the next call with
    /// the same prompt and schedule (experiments ask for Influence and then Rollout).
    public func influence(_ prompt: GuidePrompt, schedule: GuideSchedule?,
                          method: InfluenceMethod) throws -> (prompt: MarkedPrompt, matrix: InfluenceMatrix) {
        let marked = try prompt.marked(for: model)
        try checkFits(marked.tokens.count)
        let request = InfluenceRequest(prompt: marked, schedule: schedule)
        if let kept = lastInfluence, kept.request == request, let matrix = kept.matrices[method] {
            return (marked, matrix)
        }
        let matrices = try model.influences(of: marked, schedule: schedule, methods: InfluenceMethod.allCases,
                                            numerics: numerics)
        let byMethod = Dictionary(uniqueKeysWithValues: matrices.map { ($0.method, $0) })
        lastInfluence = (request, byMethod)
        return (marked, byMethod[method] ?? matrices[0])
    }

    /// The natural-log probability of `continuation`'s tokens following `prompt`, summed.
    public func logprob(_ prompt: GuidePrompt, continuation: String) throws -> Double {
        let marked = try prompt.marked(for: model)
        let tail = model.tokenizer.encode(continuation)
        guard !tail.isEmpty else { throw EngineCallError.emptyContinuation }
        let all = marked.tokens + tail
        try checkFits(all.count)
        let session = try InferenceSession(model: model, contextLength: all.count, numerics: numerics)
        let logits = try session.prefill(all, allLogits: true)
        var total = 0.0
        for (offset, token) in tail.enumerated() {
            // The logits at position p predict the token at p + 1.
            let row = Array(logits.row(position: marked.tokens.count - 1 + offset))
            total += Double(Sampler.logProbability(of: token, in: row))
        }
        return total
    }

    private func checkFits(_ tokenCount: Int) throws {
        let context = model.config.contextLength
        guard tokenCount <= context else { throw EngineCallError.promptTooLong(tokens: tokenCount, context: context) }
    }
}

/// Why an engine call refused its input.
public enum EngineCallError: Error, Equatable, CustomStringConvertible {
    case noChatTemplate(model: String)
    case promptTooLong(tokens: Int, context: Int)
    case emptyContinuation

    public var description: String {
        switch self {
        case .noChatTemplate(let model): return "the model \(model) has no chat format; use prompt(text) instead"
        case .promptTooLong(let tokens, let context):
            return "the prompt needs \(tokens) tokens but the context holds \(context)"
        case .emptyContinuation: return "the continuation has no tokens"
        }
    }
}
