/// The sizes of a BERT-family encoder, read from an encoder file's header.
public struct EncoderConfig: Equatable, Sendable {
    /// Hidden size (384 for e5-small).
    public let dim: Int
    /// Number of transformer layers (12).
    public let layerCount: Int
    /// Attention heads per layer (12).
    public let headCount: Int
    /// Feed-forward inner size (1536).
    public let hiddenDim: Int
    /// Rows of the word-embedding table (250,037).
    public let vocabularySize: Int
    /// Positions the position embedding covers (512), special tokens included.
    public let maxPositions: Int
    /// Rows of the token-type embedding (2; the encoder uses row 0).
    public let typeVocabularySize: Int
    /// LayerNorm epsilon (1e-12).
    public let layerNormEpsilon: Float

    /// Dimensions of one attention head.
    public var headDim: Int { dim / headCount }
    /// Content tokens per window: the positions minus `<s>` and `</s>`.
    public var windowContentTokens: Int { maxPositions - 2 }
}
