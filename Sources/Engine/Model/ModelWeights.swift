/// The weights of one transformer block. Matrices map `cols` inputs to `rows` outputs.
struct LayerWeights {
    /// RMSNorm multipliers before attention, `[dim]`.
    let attentionNorm: [Float]
    /// Query projection, `queryDim × dim`.
    let query: WeightMatrix
    /// Key projection, `keyDim × dim`.
    let key: WeightMatrix
    /// Value projection, `valueDim × dim`.
    let value: WeightMatrix
    /// Optional biases added right after the projections, `[queryDim]`, `[keyDim]`, `[valueDim]`.
    let queryBias: [Float]?
    let keyBias: [Float]?
    let valueBias: [Float]?
    /// Per-head RMSNorm multipliers of queries and keys, `[headDim]` (QK-norm architectures).
    let queryNorm: [Float]?
    let keyNorm: [Float]?
    /// Attention output projection, `dim × (headCount · valueHeadDim)`.
    let attentionOutput: WeightMatrix
    /// RMSNorm of the attention output before the residual add, `[dim]` (post-norm architectures).
    let postAttentionNorm: [Float]?
    /// RMSNorm multipliers before the feed-forward block, `[dim]`.
    let ffnNorm: [Float]
    /// Gate and up projections, `hiddenDim × dim`.
    let gate: WeightMatrix
    let up: WeightMatrix
    /// Down projection, `dim × hiddenDim`.
    let down: WeightMatrix
    /// RMSNorm of the feed-forward output before the residual add, `[dim]` (post-norm architectures).
    let postFFNNorm: [Float]?
}

/// All weights of a model, checked against its `ModelConfig`.
struct ModelWeights {
    /// Token embeddings, `vocabSize × dim` (row t is token t).
    let embedding: WeightMatrix
    /// Final RMSNorm multipliers, `[dim]`.
    let outputNorm: [Float]
    /// LM head, `vocabSize × dim` (the embedding matrix itself when tied).
    let output: WeightMatrix
    let layers: [LayerWeights]

    init(gguf: GGUFFile, config: ModelConfig) throws {
        let loader = TensorLoader(gguf: gguf)
        let c = config
        embedding = try loader.matrix("token_embd.weight", rows: c.vocabSize, cols: c.dim)
        outputNorm = try loader.vector("output_norm.weight", count: c.dim)
        output = c.tiedOutput ? embedding : try loader.matrix("output.weight", rows: c.vocabSize, cols: c.dim)
        let traits = c.traits
        layers = try (0..<c.layerCount).map { l in
            let p = "blk.\(l)."
            return LayerWeights(
                attentionNorm: try loader.vector(p + "attn_norm.weight", count: c.dim),
                query: try loader.matrix(p + "attn_q.weight", rows: c.queryDim, cols: c.dim),
                key: try loader.matrix(p + "attn_k.weight", rows: c.keyDim, cols: c.dim),
                value: try loader.matrix(p + "attn_v.weight", rows: c.valueDim, cols: c.dim),
                queryBias: traits.hasQKVBias ? try loader.vector(p + "attn_q.bias", count: c.queryDim) : nil,
                keyBias: traits.hasQKVBias ? try loader.vector(p + "attn_k.bias", count: c.keyDim) : nil,
                valueBias: traits.hasQKVBias ? try loader.vector(p + "attn_v.bias", count: c.valueDim) : nil,
                queryNorm: traits.hasQKNorm ? try loader.vector(p + "attn_q_norm.weight", count: c.headDim) : nil,
                keyNorm: traits.hasQKNorm ? try loader.vector(p + "attn_k_norm.weight", count: c.headDim) : nil,
                attentionOutput: try loader.matrix(
                    p + "attn_output.weight", rows: c.dim, cols: c.headCount * c.valueHeadDim),
                postAttentionNorm: traits.hasPostNorms
                    ? try loader.vector(p + "post_attention_norm.weight", count: c.dim) : nil,
                ffnNorm: try loader.vector(p + "ffn_norm.weight", count: c.dim),
                gate: try loader.matrix(p + "ffn_gate.weight", rows: c.hiddenDim, cols: c.dim),
                up: try loader.matrix(p + "ffn_up.weight", rows: c.hiddenDim, cols: c.dim),
                down: try loader.matrix(p + "ffn_down.weight", rows: c.dim, cols: c.hiddenDim),
                postFFNNorm: traits.hasPostNorms ? try loader.vector(p + "post_ffw_norm.weight", count: c.dim) : nil)
        }
    }
}

/// Looks up tensors by name and checks their shapes (ggml order: `[cols, rows]`).
private struct TensorLoader {
    let gguf: GGUFFile

    func tensor(_ name: String) throws -> GGUFTensor {
        guard let tensor = gguf.tensor(name) else { throw ModelError.missingTensor(name: name) }
        return tensor
    }

    func matrix(_ name: String, rows: Int, cols: Int) throws -> WeightMatrix {
        let t = try tensor(name)
        guard t.shape == [cols, rows] else {
            throw ModelError.tensorShape(name: name, found: t.shape, expected: [cols, rows])
        }
        return try WeightMatrix(t)
    }

    /// A 1-D F32 or F16 tensor of `count` elements, copied out as floats.
    func vector(_ name: String, count: Int) throws -> [Float] {
        let t = try tensor(name)
        guard t.shape == [count] else {
            throw ModelError.tensorShape(name: name, found: t.shape, expected: [count])
        }
        switch t.type {
        case .f32 where t.byteCount >= count * 4:
            return (0..<count).map { t.data.loadUnaligned(fromByteOffset: $0 * 4, as: Float.self) }
        case .f16 where t.byteCount >= count * 2:
            return (0..<count).map { Float(Float16(bitPattern: t.data.loadUnaligned(fromByteOffset: $0 * 2, as: UInt16.self))) }
        default:
            throw ModelError.unsupportedTensorType(name: name, type: "\(t.type)")
        }
    }
}
