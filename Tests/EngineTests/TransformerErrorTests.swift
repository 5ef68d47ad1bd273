import Foundation
import Testing
@testable import Engine

/// Bad models and bad requests give typed errors that say what was found and expected.
@Suite struct TransformerErrorTests {
    /// The tiny model as `TransformerTests` uses it (context 1024).
    static func model(_ flavour: SyntheticModel.Flavour = .llama) -> SyntheticModel {
        TransformerTests.model(flavour)
    }

    @Test func unknownArchitectureIsATypedError() throws {
        var writer = try Self.model().ggufWriter()
        try writer.set("general.architecture", .string("mamba"))
        #expect(throws: ModelError.unsupportedArchitecture(found: "mamba", supported: ["gemma3", "llama", "qwen2"])) {
            try SyntheticModel.open(writer)
        }
    }

    @Test func missingHyperparameterNamesTheKey() throws {
        var writer = try Self.model(.llama).ggufWriter()
        try writer.set("general.architecture", .string("qwen2"))   // llama.* keys no longer apply
        #expect(throws: ModelError.invalidHyperparameter(key: "qwen2.embedding_length", reason: "missing")) {
            try SyntheticModel.open(writer)
        }
    }

    @Test func wrongTensorShapeAndMissingTensorAreReported() throws {
        var writer = try Self.model().ggufWriter()
        try writer.set("llama.feed_forward_length", .uint32(64))   // the tensors were made for 48
        #expect(throws: ModelError.tensorShape(name: "blk.0.ffn_gate.weight", found: [32, 48], expected: [32, 64])) {
            try SyntheticModel.open(writer)
        }
        let qwen = try Self.model(.qwen2).ggufWriter(omitting: ["blk.1.attn_k.bias"])
        #expect(throws: ModelError.missingTensor(name: "blk.1.attn_k.bias")) { try SyntheticModel.open(qwen) }
    }

    @Test func unknownQuantTypeIsRejected() throws {
        var bytes = try Self.model().ggufWriter().bytes()
        // The first tensor info follows the metadata; find its type field by the tensor's name.
        let name = Array("token_embd.weight".utf8)
        let start = (0...(bytes.count - name.count)).first { Array(bytes[$0..<$0 + name.count]) == name }!
        let typeOffset = start + name.count + 4 + 2 * 8   // n_dims (u32), two dims (u64)
        bytes.replaceSubrange(typeOffset..<typeOffset + 4, with: [99, 0, 0, 0])
        #expect(throws: (any Error).self) { try LanguageModel(gguf: try GGUFFile(bytes: bytes)) }
        do {
            _ = try GGUFFile(bytes: bytes)
        } catch {
            #expect("\(error)".contains("99"), "the error names the type id: \(error)")
        }
    }

    @Test func malformedFileIsRejected() throws {
        let bytes = try Self.model().ggufWriter().bytes()
        #expect(throws: (any Error).self) { try LanguageModel(gguf: try GGUFFile(bytes: Array(bytes.prefix(bytes.count / 2)))) }
        #expect(throws: (any Error).self) { try LanguageModel(gguf: try GGUFFile(bytes: [0x47, 0x47, 0x55, 0x46])) }
    }

    @Test func emptyPromptAndOverlongPromptAreTypedErrors() throws {
        let session = try InferenceSession(model: try Self.model().load(), contextLength: 8)
        let vocabSize = session.model.config.vocabSize
        #expect(throws: InferenceError.emptyPrompt) { try session.prefill([]) }
        #expect(throws: InferenceError.contextOverflow(position: 0, count: 9, contextLength: 8)) {
            try session.prefill(Array(repeating: 2, count: 9))
        }
        #expect(session.position == 0, "a rejected prompt leaves the cache alone")
        _ = try session.prefill(Array(repeating: 2, count: 8))
        #expect(throws: InferenceError.contextOverflow(position: 8, count: 1, contextLength: 8)) { try session.decode(2) }
        #expect(throws: InferenceError.tokenOutOfRange(token: vocabSize, index: 0, vocabSize: vocabSize)) {
            try InferenceSession(model: session.model).prefill([vocabSize])
        }
        #expect(throws: InferenceError.invalidContextLength(requested: 2048, maximum: 1024)) {
            try InferenceSession(model: session.model, contextLength: 2048)
        }
    }
}
