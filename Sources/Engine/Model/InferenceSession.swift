import Foundation

/// One conversation with a model: a KV cache and the position of the next token.
///
/// Not thread-safe: one caller at a time. The forward pass itself uses every core.
public final class InferenceSession {
    /// The model this session runs.
    public let model: LanguageModel
    /// Tokens the KV cache holds at most.
    public let contextLength: Int
    /// Absolute position of the next token (= tokens in the cache).
    public private(set) var position = 0
    /// How intermediate values are rounded.
    public let numerics: Numerics
    /// Where the forward pass rounds, as `numerics` says.
    let rounding: any ForwardRounding

    /// Tokens per forward call during prefill (llama.cpp's default micro-batch).
    public static let prefillBatchSize = 512
    /// Context length of a session when none is asked for (bounded by the model's).
    public static let defaultContextLength = 4096
    /// Threads the forward pass runs on: `EngineThreads.count`.
    public static var threadCount: Int { EngineThreads.count }

    let cache: KVCache
    let buffers: ForwardBuffers
    let attentionLayers: [Attention]
    let globalRope: RotaryEmbedding
    let slidingRope: RotaryEmbedding

    /// A session with room for `contextLength` tokens (default: min(model's, 4096)).
    ///
    /// - Parameter numerics: `.llamaCPP` (default) rounds as llama.cpp does, `.float32` keeps F32.
    public init(model: LanguageModel, contextLength: Int? = nil, numerics: Numerics = .llamaCPP) throws {
        let config = model.config
        let length = contextLength ?? min(config.contextLength, Self.defaultContextLength)
        guard length >= 1, length <= config.contextLength else {
            throw InferenceError.invalidContextLength(requested: length, maximum: config.contextLength)
        }
        _ = EngineThreads.count  // settles the thread setting (and OpenBLAS's) before any product
        self.model = model
        self.contextLength = length
        self.numerics = numerics
        let rounding = numerics.rounding
        self.rounding = rounding
        cache = KVCache(layerCount: config.layerCount, capacity: length, kvHeadCount: config.kvHeadCount,
                        headDim: config.headDim, valueHeadDim: config.valueHeadDim)
        buffers = ForwardBuffers(config: config, capacity: min(length, Self.prefillBatchSize))
        attentionLayers = (0..<config.layerCount).map { layer in
            Attention(headCount: config.headCount, kvHeadCount: config.kvHeadCount, headDim: config.headDim,
                      valueHeadDim: config.valueHeadDim, scale: config.attentionScale,
                      window: config.isSlidingLayer[layer] ? config.slidingWindow : nil,
                      rounding: rounding)
        }
        globalRope = RotaryEmbedding(type: config.traits.ropeType, rotatedDims: config.ropeDimensionCount,
                                     base: config.ropeFreqBase, freqScale: config.ropeFreqScale)
        slidingRope = RotaryEmbedding(type: config.traits.ropeType, rotatedDims: config.ropeDimensionCount,
                                      base: config.ropeFreqBaseSliding, freqScale: config.ropeFreqScale)
    }

    /// Forgets every cached token; the next token goes to position 0.
    public func reset() { position = 0 }

    /// Runs `tokens` at positions `position…` in batches of `prefillBatchSize`, filling the cache.
    ///
    /// - Parameter allLogits: when true the result holds a row for every token, else only the last.
    /// - Throws: `InferenceError.emptyPrompt`, `.contextOverflow`, `.tokenOutOfRange`; the cache is
    ///   unchanged when it throws.
    public func prefill(_ tokens: [Int], hooks: AttentionHooks = .none, allLogits: Bool = false) throws -> Logits {
        guard !tokens.isEmpty else { throw InferenceError.emptyPrompt }
        try validate(tokens)
        let vocabSize = model.config.vocabSize
        let first = position
        var values: [Float] = []
        values.reserveCapacity((allLogits ? tokens.count : 1) * vocabSize)
        var start = 0
        while start < tokens.count {
            let end = min(tokens.count, start + Self.prefillBatchSize)
            let wantsLogits = allLogits || end == tokens.count
            let rows = forward(tokens[start..<end], hooks: hooks,
                               logitRows: wantsLogits ? (allLogits ? .all : .last) : .none)
            values += rows
            start = end
        }
        let positions = allLogits ? first..<position : (position - 1)..<position
        return Logits(vocabSize: vocabSize, positions: positions, values: values)
    }

    /// Runs one token at `position` and returns the next-token logits, `[vocabSize]`.
    public func decode(_ token: Int, hooks: AttentionHooks = .none) throws -> [Float] {
        try validate([token])
        return forward([token][...], hooks: hooks, logitRows: .last)
    }

    func validate(_ tokens: [Int]) throws {
        guard position + tokens.count <= contextLength else {
            throw InferenceError.contextOverflow(position: position, count: tokens.count, contextLength: contextLength)
        }
        let vocabSize = model.config.vocabSize
        if let index = tokens.firstIndex(where: { $0 < 0 || $0 >= vocabSize }) {
            throw InferenceError.tokenOutOfRange(token: tokens[index], index: index, vocabSize: vocabSize)
        }
    }

    /// Which rows of a forward call produce logits.
    enum LogitRows { case none, last, all }

    /// Advances `position` after a forward call filled the cache.
    func advance(by count: Int) { position += count }
}
