import Foundation
@testable import Engine

/// A tiny random model written as a real GGUF file (F32 weights), plus a naive forward pass
/// over the same floats that keeps every attention matrix: the reference for structural tests.
struct TestModel {
    var architecture = "llama"
    var dim = 32
    var hiddenDim = 48
    var layerCount = 3
    var headCount = 4
    var kvHeadCount = 2
    var vocabSize = 48
    var contextLength = 1024
    var ropeBase: Float = 10_000
    var slidingWindow: Int?
    var epsilon: Float = 1e-5
    var seed: UInt64 = 7
    /// The end-of-generation token id written to the metadata.
    var eosID = 1
    /// Tensors left out of the file.
    var omitted: Set<String> = []
    /// Tensors by GGUF name, row-major, ggml shape `[cols, rows]`.
    private(set) var tensors: [(name: String, shape: [Int], values: [Float])] = []

    var headDim: Int { dim / headCount }
    var traits: ArchitectureTraits { ArchitectureTraits.known[architecture]! }

    init(architecture: String = "llama", slidingWindow: Int? = nil, seed: UInt64 = 7) {
        self.architecture = architecture
        self.slidingWindow = slidingWindow
        self.seed = seed
        makeTensors()
    }

    private mutating func makeTensors() {
        var random = RandomSource(seed: seed)
        func uniform(_ count: Int, scale: Float, offset: Float = 0) -> [Float] {
            (0..<count).map { _ in offset + scale * (2 * random.nextUnitFloat() - 1) }
        }
        let kvDim = kvHeadCount * headDim
        func add(_ name: String, _ shape: [Int], scale: Float, offset: Float = 0) {
            tensors.append((name, shape, uniform(shape.reduce(1, *), scale: scale, offset: offset)))
        }
        add("token_embd.weight", [dim, vocabSize], scale: 1)
        add("output_norm.weight", [dim], scale: 0.2, offset: 1)
        if architecture == "qwen2" { add("output.weight", [dim, vocabSize], scale: 0.3) }
        for l in 0..<layerCount {
            let p = "blk.\(l)."
            add(p + "attn_norm.weight", [dim], scale: 0.2, offset: 1)
            add(p + "attn_q.weight", [dim, dim], scale: 0.4)
            add(p + "attn_k.weight", [dim, kvDim], scale: 0.4)
            add(p + "attn_v.weight", [dim, kvDim], scale: 0.4)
            add(p + "attn_output.weight", [dim, dim], scale: 0.3)
            add(p + "ffn_norm.weight", [dim], scale: 0.2, offset: 1)
            add(p + "ffn_gate.weight", [dim, hiddenDim], scale: 0.3)
            add(p + "ffn_up.weight", [dim, hiddenDim], scale: 0.3)
            add(p + "ffn_down.weight", [hiddenDim, dim], scale: 0.3)
            if traits.hasQKVBias {
                add(p + "attn_q.bias", [dim], scale: 0.5)
                add(p + "attn_k.bias", [kvDim], scale: 0.5)
                add(p + "attn_v.bias", [kvDim], scale: 0.5)
            }
            if traits.hasQKNorm {
                add(p + "attn_q_norm.weight", [headDim], scale: 0.2, offset: 1)
                add(p + "attn_k_norm.weight", [headDim], scale: 0.2, offset: 1)
            }
            if traits.hasPostNorms {
                add(p + "post_attention_norm.weight", [dim], scale: 0.2, offset: 1)
                add(p + "post_ffw_norm.weight", [dim], scale: 0.2, offset: 1)
            }
        }
    }

    func tensor(_ name: String) -> [Float] { tensors.first { $0.name == name }!.values }

    /// The GGUF writer with every key and tensor; tests may change it before writing.
    func writer() throws -> GGUFWriter {
        var w = try GGUFWriter()
        let a = architecture
        try w.set("general.architecture", .string(a))
        try w.set("general.name", .string("test-\(a)"))
        try w.set("\(a).embedding_length", .uint32(UInt32(dim)))
        try w.set("\(a).feed_forward_length", .uint32(UInt32(hiddenDim)))
        try w.set("\(a).block_count", .uint32(UInt32(layerCount)))
        try w.set("\(a).attention.head_count", .uint32(UInt32(headCount)))
        try w.set("\(a).attention.head_count_kv", .uint32(UInt32(kvHeadCount)))
        try w.set("\(a).context_length", .uint32(UInt32(contextLength)))
        try w.set("\(a).rope.freq_base", .float32(ropeBase))
        try w.set("\(a).attention.layer_norm_rms_epsilon", .float32(epsilon))
        if let slidingWindow {
            try w.set("\(a).attention.sliding_window", .uint32(UInt32(slidingWindow)))
            try w.set("\(a).attention.sliding_window_pattern", .uint32(2))
        }
        // A byte-level vocabulary of single letters and digits; id 1 is the end-of-generation token.
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        let pieces = (0..<vocabSize).map { $0 == 1 ? "<|end|>" : String(alphabet[$0 % alphabet.count]) + ($0 >= alphabet.count ? "\($0)" : "") }
        try w.set("tokenizer.ggml.model", .string("gpt2"))
        try w.set("tokenizer.ggml.pre", .string("qwen2"))
        try w.set("tokenizer.ggml.tokens", .array(pieces.map { .string($0) }))
        try w.set("tokenizer.ggml.token_type", .array((0..<vocabSize).map { .int32($0 == 1 ? 3 : 1) }))
        try w.set("tokenizer.ggml.merges", .array([]))
        try w.set("tokenizer.ggml.eos_token_id", .uint32(UInt32(eosID)))
        try w.set("tokenizer.ggml.add_bos_token", .bool(false))
        for t in tensors where !omitted.contains(t.name) { try w.addTensor(t.name, shape: t.shape, values: t.values) }
        return w
    }

    /// Writes the model to a temporary file and opens it.
    func load() throws -> LanguageModel {
        try Self.open(try writer())
    }

    static func open(_ writer: GGUFWriter) throws -> LanguageModel {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("guide-test-\(UUID().uuidString).gguf").path
        try writer.write(to: path)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try LanguageModel(path: path)
    }
}
