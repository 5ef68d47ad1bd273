/// How a model rotates query/key pairs.
public enum RopeType: String, Sendable {
    /// Consecutive pairs `(x[2i], x[2i+1])` (llama.cpp `LLAMA_ROPE_TYPE_NORM`).
    case norm
    /// Pairs `(x[i], x[i + nRot/2])`, HF `rotate_half` (llama.cpp `LLAMA_ROPE_TYPE_NEOX`).
    case neox
}

/// The feed-forward gate's activation.
public enum FeedForwardActivation: String, Sendable {
    /// `x·σ(x)` (SwiGLU).
    case silu
    /// GELU, tanh approximation (GeGLU).
    case geluTanh
}

/// The small ways architectures differ inside the one transformer.
///
/// Facts that llama.cpp hard-codes per architecture rather than reading from the file live
/// here, so a new architecture is a new value, not a new forward pass.
public struct ArchitectureTraits: Sendable {
    /// The `general.architecture` string.
    public var name: String
    /// RoPE pairing.
    public var ropeType: RopeType
    /// Gate activation of the feed-forward block.
    public var activation: FeedForwardActivation
    /// Whether the layers carry `attn_q/k/v.bias` (required when true).
    public var hasQKVBias: Bool
    /// Whether each head's queries and keys are RMS-normalised before RoPE (`attn_q_norm`, `attn_k_norm`).
    public var hasQKNorm: Bool
    /// Whether the attention and FFN outputs are RMS-normalised before the residual add
    /// (`post_attention_norm`, `post_ffw_norm`).
    public var hasPostNorms: Bool
    /// Whether token embeddings are multiplied by `sqrt(dim)`.
    public var scalesEmbedding: Bool
    /// For sliding-window models without a pattern key: layer `l` is global iff
    /// `(l + 1) % pattern == 0`; nil means every layer is global.
    public var defaultSlidingWindowPattern: Int?
    /// RoPE base of sliding-window layers when the file has no `rope.freq_base_swa`.
    public var defaultSlidingRopeBase: Float?

    /// Traits of the architectures this engine runs, by `general.architecture`.
    public static let known: [String: ArchitectureTraits] = [
        "llama": ArchitectureTraits(
            name: "llama", ropeType: .norm, activation: .silu, hasQKVBias: false, hasQKNorm: false,
            hasPostNorms: false, scalesEmbedding: false, defaultSlidingWindowPattern: nil,
            defaultSlidingRopeBase: nil),
        "qwen2": ArchitectureTraits(
            name: "qwen2", ropeType: .neox, activation: .silu, hasQKVBias: true, hasQKNorm: false,
            hasPostNorms: false, scalesEmbedding: false, defaultSlidingWindowPattern: nil,
            defaultSlidingRopeBase: nil),
        "gemma3": ArchitectureTraits(
            name: "gemma3", ropeType: .neox, activation: .geluTanh, hasQKVBias: false, hasQKNorm: true,
            hasPostNorms: true, scalesEmbedding: true, defaultSlidingWindowPattern: 6,
            defaultSlidingRopeBase: 10_000),
    ]

    /// The traits for `architecture`, or `ModelError.unsupportedArchitecture`.
    public static func forArchitecture(_ architecture: String) throws -> ArchitectureTraits {
        guard let traits = known[architecture] else {
            throw ModelError.unsupportedArchitecture(found: architecture, supported: known.keys.sorted())
        }
        return traits
    }
}
