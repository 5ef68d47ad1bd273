/// A tiny llama-architecture model with seeded random weights, written as a GGUF file:
/// checks a build end to end (load, tokenize, every matrix kernel, generate) without
/// downloading a model. Its text is noise; only the mechanics are real.
///
/// Two layers, width 256 (one K-quant block per row), a byte-level BPE vocabulary: the
/// 256 GPT-2 byte symbols, two merges, then `<|endoftext|>` (BOS, not added),
/// `<|im_start|>` and `<|im_end|>` (EOS). Every weight format the engine reads appears
/// once, so a forward pass runs each kernel.
public enum SyntheticModelFile {
    /// Shape of the model.
    static let dim = 256, hiddenDim = 512, layerCount = 2, headCount = 4, kvHeadCount = 2
    static let contextLength = 512
    static let merges = ["Ġ t", "h e"]
    static let specialTokens = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]

    /// The storage type of each layer's matrices, in the order q, k, v, output, gate, up, down.
    static let layerTypes: [[GGMLType]] = [
        [.q4_0, .q4_1, .q5_0, .q5_1, .q8_0, .q4_K, .q6_K],
        [.q2_K, .q3_K, .q5_K, .f16, .bf16, .f32, .q8_0],
    ]

    /// Writes the model to `path`; the same `seed` gives the same file.
    ///
    /// - Throws: `GGUFError` when the file cannot be written.
    public static func write(to path: String, seed: UInt64 = 1) throws {
        try writer(seed: seed).write(to: path)
    }

    /// The complete file as a writer.
    static func writer(seed: UInt64) throws -> GGUFWriter {
        var random = RandomSource(seed: seed)
        func uniform(_ count: Int, bound: Float, center: Float = 0) -> [Float] {
            (0..<count).map { _ in center + bound * (2 * random.nextUnitFloat() - 1) }
        }
        let ordinary = ByteLevelEncoding.scalarForByte.map { String(Character($0)) }
            + merges.map { $0.split(separator: " ").joined() }
        let vocabulary = ordinary + specialTokens
        let headDim = dim / headCount, kvDim = kvHeadCount * headDim

        var writer = try GGUFWriter()
        let metadata: [(String, GGUFValue)] = [
            ("general.architecture", .string("llama")),
            ("general.name", .string("synthetic-llama")),
            ("llama.block_count", .uint32(UInt32(layerCount))),
            ("llama.context_length", .uint32(UInt32(contextLength))),
            ("llama.embedding_length", .uint32(UInt32(dim))),
            ("llama.feed_forward_length", .uint32(UInt32(hiddenDim))),
            ("llama.attention.head_count", .uint32(UInt32(headCount))),
            ("llama.attention.head_count_kv", .uint32(UInt32(kvHeadCount))),
            ("llama.attention.layer_norm_rms_epsilon", .float32(1e-5)),
            ("llama.rope.freq_base", .float32(10_000)),
            ("tokenizer.ggml.model", .string("gpt2")),
            ("tokenizer.ggml.pre", .string("gpt2")),
            ("tokenizer.ggml.tokens", .array(vocabulary.map { .string($0) })),
            ("tokenizer.ggml.token_type", .array(vocabulary.indices.map { .int32($0 < ordinary.count ? 1 : 3) })),
            ("tokenizer.ggml.merges", .array(merges.map { .string($0) })),
            ("tokenizer.ggml.bos_token_id", .uint32(UInt32(ordinary.count))),
            ("tokenizer.ggml.eos_token_id", .uint32(UInt32(vocabulary.count - 1))),
            ("tokenizer.ggml.add_bos_token", .bool(false)),
        ]
        for (key, value) in metadata { try writer.set(key, value) }

        // Uniform weights of standard deviation ~1/√cols keep activations of order 1.
        func matrix(_ name: String, cols: Int, rows: Int, type: GGMLType) throws {
            let bound = Float(3).squareRoot() / Float(cols).squareRoot()
            try writer.addTensor(name, shape: [cols, rows], values: uniform(cols * rows, bound: bound), type: type)
        }
        func norm(_ name: String) throws {
            try writer.addTensor(name, shape: [dim], values: uniform(dim, bound: 0.2, center: 1))
        }
        try matrix("token_embd.weight", cols: dim, rows: vocabulary.count, type: .q8_0)
        for (layer, types) in layerTypes.enumerated() {
            let p = "blk.\(layer)."
            try norm(p + "attn_norm.weight")
            try matrix(p + "attn_q.weight", cols: dim, rows: dim, type: types[0])
            try matrix(p + "attn_k.weight", cols: dim, rows: kvDim, type: types[1])
            try matrix(p + "attn_v.weight", cols: dim, rows: kvDim, type: types[2])
            try matrix(p + "attn_output.weight", cols: dim, rows: dim, type: types[3])
            try norm(p + "ffn_norm.weight")
            try matrix(p + "ffn_gate.weight", cols: dim, rows: hiddenDim, type: types[4])
            try matrix(p + "ffn_up.weight", cols: dim, rows: hiddenDim, type: types[5])
            try matrix(p + "ffn_down.weight", cols: hiddenDim, rows: dim, type: types[6])
        }
        try norm("output_norm.weight")
        try matrix("output.weight", cols: dim, rows: vocabulary.count, type: .q6_K)
        return writer
    }
}
