import Testing
@testable import Engine

/// `Tokenizer(gguf:)` reads the hand-made vocabulary back from a GGUF file and reports
/// bad tokenizer metadata with typed errors.
@Suite struct TokenizerGGUFTests {
    private let vocab = TokenizerTestVocabulary.self

    /// A GGUF file holding the test vocabulary, with `edit` applied to its metadata.
    private func file(_ edit: (inout [String: GGUFValue]) -> Void = { _ in }) throws -> GGUFFile {
        let vocabulary = vocab.vocabulary()
        var metadata: [String: GGUFValue] = [
            "general.architecture": .string("llama"),
            "tokenizer.ggml.model": .string(vocabulary.model),
            "tokenizer.ggml.pre": .string(vocabulary.pre),
            "tokenizer.ggml.tokens": .array(vocabulary.tokens.map { .string($0) }),
            "tokenizer.ggml.token_type": .array(vocabulary.tokenTypes.map { .int32(Int32($0.rawValue)) }),
            "tokenizer.ggml.merges": .array(vocabulary.merges.map { .string($0) }),
            "tokenizer.ggml.bos_token_id": .uint32(UInt32(vocabulary.bosID ?? 0)),
            "tokenizer.ggml.eos_token_id": .uint32(UInt32(vocabulary.eosID ?? 0)),
            "tokenizer.ggml.add_bos_token": .bool(false),
        ]
        edit(&metadata)
        var writer = try GGUFWriter()
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) { try writer.set(key, value) }
        return try GGUFFile(bytes: writer.bytes())
    }

    @Test func readsTheVocabularyBack() throws {
        let tokenizer = try Tokenizer(gguf: file())
        #expect(tokenizer.vocabSize == vocab.vocabulary().tokens.count)
        #expect(tokenizer.bosID == vocab.id("<|im_start|>"))
        #expect(tokenizer.eosID == vocab.id("<|im_end|>"))
        #expect(!tokenizer.addsBOS)
        #expect(tokenizer.encode("<|im_start|>hello", parseSpecial: true) == [vocab.id("<|im_start|>"), vocab.id("hello")])
    }

    @Test func unknownModelInTheFileIsATypedError() throws {
        let gguf = try file { $0["tokenizer.ggml.model"] = .string("bert") }
        #expect(throws: TokenizerError.unsupportedModel(found: "bert", supported: ["gpt2", "llama"])) {
            try Tokenizer(gguf: gguf)
        }
    }

    @Test func unknownPreTokenizerInTheFileIsATypedError() throws {
        let gguf = try file { $0["tokenizer.ggml.pre"] = .string("falcon") }
        #expect(throws: TokenizerError.self) { try Tokenizer(gguf: gguf) }
    }

    @Test func missingTokensAreAMissingKey() throws {
        let gguf = try file { $0["tokenizer.ggml.tokens"] = nil }
        #expect(throws: GGUFError.missingKey("tokenizer.ggml.tokens")) { try Tokenizer(gguf: gguf) }
    }

    @Test func badTokenTypesAreTypedErrors() throws {
        let outOfRange = try file { metadata in
            metadata["tokenizer.ggml.token_type"] = .array(vocab.vocabulary().tokenTypes.map { _ in .int32(9) })
        }
        #expect(throws: TokenizerError.invalidTokenType(index: 0, value: 9)) { try Tokenizer(gguf: outOfRange) }
        let short = try file { $0["tokenizer.ggml.token_type"] = .array([.int32(1)]) }
        #expect(throws: TokenizerError.self) { try Tokenizer(gguf: short) }
    }

    @Test func absentTypesAndMergesMeanNormalTokensAndNoMerges() throws {
        let gguf = try file { metadata in
            metadata["tokenizer.ggml.token_type"] = nil
            metadata["tokenizer.ggml.merges"] = nil
        }
        let tokenizer = try Tokenizer(gguf: gguf)
        #expect(tokenizer.encode("hello") == "hello".utf8.map { Int($0) })
        #expect(tokenizer.tokenType(vocab.id("<tool>")) == .normal)
    }

    /// The fixtures exist and are complete, so the parameterized reference tests cannot
    /// pass by running zero cases.
    @Test(arguments: TokenizerReference.modelNames)
    func referenceFixturesAreComplete(model: String) throws {
        let reference = try TokenizerReference.load(model)
        #expect(reference.strings.count == 20)
        #expect(reference.prompts.count == 4)
        #expect(reference.prompts.filter { $0.chatMessages != nil }.count == 1)
    }
}
