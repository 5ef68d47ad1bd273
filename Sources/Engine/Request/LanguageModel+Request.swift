/// The engine's entries for a request: generating and measuring Influence here; scoring a
/// continuation, next-token and prompt log-probabilities and attention maps in
/// `LanguageModel+Measurements.swift`. Each validates the request, tokenizes its prompt, checks that
/// it fits the context and runs from an empty KV cache sized for the call.
extension LanguageModel {
    /// A generation and the prompt it continued.
    public struct GenerateResult {
        /// The prompt as run: tokens and span positions.
        public var prompt: MarkedPrompt
        /// The generated tokens, text and timings.
        public var generation: Generation
    }

    /// An Influence (or Rollout) matrix and the prompt it measured.
    public struct InfluenceResult {
        /// The prompt as run: tokens and span positions.
        public var prompt: MarkedPrompt
        /// One row per layer (−1 first), one column per prompt token.
        public var matrix: InfluenceMatrix
    }

    /// Generates a continuation of the request's prompt with its schedule's bias on the
    /// spans (prompt only when the schedule's steps are `.prefill`).
    ///
    /// - Parameter onText: receives the text as it becomes final.
    public func generate(_ request: EngineRequest, onText: ((String) -> Void)? = nil) throws -> GenerateResult {
        let marked = try prepare(request, reserving: 1)
        let generation = try generate(marked, schedule: request.schedule, options: generationOptions(request),
                                      numerics: request.numerics, onText: onText)
        return GenerateResult(prompt: marked, generation: generation)
    }

    /// Generates for every request together (`generate(batch:numerics:)`): each result is
    /// what `generate(_:onText:)` returns for that request alone, the decoding of all of them
    /// sharing each read of the weights. The requests share one numerics.
    public func generate(batch requests: [EngineRequest]) throws -> [GenerateResult] {
        guard let numerics = requests.first?.numerics else { return [] }
        precondition(requests.allSatisfy { $0.numerics == numerics }, "a batch runs in one numerics")
        var prompts: [MarkedPrompt] = [], batch: [GenerationRequest] = []
        for request in requests {
            let marked = try prepare(request, reserving: 1)
            prompts.append(marked)
            batch.append(GenerationRequest(prompt: marked, schedule: request.schedule,
                                           options: generationOptions(request)))
        }
        return try zip(prompts, generate(batch: batch, numerics: numerics)).map {
            GenerateResult(prompt: $0, generation: $1)
        }
    }

    /// The Influence (or Attention Rollout) of the prompt's measured `<?->` spans — or,
    /// when it has none, of its GUIDE spans — on every token after every layer, while the
    /// prompt is read under the request's schedule.
    public func influence(_ request: EngineRequest, method: InfluenceMethod = .influence) throws -> InfluenceResult {
        try influences(request, methods: [method])[0]
    }

    /// Several methods' results (as `influence(_:method:)`) from one forward pass, in the
    /// order of `methods` (one `.influence` when it is empty).
    public func influences(_ request: EngineRequest, methods: [InfluenceMethod]) throws -> [InfluenceResult] {
        let marked = try prepare(request)
        let probe = InfluenceProbe(indicator: try measuredIndicator(marked), layerCount: config.layerCount,
                                   methods: methods.isEmpty ? [.influence] : methods)
        try run(marked, schedule: request.schedule, probe: AttentionProbeGroup.combining(probe, with: request.probes),
                batchSize: InferenceSession.prefillBatchSize, numerics: request.numerics)
        return probe.matrices.map { InfluenceResult(prompt: marked, matrix: $0) }
    }

    /// The limits, sampling, stop strings, cancellation and probes of a generation request.
    func generationOptions(_ request: EngineRequest) -> GenerationOptions {
        var options = GenerationOptions(maxTokens: request.maxTokens, sampling: request.sampling,
                                        stopStrings: request.stopStrings)
        options.isCancelled = request.isCancelled
        options.promptHooks.probe = AttentionProbeGroup.combining(request.probes)
        return options
    }

    /// The request validated and its prompt tokenized, with room for `reserving` more
    /// positions in the context.
    func prepare(_ request: EngineRequest, reserving: Int = 0) throws -> MarkedPrompt {
        try request.validate()
        try request.schedule?.validate(layerCount: config.layerCount)
        let marked = try request.prompt.marked(by: tokenizer)
        try checkFits(marked.tokens.count + reserving)
        return marked
    }

    func checkFits(_ tokenCount: Int) throws {
        guard tokenCount <= config.contextLength else {
            throw EngineRequestError(field: .prompt, message:
                "the prompt needs \(tokenCount) tokens but the context holds \(config.contextLength)")
        }
    }
}
