import Testing
@testable import Engine

/// The SentencePiece tokenizer (`tokenizer.ggml.model = llama`) on a small hand-made
/// vocabulary whose scores decide every merge; the real Gemma vocabulary is checked against
/// llama.cpp in `TokenizerReferenceTests`.
@Suite struct TokenizerSentencePieceTests {
    /// Pieces with their scores (higher merges first), after the control tokens and the
    /// 256 byte tokens.
    static let pieces: [(String, Float)] = [
        ("▁", -1), ("a", -2), ("b", -2), ("c", -2), ("h", -3), ("e", -3), ("l", -3), ("o", -3),
        ("ab", -5), ("bc", -4), ("he", -7), ("ll", -6), ("hell", -8), ("hello", -9),
        ("▁hello", -10), ("é", -3), ("\n", 0),
    ]
    static let controls = ["<pad>", "<eos>", "<bos>", "<unk>", "<turn>"]

    static func vocabulary(addsSpacePrefix: Bool = false) -> TokenizerVocabulary {
        let bytes = (0..<256).map { byte -> String in
            let hex = String(byte, radix: 16, uppercase: true)
            return "<0x" + (hex.count == 1 ? "0" + hex : hex) + ">"
        }
        let tokens = controls + bytes + pieces.map(\.0)
        var types = [TokenType.control, .control, .control, .unknown, .control]
            + Array(repeating: .byte, count: 256) + Array(repeating: .normal, count: pieces.count)
        types[types.count - 1] = .userDefined  // "\n", matched whole as Gemma's newline runs are
        let scores = Array(repeating: Float(0), count: controls.count + 256) + pieces.map(\.1)
        return TokenizerVocabulary(tokens: tokens, tokenTypes: types, merges: [], scores: scores, model: "llama",
                                   pre: "default", bosID: 2, eosID: 1, unknownID: 3, addsBOS: true,
                                   addsSpacePrefix: addsSpacePrefix)
    }

    static func id(_ piece: String) -> Int {
        if let index = controls.firstIndex(of: piece) { return index }
        if let index = pieces.firstIndex(where: { $0.0 == piece }) { return controls.count + 256 + index }
        return -1
    }

    static func byte(_ value: UInt8) -> Int { controls.count + Int(value) }

    static func ids(_ pieces: String...) -> [Int] { pieces.map(id) }

    @Test func highestScoringPairMergesFirst() throws {
        let tokenizer = try Tokenizer(vocabulary: Self.vocabulary())
        // "bc" (−4) beats "ab" (−5), and "a" cannot join "bc": the result is a | bc, not ab | c.
        #expect(tokenizer.encode("abc") == Self.ids("a", "bc"))
        // Merges continue while the merged symbols form tokens: he + ll → hell, + o → hello.
        #expect(tokenizer.encode("hello") == Self.ids("hello"))
        #expect(tokenizer.encode(" hello") == Self.ids("▁hello"))
        #expect(tokenizer.encode("hello hello") == Self.ids("hello", "▁hello"))
    }

    @Test func equalScoresMergeLeftmostFirst() throws {
        // "ll" and "lo" would tie; with only "ll" present and "l" "l" "l", the leftmost pair wins.
        let tokenizer = try Tokenizer(vocabulary: Self.vocabulary())
        #expect(tokenizer.encode("lll") == Self.ids("ll", "l"))
    }

    @Test func charactersOutsideTheVocabularyFallBackToBytes() throws {
        let tokenizer = try Tokenizer(vocabulary: Self.vocabulary())
        // é is a piece; ü (C3 BC) and 🍕 (F0 9F 8D 95) are not.
        #expect(tokenizer.encode("é") == Self.ids("é"))
        #expect(tokenizer.encode("aü") == [Self.id("a"), Self.byte(0xC3), Self.byte(0xBC)])
        #expect(tokenizer.encode("🍕") == [0xF0, 0x9F, 0x8D, 0x95].map(Self.byte))
        #expect(tokenizer.decode(tokenizer.encode("aü 🍕 hello")) == "aü 🍕 hello")
    }

    @Test func spacePrefixFollowsTheVocabulary() throws {
        let plain = try Tokenizer(vocabulary: Self.vocabulary(addsSpacePrefix: false))
        let prefixed = try Tokenizer(vocabulary: Self.vocabulary(addsSpacePrefix: true))
        #expect(plain.encode("hello") == Self.ids("hello"))
        #expect(prefixed.encode("hello") == Self.ids("▁hello"))
        // Text after a special token gets the prefix again; text after text does not.
        #expect(prefixed.encode("hello<turn>hello", parseSpecial: true) == Self.ids("▁hello", "<turn>", "▁hello"))
        #expect(plain.encode("hello<turn>hello", parseSpecial: true) == Self.ids("hello", "<turn>", "hello"))
    }

    @Test func specialTokensArePartitionedFirst() throws {
        let tokenizer = try Tokenizer(vocabulary: Self.vocabulary())
        // User-defined tokens are always matched whole, control tokens only when asked.
        #expect(tokenizer.encode("ab\nab") == Self.ids("ab", "\n", "ab"))
        #expect(tokenizer.encode("<turn>", parseSpecial: true) == Self.ids("<turn>"))
        #expect(!tokenizer.encode("<turn>", parseSpecial: false).contains(Self.id("<turn>")))
        #expect(tokenizer.addsBOS && tokenizer.bosID == 2 && tokenizer.promptBOS == 2)
    }

    @Test func decodingWritesSpacesAndBytes() throws {
        let tokenizer = try Tokenizer(vocabulary: Self.vocabulary())
        #expect(tokenizer.decode(Self.ids("hello", "▁hello")) == "hello hello")
        #expect(tokenizer.piece(Self.id("▁hello")) == "▁hello")
        #expect(tokenizer.bytes(Self.byte(0x41)) == [0x41])
        #expect(tokenizer.decode(Self.ids("<turn>")) == "")
        #expect(tokenizer.decode(Self.ids("<turn>"), renderSpecial: true) == "<turn>")
    }

    /// A character spelled by byte tokens streams out whole once its last byte arrives.
    @Test func streamingHoldsBackByteFallbackSequences() throws {
        let tokenizer = try Tokenizer(vocabulary: Self.vocabulary())
        let ids = tokenizer.encode("a🍕b")
        #expect(ids.count == 6)
        var decoder = TextStreamDecoder(tokenizer: tokenizer)
        let chunks = ids.map { decoder.append($0) } + [decoder.finish()]
        #expect(chunks == ["a", "", "", "", "🍕", "b", ""])
    }

    /// A GGUF file with only the tokens, types and scores takes llama.cpp's SentencePiece
    /// defaults: BOS 1 added, EOS 2, unknown 0, a space prefix.
    @Test func absentKeysTakeLlamaCppDefaults() throws {
        let vocabulary = Self.vocabulary()
        func file(scores: [Float]) throws -> GGUFFile {
            var writer = try GGUFWriter()
            try writer.set("tokenizer.ggml.model", .string("llama"))
            try writer.set("tokenizer.ggml.tokens", .array(vocabulary.tokens.map { .string($0) }))
            try writer.set("tokenizer.ggml.token_type", .array(vocabulary.tokenTypes.map { .int32(Int32($0.rawValue)) }))
            try writer.set("tokenizer.ggml.scores", .array(scores.map { .float32($0) }))
            return try GGUFFile(bytes: writer.bytes())
        }
        let tokenizer = try Tokenizer(gguf: file(scores: vocabulary.scores))
        #expect(tokenizer.bosID == 1 && tokenizer.eosID == 2 && tokenizer.addsBOS)
        #expect(tokenizer.preTokenizer == nil)
        #expect(tokenizer.encode("hello") == Self.ids("▁hello"))
        #expect(throws: TokenizerError.scoreCountMismatch(tokens: vocabulary.tokens.count, scores: 3)) {
            try Tokenizer(gguf: file(scores: [0, 0, 0]))
        }
    }

    @Test func scoreCountMustMatchTheTokens() throws {
        var vocabulary = Self.vocabulary()
        vocabulary.scores.removeLast()
        #expect(throws: TokenizerError.scoreCountMismatch(tokens: vocabulary.tokens.count,
                                                          scores: vocabulary.tokens.count - 1)) {
            try Tokenizer(vocabulary: vocabulary)
        }
    }
}
