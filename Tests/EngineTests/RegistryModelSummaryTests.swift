import Foundation
import Registry
import Testing
@testable import Engine

struct RegistryModelSummaryTests {
    @Test func syntheticFileSummary() throws {
        var writer = try GGUFWriter()
        try writer.set("general.architecture", .string("llama"))
        try writer.set("general.name", .string("tiny"))
        try writer.set("llama.block_count", .uint32(2))
        try writer.set("llama.embedding_length", .uint32(8))
        try writer.set("llama.attention.head_count", .uint32(2))
        try writer.set("llama.rope.freq_base", .float32(10_000))
        try writer.set("tokenizer.ggml.model", .string("gpt2"))
        try writer.set("tokenizer.ggml.tokens", .array(["a", "b", "c", "d", "e"].map(GGUFValue.string)))
        try writer.addTensor("a.weight", shape: [8, 4], values: [Float](repeating: 0.5, count: 32))
        try writer.addTensor("b.weight", shape: [8], values: [Float](repeating: 1, count: 8))
        try writer.addTensor("c.weight", shape: [32, 2], type: .q8_0, bytes: [UInt8](repeating: 0, count: 68))
        let file = try GGUFFile(bytes: writer.bytes())

        let summary = ModelFileSummary(file: file, path: "tiny.gguf")
        #expect(summary.architecture == "llama" && summary.name == "tiny")
        #expect(summary.tensorCount == 3)
        #expect(summary.parameterCount == 32 + 8 + 64)
        #expect(summary.typeUsage == [
            .init(type: .f32, tensorCount: 2, byteCount: 160),
            .init(type: .q8_0, tensorCount: 1, byteCount: 68),
        ])
        #expect(summary.hyperParameters == [
            .init(label: "layerCount", value: "2"),
            .init(label: "dim", value: "8"),
            .init(label: "headCount", value: "2"),
            .init(label: "headDim", value: "4 (dim / headCount)"),
            .init(label: "ropeFreqBase", value: "10000"),
        ])
        #expect(summary.tokenizerModel == "gpt2" && summary.tokenizerPre == nil && summary.vocabSize == 5)
        #expect(summary.chatTemplateLength == nil)
        #expect(summary.text.contains("chat template no"))
        #expect(summary.text.contains("Q8_0      1 tensors"))
    }

    @Test func fileWithoutArchitectureStillSummarizes() throws {
        let file = try GGUFFile(bytes: GGUFWriter().bytes())
        let summary = ModelFileSummary(file: file, path: "empty.gguf")
        #expect(summary.architecture == nil && summary.hyperParameters.isEmpty && summary.tensorCount == 0)
        #expect(summary.text.contains("architecture  (not stated)"))
    }

    /// The cached SmolLM2 file, against the llama.cpp reference summary of the same file.
    @Test func smolLM2MatchesTheReference() throws {
        let path = try ModelCache().cachedPath(of: "smollm2-135m-instruct")
        let summary = ModelFileSummary(file: try GGUFFile(path: path), path: path)
        #expect(summary.architecture == "llama")
        #expect(summary.version == 3)
        #expect(summary.tensorCount == 272)
        #expect(summary.typeUsage.map(\.type) == [.q4_1, .q8_0, .f32])
        #expect(summary.typeUsage.map(\.tensorCount) == [210, 1, 61])
        #expect(summary.typeUsage.first { $0.type == .q8_0 }?.byteCount == 30_081_024)
        let fields = Dictionary(uniqueKeysWithValues: summary.hyperParameters.map { ($0.label, $0.value) })
        #expect(fields["layerCount"] == "30" && fields["dim"] == "576" && fields["hiddenDim"] == "1536")
        #expect(fields["headCount"] == "9" && fields["kvHeadCount"] == "3" && fields["contextLength"] == "8192")
        #expect(fields["headDim"] == "64 (dim / headCount)")
        #expect(summary.tokenizerModel == "gpt2" && summary.tokenizerPre == "smollm")
        #expect(summary.vocabSize == 49152)
        #expect(summary.chatTemplateLength == 368)
    }
}
