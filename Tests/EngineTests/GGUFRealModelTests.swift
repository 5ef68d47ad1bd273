import Testing
@testable import Engine

/// The two cached models parse with the counts, offsets and tensors llama.cpp's
/// reference reports (shared/reference/*-gguf.md).
struct GGUFRealModelTests {
    @Test func smolLMParsesAsTheReferenceSays() throws {
        let file = try GGUFTestModels.open(GGUFTestModels.smolLM)
        #expect(file.version == 3)
        #expect(file.byteCount == 98_362_432)
        #expect(file.tensors.count == 272)
        #expect(file.metadata.count == 33)
        #expect(file.alignment == 32)
        #expect(file.dataOffset == 1_785_664)
        #expect(try file.string("general.architecture") == "llama")
        #expect(try file.int("llama.embedding_length") == 576)
        #expect(try file.int("llama.block_count") == 30)
        #expect(try file.float("llama.rope.freq_base") == 100_000)
        #expect(try file.stringArray("tokenizer.ggml.tokens").count == 49152)
        #expect(try file.stringArray("general.languages") == ["en"])
        #expect(try file.stringArray("tokenizer.ggml.merges").count == 48900)
        let embedding = try #require(file.tensor("token_embd.weight"))
        #expect(embedding.type == .q8_0 && embedding.shape == [576, 49152] && embedding.byteCount == 30_081_024)
        let gate = try #require(file.tensor("blk.0.ffn_down.weight"))
        #expect(gate.type == .q4_1 && gate.shape == [1536, 576])
        let counts = Dictionary(grouping: file.tensors, by: \.type).mapValues(\.count)
        #expect(counts == [.q4_1: 210, .f32: 61, .q8_0: 1])
        try expectStats(file, "output_norm.weight", min: -2.125, max: 3.344, mean: 1.803)
        try expectStats(file, "blk.0.ffn_norm.weight", min: 0.07373, max: 0.3711, mean: 0.1071)
    }

    @Test func qwenParsesAsTheReferenceSays() throws {
        let file = try GGUFTestModels.open(GGUFTestModels.qwen)
        #expect(file.version == 3)
        #expect(file.byteCount == 491_400_064)
        #expect(file.tensors.count == 291)
        #expect(file.metadata.count == 26)
        #expect(file.dataOffset == 5_947_776)
        #expect(try file.string("general.architecture") == "qwen2")
        #expect(try file.int("qwen2.feed_forward_length") == 4864)
        #expect(try file.int("qwen2.attention.head_count_kv") == 2)
        #expect(try file.stringArray("tokenizer.ggml.tokens").count == 151_936)
        #expect(try file.intArray("tokenizer.ggml.token_type").count == 151_936)
        #expect(try file.int("tokenizer.ggml.eos_token_id") == 151_645)
        #expect(try file.bool("tokenizer.ggml.add_bos_token") == false)
        let down0 = try #require(file.tensor("blk.0.ffn_down.weight"))
        #expect(down0.type == .q6_K && down0.shape == [4864, 896])
        #expect(file.tensor("blk.2.ffn_down.weight")?.type == .q4_K)
        #expect(file.tensor("output.weight")?.byteCount == 144_643_072)
        let counts = Dictionary(grouping: file.tensors, by: \.type).mapValues(\.count)
        #expect(counts == [.q5_0: 133, .f32: 121, .q8_0: 13, .q6_K: 12, .q4_K: 12])
        try expectStats(file, "output_norm.weight", min: -0.06592, max: 17.12, mean: 7.232)
        try expectStats(file, "blk.0.attn_k.bias", min: -145, max: 135, mean: 4.276)
    }

    /// Min / max / mean of an F32 vector agree with the reference to its printed precision.
    private func expectStats(_ file: GGUFFile, _ name: String, min: Float, max: Float, mean: Float) throws {
        let tensor = try #require(file.tensor(name))
        #expect(tensor.type == .f32)
        let values = (0..<tensor.elementCount).map { tensor.data.loadUnaligned(fromByteOffset: $0 * 4, as: Float.self) }
        let tolerance: Float = 0.002
        #expect(abs((values.min() ?? .nan) - min) <= tolerance * Swift.max(1, abs(min)), "\(name) min")
        #expect(abs((values.max() ?? .nan) - max) <= tolerance * Swift.max(1, abs(max)), "\(name) max")
        let actualMean = values.reduce(0, +) / Float(values.count)
        #expect(abs(actualMean - mean) <= tolerance * Swift.max(1, abs(mean)), "\(name) mean")
    }
}
