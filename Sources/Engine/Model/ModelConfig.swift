import Foundation

/// Hyper-parameters of a transformer, read from GGUF metadata (`<arch>.*` keys).
///
/// Keys absent from the file take the value llama.cpp uses instead (head dim = dim / heads,
/// KV heads = heads, RoPE over the whole head, base 10000, no scaling, scale 1/√headDim).
public struct ModelConfig: Sendable {
    /// Architecture-specific behaviour (RoPE type, biases, extra norms).
    public var traits: ArchitectureTraits
    /// Width of the residual stream (`embedding_length`).
    public var dim: Int
    /// Width of the feed-forward hidden layer (`feed_forward_length`).
    public var hiddenDim: Int
    /// Number of transformer blocks (`block_count`).
    public var layerCount: Int
    /// Query heads per layer.
    public var headCount: Int
    /// Key/value heads per layer; query head h uses KV head `h / (headCount / kvHeadCount)`.
    public var kvHeadCount: Int
    /// Width of one query/key head (`attention.key_length`).
    public var headDim: Int
    /// Width of one value head (`attention.value_length`).
    public var valueHeadDim: Int
    /// Number of token ids.
    public var vocabSize: Int
    /// Context length the model was trained for.
    public var contextLength: Int
    /// RMSNorm epsilon.
    public var rmsEpsilon: Float
    /// Leading dimensions of each head that RoPE rotates (`rope.dimension_count`).
    public var ropeDimensionCount: Int
    /// RoPE base of global layers (`rope.freq_base`).
    public var ropeFreqBase: Float
    /// RoPE base of sliding-window layers.
    public var ropeFreqBaseSliding: Float
    /// Positions are multiplied by this before rotation (1 / linear scaling factor).
    public var ropeFreqScale: Float
    /// Multiplier of `q·k` before bias and softmax.
    public var attentionScale: Float
    /// Sliding-window size in tokens (a query at p sees keys p−window+1…p), nil for none.
    public var slidingWindow: Int?
    /// `isSlidingLayer[l]` is true when layer l uses the sliding window.
    public var isSlidingLayer: [Bool]
    /// True when the logits come from `token_embd.weight` (no `output.weight` in the file).
    public var tiedOutput: Bool

    /// The architecture name, as in `general.architecture`.
    public var architecture: String { traits.name }
    /// Width of all query heads together.
    public var queryDim: Int { headCount * headDim }
    /// Width of all key heads together (one row of the key cache).
    public var keyDim: Int { kvHeadCount * headDim }
    /// Width of all value heads together (one row of the value cache).
    public var valueDim: Int { kvHeadCount * valueHeadDim }

    /// Reads and validates the hyper-parameters of `gguf`.
    public init(gguf: GGUFFile) throws {
        let architecture = try gguf.string("general.architecture")
        traits = try ArchitectureTraits.forArchitecture(architecture)
        let keys = MetadataReader(gguf: gguf, prefix: architecture)

        dim = try keys.positiveInt("embedding_length")
        hiddenDim = try keys.positiveInt("feed_forward_length")
        layerCount = try keys.positiveInt("block_count")
        headCount = try keys.positiveInt("attention.head_count")
        kvHeadCount = try keys.positiveInt("attention.head_count_kv", default: headCount)
        guard headCount % kvHeadCount == 0 else {
            throw ModelError.invalidHyperparameter(
                key: keys.key("attention.head_count_kv"),
                reason: "\(kvHeadCount) does not divide head_count \(headCount)")
        }
        guard dim % headCount == 0 || keys.has("attention.key_length") else {
            throw ModelError.invalidHyperparameter(
                key: keys.key("attention.head_count"),
                reason: "\(headCount) does not divide embedding_length \(dim)")
        }
        headDim = try keys.positiveInt("attention.key_length", default: dim / headCount)
        valueHeadDim = try keys.positiveInt("attention.value_length", default: headDim)
        contextLength = try keys.positiveInt("context_length")
        rmsEpsilon = try keys.float("attention.layer_norm_rms_epsilon")
        guard rmsEpsilon.isFinite, rmsEpsilon >= 0 else {
            throw ModelError.invalidHyperparameter(
                key: keys.key("attention.layer_norm_rms_epsilon"), reason: "\(rmsEpsilon) is not a finite non-negative number")
        }

        ropeDimensionCount = try keys.positiveInt("rope.dimension_count", default: headDim)
        guard ropeDimensionCount <= headDim, ropeDimensionCount % 2 == 0 else {
            throw ModelError.invalidHyperparameter(
                key: keys.key("rope.dimension_count"),
                reason: "\(ropeDimensionCount) must be even and at most the head dim \(headDim)")
        }
        ropeFreqBase = try keys.float("rope.freq_base", default: 10_000)
        ropeFreqBaseSliding = try keys.float(
            "rope.freq_base_swa", default: traits.defaultSlidingRopeBase ?? ropeFreqBase)
        ropeFreqScale = try Self.readRopeScale(keys)

        let scale = try keys.float("attention.scale", default: 0)
        attentionScale = scale != 0 ? scale : 1 / Float(headDim).squareRoot()

        let window = try keys.optionalInt("attention.sliding_window")
        if let window, window > 0 {
            slidingWindow = window
            let pattern = try keys.optionalInt("attention.sliding_window_pattern")
                ?? traits.defaultSlidingWindowPattern
            isSlidingLayer = (0..<layerCount).map { layer in
                guard let pattern, pattern > 0 else { return true }
                return (layer + 1) % pattern != 0
            }
        } else {
            slidingWindow = nil
            isSlidingLayer = Array(repeating: false, count: layerCount)
        }

        guard let embedding = gguf.tensor("token_embd.weight") else {
            throw ModelError.missingTensor(name: "token_embd.weight")
        }
        let embeddingRows = embedding.shape.count == 2 ? embedding.shape[1] : 0
        vocabSize = try keys.positiveInt("vocab_size", default: embeddingRows)
        tiedOutput = gguf.tensor("output.weight") == nil
    }

    /// `rope.scaling.type` none/linear (or the older `rope.scale_linear`) as a position multiplier.
    private static func readRopeScale(_ keys: MetadataReader) throws -> Float {
        let type = try keys.optionalString("rope.scaling.type") ?? "none"
        switch type {
        case "none":
            let legacy = try keys.float("rope.scale_linear", default: 1)
            return legacy > 0 ? 1 / legacy : 1
        case "linear":
            let factor = try keys.float("rope.scaling.factor", default: 1)
            guard factor > 0, factor.isFinite else {
                throw ModelError.invalidHyperparameter(
                    key: keys.key("rope.scaling.factor"), reason: "\(factor) must be positive")
            }
            return 1 / factor
        default:
            throw ModelError.unsupportedRopeScaling(found: type, supported: ["none", "linear"])
        }
    }
}

/// Typed access to `<arch>.<name>` metadata with defaults for absent keys.
struct MetadataReader {
    let gguf: GGUFFile
    let prefix: String

    func key(_ name: String) -> String { "\(prefix).\(name)" }

    func has(_ name: String) -> Bool { gguf.has(key(name)) }

    func optionalInt(_ name: String) throws -> Int? {
        has(name) ? try gguf.int(key(name)) : nil
    }

    func optionalString(_ name: String) throws -> String? {
        has(name) ? try gguf.string(key(name)) : nil
    }

    /// A positive integer; `default` when absent (nil default = required).
    func positiveInt(_ name: String, default fallback: Int? = nil) throws -> Int {
        let value: Int
        if has(name) {
            value = try gguf.int(key(name))
        } else if let fallback {
            value = fallback
        } else {
            throw ModelError.invalidHyperparameter(key: key(name), reason: "missing")
        }
        // 1 << 24 bounds every size so that products of two sizes cannot overflow.
        guard value > 0, value <= 1 << 24 else {
            throw ModelError.invalidHyperparameter(key: key(name), reason: "\(value) is outside 1...\(1 << 24)")
        }
        return value
    }

    /// A float; `default` when absent (nil default = required).
    func float(_ name: String, default fallback: Float? = nil) throws -> Float {
        if has(name) { return try gguf.float(key(name)) }
        if let fallback { return fallback }
        throw ModelError.invalidHyperparameter(key: key(name), reason: "missing")
    }
}
