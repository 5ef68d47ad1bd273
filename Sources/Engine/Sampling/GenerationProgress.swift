/// One generation between forward calls: the sampler, the tokens so far, the streamed
/// text and why it stopped. `InferenceSession.generate` drives one; `LanguageModel`'s
/// batched `generate` drives several whose forward calls run together (`DecodeBatch`).
struct GenerationProgress {
    private let options: GenerationOptions
    private let tokenizer: Tokenizer
    private var sampler: Sampler
    private var stream: TextStreamDecoder
    private var output: StopStringFilter
    private var history: [Int]
    private(set) var tokens: [Int] = []
    private(set) var logprobs: [Float] = []
    private(set) var stopReason = StopReason.tokenLimit

    init(prompt: [Int], options: GenerationOptions, tokenizer: Tokenizer) {
        self.options = options
        self.tokenizer = tokenizer
        sampler = Sampler(options: options.sampling)
        stream = TextStreamDecoder(tokenizer: tokenizer)
        output = StopStringFilter(stopStrings: options.stopStrings)
        history = prompt
    }

    /// Chooses the next token from `logits` (the model's answer to the tokens so far) and
    /// returns it when it must be run to go on; nil when the generation has ended, with
    /// `stopReason` saying why. `position` and `contextLength` are the session's.
    mutating func next(after logits: [Float], position: Int, contextLength: Int,
                       onText: ((String) -> Void)?) -> Int? {
        guard tokens.count < options.maxTokens else { return nil }
        if let isCancelled = options.isCancelled, isCancelled() {
            stopReason = .interrupted
            return nil
        }
        let token = sampler.sample(logits, history: history)
        if options.stopAtEndOfGeneration, tokenizer.endOfGenerationIDs.contains(token) {
            stopReason = .endOfGeneration(token: token)
            return nil
        }
        tokens.append(token)
        history.append(token)
        logprobs.append(Sampler.logProbability(of: token, in: logits))
        if let stop = output.append(stream.append(token), emit: onText) {
            stopReason = .stopString(stop)
            return nil
        }
        guard tokens.count < options.maxTokens else { return nil }
        guard position < contextLength else {
            stopReason = .contextFull
            return nil
        }
        return token
    }

    /// Flushes the text held back for stop strings; call once, after `next` returned nil.
    /// Returns the final text.
    mutating func finish(onText: ((String) -> Void)?) -> String {
        if case .stopString = stopReason {} else {
            if let stop = output.append(stream.finish(), emit: onText) {
                stopReason = .stopString(stop)
            }
            output.flush(emit: onText)
        }
        return output.text
    }
}
