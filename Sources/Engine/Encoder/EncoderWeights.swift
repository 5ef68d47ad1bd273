/// One post-LayerNorm BERT layer: self-attention, then a GELU feed-forward block, each
/// added to the residual and normalised.
struct EncoderLayerWeights {
    let query: WeightMatrix, queryBias: [Float]
    let key: WeightMatrix, keyBias: [Float]
    let value: WeightMatrix, valueBias: [Float]
    let attentionOutput: WeightMatrix, attentionOutputBias: [Float]
    let attentionNormWeight: [Float], attentionNormBias: [Float]
    let feedForwardIn: WeightMatrix, feedForwardInBias: [Float]
    let feedForwardOut: WeightMatrix, feedForwardOutBias: [Float]
    let outputNormWeight: [Float], outputNormBias: [Float]
}

/// The encoder's tensors, each checked for type and size: Q4_0 matrices stay in the file's
/// memory map, the F32 vectors (biases, norms, position and type embeddings) are copied.
struct EncoderWeights {
    /// `vocabularySize × dim`, Q4_0.
    let wordEmbedding: WeightMatrix
    /// `maxPositions × dim`, row p for position p (0 at `<s>`).
    let positionEmbedding: [Float]
    /// Row 0 of the token-type embedding (every token has type 0).
    let tokenTypeEmbedding: [Float]
    let embeddingNormWeight: [Float]
    let embeddingNormBias: [Float]
    let layers: [EncoderLayerWeights]

    init(file: EncoderFile) throws {
        let c = file.config
        let h = c.dim, ff = c.hiddenDim
        wordEmbedding = try file.matrix("emb.word", rows: c.vocabularySize, cols: h)
        positionEmbedding = try file.floats("emb.pos", count: c.maxPositions * h)
        tokenTypeEmbedding = Array(try file.floats("emb.type", count: c.typeVocabularySize * h)[0..<h])
        embeddingNormWeight = try file.floats("emb.ln.w", count: h)
        embeddingNormBias = try file.floats("emb.ln.b", count: h)
        layers = try (0..<c.layerCount).map { l in
            let p = "l\(l)."
            return EncoderLayerWeights(
                query: try file.matrix(p + "q.w", rows: h, cols: h), queryBias: try file.floats(p + "q.b", count: h),
                key: try file.matrix(p + "k.w", rows: h, cols: h), keyBias: try file.floats(p + "k.b", count: h),
                value: try file.matrix(p + "v.w", rows: h, cols: h), valueBias: try file.floats(p + "v.b", count: h),
                attentionOutput: try file.matrix(p + "ao.w", rows: h, cols: h),
                attentionOutputBias: try file.floats(p + "ao.b", count: h),
                attentionNormWeight: try file.floats(p + "aln.w", count: h),
                attentionNormBias: try file.floats(p + "aln.b", count: h),
                feedForwardIn: try file.matrix(p + "fi.w", rows: ff, cols: h),
                feedForwardInBias: try file.floats(p + "fi.b", count: ff),
                feedForwardOut: try file.matrix(p + "fo.w", rows: h, cols: ff),
                feedForwardOutBias: try file.floats(p + "fo.b", count: h),
                outputNormWeight: try file.floats(p + "oln.w", count: h),
                outputNormBias: try file.floats(p + "oln.b", count: h))
        }
    }
}
