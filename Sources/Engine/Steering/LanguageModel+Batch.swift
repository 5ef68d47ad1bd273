import Foundation

/// One generation of a batch: what `LanguageModel.generate(_:schedule:options:numerics:)` takes.
public struct GenerationRequest {
    public var prompt: MarkedPrompt
    /// GUIDE's bias on the prompt's spans; nil runs the model unsteered.
    public var schedule: GuideSchedule?
    /// Limits, sampling (its seed included) and stop strings; the decode hooks take no probe.
    public var options: GenerationOptions

    public init(prompt: MarkedPrompt, schedule: GuideSchedule? = nil, options: GenerationOptions = GenerationOptions()) {
        self.prompt = prompt
        self.schedule = schedule
        self.options = options
    }
}

extension LanguageModel {
    /// Generates for every request together and returns the generations in request order,
    /// each identical (tokens, text, log-probabilities, stop reason) to what
    /// `generate(_:schedule:options:numerics:)` returns for that request alone.
    ///
    /// The prompts are read one after another, through the prefix cache as a lone generation
    /// reads them; a prompt whose tokens and bias equal an earlier one's in the batch takes a
    /// copy of that one's cache instead of reading it again (the same rows, computed once).
    /// Then the generations decode together (`DecodeBatch`): each step runs one token of
    /// every generation still going through one forward call, reading the weights once.
    /// `prefillTokensPerSecond` of a copied prompt is that of the prompt it copied;
    /// `tokensPerSecond` is each generation's tokens over the batch's decode time.
    ///
    /// - Throws: as the lone `generate` would for the first request that fails;
    ///   `GenerationCancelled` (with that generation) when a request's `isCancelled` stopped it.
    public func generate(batch requests: [GenerationRequest], numerics: Numerics = .llamaCPP) throws -> [Generation] {
        guard !requests.isEmpty else { return [] }
        var prompts: [ReadPrompt] = []
        for request in requests {
            prompts.append(try readPrompt(of: request, numerics: numerics, earlier: prompts))
        }

        var progress = zip(requests, prompts).map { request, prompt in
            GenerationProgress(prompt: request.prompt.tokens, options: prompt.options, tokenizer: tokenizer)
        }
        let sessions = prompts.map(\.session)
        let batch = DecodeBatch(sessions: sessions, hooks: prompts.map(\.options.decodeHooks))
        let decodeStart = DispatchTime.now()
        var next = prompts.indices.map { i in
            progress[i].next(after: prompts[i].logits, position: sessions[i].position,
                             contextLength: sessions[i].contextLength, onText: nil)
        }
        while true {
            let running = next.indices.filter { next[$0] != nil }
            guard !running.isEmpty else { break }
            let logits = try batch.decode(running.map { next[$0]! }, in: running)
            for (i, rowLogits) in zip(running, logits) {
                next[i] = progress[i].next(after: rowLogits, position: sessions[i].position,
                                           contextLength: sessions[i].contextLength, onText: nil)
            }
        }
        let decodeSeconds = InferenceSession.seconds(since: decodeStart)

        var generations: [Generation] = []
        for i in requests.indices {
            let text = progress[i].finish(onText: nil)
            let generation = Generation(
                promptTokens: requests[i].prompt.tokens, tokens: progress[i].tokens, text: text,
                logprobs: progress[i].logprobs, stopReason: progress[i].stopReason,
                prefillTokensPerSecond: prompts[i].prefillTokensPerSecond,
                tokensPerSecond: Double(progress[i].tokens.count) / max(decodeSeconds, 1e-9))
            if generation.stopReason == .interrupted { throw GenerationCancelled(partial: generation) }
            generations.append(generation)
        }
        return generations
    }

    /// A request's prompt, read into its own session.
    private struct ReadPrompt {
        var tokens: [Int]
        var options: GenerationOptions
        var session: InferenceSession
        var logits: [Float]
        var prefillTokensPerSecond: Double
    }

    /// Reads `request`'s prompt as the lone `generate` does, or copies an `earlier` prompt's
    /// cache when the tokens and the prompt's hooks are the same.
    private func readPrompt(of request: GenerationRequest, numerics: Numerics,
                            earlier: [ReadPrompt]) throws -> ReadPrompt {
        let options = try steered(request.options, by: request.schedule, for: request.prompt)
        precondition(options.decodeHooks.probe == nil, "a batched generation's decode hooks take no probe")
        let tokens = request.prompt.tokens
        let session = try generationSession(for: request.prompt, options: options, numerics: numerics)
        guard !tokens.isEmpty else { throw InferenceError.emptyPrompt }
        let unprobed = options.promptHooks.probe == nil
        if unprobed, let twin = earlier.first(where: {
            $0.tokens == tokens && $0.options.promptHooks.probe == nil && $0.options.promptHooks.bias == options.promptHooks.bias
        }) {
            session.cache.copyPositions(tokens.count, from: twin.session.cache)
            session.advance(by: tokens.count)
            return ReadPrompt(tokens: tokens, options: options, session: session, logits: twin.logits,
                              prefillTokensPerSecond: twin.prefillTokensPerSecond)
        }
        var reused = 0, unbiased = 0
        if unprobed {
            unbiased = PrefixCache.unbiasedCount(tokens, bias: options.promptHooks.bias)
            reused = prefixCache.restore(tokens, unbiasedCount: unbiased, into: session)
        }
        let (logits, seconds) = try session.readPrompt(tokens, cachedPrefix: reused, hooks: options.promptHooks)
        if unprobed { prefixCache.store(tokens, unbiasedCount: unbiased, from: session) }
        return ReadPrompt(tokens: tokens, options: options, session: session, logits: logits,
                          prefillTokensPerSecond: Double(tokens.count - reused) / max(seconds, 1e-9))
    }
}
