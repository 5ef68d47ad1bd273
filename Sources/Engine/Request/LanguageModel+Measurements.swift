import Foundation

/// The engine's measuring entries: how likely a continuation is, the next-token
/// distribution, the log-probability of each prompt token, one layer's attention map. Each
/// reads the prompt under the request's schedule exactly as generation would (the prompt
/// bias on the prompt; on continuation tokens the bias generated tokens get, none when the
/// schedule's steps are `.prefill`) from an empty KV cache sized for the call.
extension LanguageModel {
    /// The next-token distribution after a prompt.
    public struct NextTokensResult {
        /// The prompt as run: tokens and span positions.
        public var prompt: MarkedPrompt
        /// The most likely next tokens, most likely first (lower id first on ties), with
        /// their natural-log probabilities over the whole vocabulary.
        public var candidates: [(token: Int, logprob: Double)]
    }

    /// The log-probability of each prompt token given the tokens before it.
    public struct PromptLogprobsResult {
        /// The prompt as run: tokens and span positions.
        public var prompt: MarkedPrompt
        /// `logprobs[i]` for token i; nil for the first token, which nothing predicts.
        public var logprobs: [Double?]
    }

    /// One layer's attention over a prompt.
    public struct AttentionResult {
        /// The prompt as run: tokens and span positions.
        public var prompt: MarkedPrompt
        /// The 0-based layer.
        public var layer: Int
        /// The 0-based head, nil for the average over heads.
        public var head: Int?
        /// `rows[i][j]`: attention of query token i on key token j (0 for j > i); each row
        /// sums to 1 up to the rounding of the request's numerics.
        public var rows: [[Float]]
    }

    /// The natural-log probability of `continuation`'s tokens following the request's
    /// prompt, summed, under the request's schedule (sampling options are not used).
    public func score(_ request: EngineRequest, continuation: String) throws -> Double {
        let marked = try prepareMeasured(request)
        let tail = tokenizer.encode(continuation)
        guard !tail.isEmpty else {
            throw EngineRequestError(field: .continuation, message: "the continuation has no tokens")
        }
        var total = 0.0
        let first = marked.tokens.count - 1
        try forEachLogitRow(marked, tail: tail, schedule: request.schedule, numerics: request.numerics,
                            wanted: first..<(first + tail.count)) { position, row in
            total += LogSoftmax(row).logprob(tail[position - first], in: row)
        }
        return total
    }

    /// The `count` most likely tokens to follow the request's prompt under its schedule.
    public func nextTokens(_ request: EngineRequest, count: Int) throws -> NextTokensResult {
        let marked = try prepareMeasured(request)
        guard count >= 1 else {
            throw EngineRequestError(field: .topK, message: "expected a count ≥ 1")
        }
        let last = marked.tokens.count - 1
        var candidates: [(token: Int, logprob: Double)] = []
        try forEachLogitRow(marked, schedule: request.schedule, numerics: request.numerics,
                            wanted: last..<(last + 1)) { _, row in
            let values = Array(row)
            let normalizer = LogSoftmax(row)
            candidates = Sampler.largest(min(count, values.count), of: Array(values.indices), by: values)
                .map { ($0, normalizer.logprob($0, in: row)) }
        }
        return NextTokensResult(prompt: marked, candidates: candidates)
    }

    /// The log-probability of every prompt token after the ones before it, under the
    /// request's schedule (the first token's is nil).
    public func promptLogprobs(_ request: EngineRequest) throws -> PromptLogprobsResult {
        let marked = try prepareMeasured(request)
        var logprobs = [Double?](repeating: nil, count: marked.tokens.count)
        try forEachLogitRow(marked, schedule: request.schedule, numerics: request.numerics,
                            wanted: 0..<(marked.tokens.count - 1)) { position, row in
            logprobs[position + 1] = LogSoftmax(row).logprob(marked.tokens[position + 1], in: row)
        }
        return PromptLogprobsResult(prompt: marked, logprobs: logprobs)
    }

    /// The attention of `layer` (0-based) over the request's prompt under its schedule:
    /// one `head` (0-based), or the average over heads when it is nil. Memory is tokens²
    /// floats for that layer only; the request's probes see the same pass.
    public func attention(_ request: EngineRequest, layer: Int, head: Int? = nil) throws -> AttentionResult {
        guard (0..<config.layerCount).contains(layer) else {
            throw EngineRequestError(field: .layer, message:
                "layer \(layer) does not exist: the model has layers 0...\(config.layerCount - 1)")
        }
        if let head, !(0..<config.headCount).contains(head) {
            throw EngineRequestError(field: .head, message:
                "head \(head) does not exist: the model has heads 0...\(config.headCount - 1)")
        }
        let marked = try prepareMeasured(request)
        let probe = AttentionMapProbe(layer: layer, head: head)
        try run(marked, schedule: request.schedule, probe: AttentionProbeGroup.combining(probe, with: request.probes),
                batchSize: InferenceSession.prefillBatchSize, numerics: request.numerics)
        return AttentionResult(prompt: marked, layer: layer, head: head, rows: probe.rows)
    }

    /// The request prepared as for every entry; a prompt without tokens has nothing to measure.
    private func prepareMeasured(_ request: EngineRequest) throws -> MarkedPrompt {
        let marked = try prepare(request)
        guard !marked.tokens.isEmpty else { throw InferenceError.emptyPrompt }
        return marked
    }

    /// Runs the prompt's tokens, then `tail`, through a fresh session with the schedule's
    /// bias, and hands `visit` the logits computed at each position in `wanted` (they
    /// predict the token after it). Logit rows are only computed for the forward calls
    /// that hold a wanted position, one call of at most `prefillBatchSize` tokens at a time.
    private func forEachLogitRow(_ marked: MarkedPrompt, tail: [Int] = [], schedule: GuideSchedule?,
                                 numerics: Numerics, wanted: Range<Int>,
                                 _ visit: (Int, ArraySlice<Float>) throws -> Void) throws {
        let tokens = marked.tokens + tail
        try checkFits(tokens.count)
        let promptBias = schedule?.promptBias(spans: marked.spans, layerCount: config.layerCount)
        // Continuation tokens get the bias generated tokens would: the same as the prompt's
        // unless the schedule biases only the prompt.
        let segments: [(tokens: Range<Int>, bias: AttentionBias?)] =
            schedule?.steps == .prefill && !tail.isEmpty
                ? [(0..<marked.tokens.count, promptBias), (marked.tokens.count..<tokens.count, nil)]
                : [(0..<tokens.count, promptBias)]
        let session = try InferenceSession(model: self, contextLength: max(tokens.count, 1), numerics: numerics)
        for segment in segments {
            var start = segment.tokens.lowerBound
            while start < segment.tokens.upperBound {
                let end = min(segment.tokens.upperBound, start + InferenceSession.prefillBatchSize)
                let visited = wanted.clamped(to: start..<end)
                // The last row alone comes without asking for every row's logits.
                let onlyLast = visited == (end - 1)..<end
                let logits = try session.prefill(Array(tokens[start..<end]), hooks: AttentionHooks(bias: segment.bias),
                                                 allLogits: !visited.isEmpty && !onlyLast)
                for position in visited { try visit(position, logits.row(position: position)) }
                start = end
            }
        }
    }
}

/// The log of a softmax's normalizer over one logit row, in double precision: the
/// log-probability of token t is `logits[t] − log Σⱼ exp(logits[j])`.
struct LogSoftmax {
    private let logNormalizer: Double

    init(_ logits: ArraySlice<Float>) {
        let maximum = Double(logits.max() ?? 0)
        var total = 0.0
        for v in logits { total += exp(Double(v) - maximum) }
        logNormalizer = maximum + log(total)
    }

    /// The natural-log probability of `token` under `logits` (the row this was built from).
    func logprob(_ token: Int, in logits: ArraySlice<Float>) -> Double {
        Double(logits[logits.startIndex + token]) - logNormalizer
    }
}
