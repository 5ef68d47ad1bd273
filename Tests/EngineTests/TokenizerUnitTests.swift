import Testing
@testable import Engine

/// Byte-pair merging, special tokens, decoding and errors on a hand-made vocabulary.
@Suite struct TokenizerUnitTests {
    private let vocab = TokenizerTestVocabulary.self

    @Test func byteLevelAlphabetIsABijection() {
        let scalars = ByteLevelEncoding.scalarForByte
        #expect(Set(scalars).count == 256)
        #expect(scalars[0x20] == "Ġ")
        #expect(scalars[0x0A] == "Ċ")
        #expect(scalars[0x09] == "ĉ")
        #expect(scalars[Int(UInt8(ascii: "A"))] == "A")
        for byte in 0..<256 {
            #expect(ByteLevelEncoding.byte(for: scalars[byte]) == UInt8(byte))
        }
        let bytes = Array("naïve 🍕\n".utf8)
        #expect(ByteLevelEncoding.decode(ByteLevelEncoding.encode(bytes)) == bytes)
    }

    @Test func mergesApplyByRank() throws {
        let tokenizer = try vocab.tokenizer()
        #expect(tokenizer.encode("hello") == [vocab.id("hello")])
        // "h e" (rank 0) beats "Ġ h" (rank 7), and nothing merges "Ġ" with "hello".
        #expect(tokenizer.encode(" hello") == [vocab.id("Ġ"), vocab.id("hello")])
        #expect(tokenizer.encode(" wow") == [vocab.id("Ġwo"), vocab.id("w")])
    }

    /// With `llama-bpe`, a word that is itself a token is taken whole, even where the
    /// merges would not build it (llama.cpp's `ignore_merges`).
    @Test func llamaBPETakesWholeWordsFromTheVocabulary() throws {
        #expect(try vocab.tokenizer(pre: "qwen2").encode(" hello") == [vocab.id("Ġ"), vocab.id("hello")])
        #expect(try vocab.tokenizer(pre: "llama-bpe").encode(" hello") == [vocab.id("Ġhello")])
    }

    @Test func longWordsEncodeAndRoundTrip() throws {
        let tokenizer = try vocab.tokenizer()
        let word = String(repeating: "a", count: 100_001)
        let ids = tokenizer.encode(word)
        #expect(ids == Array(repeating: vocab.id("aa"), count: 50_000) + [vocab.id("a")])
        #expect(tokenizer.decode(ids) == word)
    }

    @Test func equalRanksMergeLeftmostFirst() throws {
        let tokenizer = try vocab.tokenizer()
        #expect(tokenizer.encode("aaa") == [vocab.id("aa"), vocab.id("a")])
        #expect(tokenizer.encode("aaaa") == [vocab.id("aa"), vocab.id("aa")])
    }

    @Test func controlTokensAreParsedOnlyOnRequest() throws {
        let tokenizer = try vocab.tokenizer()
        let text = "<|im_start|>hello<|im_end|>"
        #expect(tokenizer.encode(text, parseSpecial: true)
            == [vocab.id("<|im_start|>"), vocab.id("hello"), vocab.id("<|im_end|>")])
        let plain = tokenizer.encode(text, parseSpecial: false)
        #expect(!plain.contains(vocab.id("<|im_start|>")))
        #expect(tokenizer.decode(plain) == text)
    }

    @Test func userDefinedTokensAreAlwaysMatchedWhole() throws {
        let tokenizer = try vocab.tokenizer()
        for parseSpecial in [false, true] {
            #expect(tokenizer.encode("a<tool>a", parseSpecial: parseSpecial)
                == [vocab.id("a"), vocab.id("<tool>"), vocab.id("a")])
        }
    }

    @Test func endOfGenerationTokensFollowLlamaCppNames() throws {
        let tokenizer = try vocab.tokenizer()
        #expect(tokenizer.endOfGenerationIDs == [vocab.id("<|im_end|>"), vocab.id("<|endoftext|>"), vocab.id("</s>")])
        // A normal-typed `</s>` is promoted to control: parsed only with special parsing.
        #expect(tokenizer.tokenType(vocab.id("</s>")) == .control)
        #expect(tokenizer.encode("</s>", parseSpecial: true) == [vocab.id("</s>")])
        #expect(tokenizer.encode("</s>", parseSpecial: false).count == 4)
    }

    /// llama.cpp's exceptions: in a Harmony vocabulary `<|end|>` does not end generation,
    /// and beside `<|tool_response>` a `</s>` stays ordinary text.
    @Test func endOfGenerationExceptionsFollowLlamaCpp() throws {
        func tokenizer(_ extra: [String]) throws -> Tokenizer {
            let bytes = (0..<256).map { String(ByteLevelEncoding.scalarForByte[$0]) }
            return try Tokenizer(vocabulary: TokenizerVocabulary(
                tokens: bytes + extra, tokenTypes: Array(repeating: .normal, count: 256 + extra.count),
                merges: [], model: "gpt2", pre: "gpt-2", bosID: nil, eosID: nil, addsBOS: false))
        }
        let harmony = try tokenizer(["<|end|>", "<|return|>", "<|call|>", "<|channel|>"])
        #expect(harmony.endOfGenerationIDs == [257, 258])
        #expect(harmony.tokenType(256) == .userDefined)
        #expect(harmony.tokenType(259) == .userDefined)
        #expect(harmony.encode("<|channel|>") == [259])
        let plainEnd = try tokenizer(["<|end|>"])
        #expect(plainEnd.endOfGenerationIDs == [256])
        let gemma = try tokenizer(["</s>", "<|tool_response>"])
        #expect(gemma.endOfGenerationIDs == [257])
        #expect(gemma.tokenType(256) == .normal)
    }

    @Test func decodeRendersSpecialTokensOnlyOnRequest() throws {
        let tokenizer = try vocab.tokenizer()
        let ids = [vocab.id("<|im_start|>"), vocab.id("hello"), vocab.id("<tool>"), vocab.id("<unused0>")]
        #expect(tokenizer.decode(ids) == "hello<tool>")
        #expect(tokenizer.decode(ids, renderSpecial: true) == "<|im_start|>hello<tool>")
        #expect(tokenizer.decode([-1, 99_999, vocab.id("a")]) == "a")
        #expect(tokenizer.piece(vocab.id("Ġw")) == "Ġw")
        #expect(tokenizer.piece(-3) == "")
    }

    @Test func emptyTextHasNoTokens() throws {
        let tokenizer = try vocab.tokenizer()
        #expect(tokenizer.encode("").isEmpty)
        #expect(tokenizer.encode("", parseSpecial: true).isEmpty)
    }

    @Test func unknownModelIsATypedError() {
        #expect(throws: TokenizerError.unsupportedModel(found: "t5", supported: ["gpt2", "llama"])) {
            try Tokenizer(vocabulary: vocab.vocabulary(model: "t5"))
        }
    }

    @Test func unknownPreTokenizerIsATypedError() {
        #expect {
            try Tokenizer(vocabulary: vocab.vocabulary(pre: "deepseek-coder"))
        } throws: { error in
            guard case let .unsupportedPreTokenizer(found, supported)? = error as? TokenizerError else { return false }
            return found == "deepseek-coder" && supported.contains("qwen2") && supported.contains("smollm")
        }
    }

    @Test func inconsistentVocabulariesAreRejected() {
        var shortTypes = vocab.vocabulary()
        shortTypes.tokenTypes.removeLast()
        #expect(throws: TokenizerError.self) { try Tokenizer(vocabulary: shortTypes) }
        var badEOS = vocab.vocabulary()
        badEOS.eosID = 1_000_000
        #expect(throws: TokenizerError.specialTokenOutOfRange(role: "EOS", id: 1_000_000, vocabSize: badEOS.tokens.count)) {
            try Tokenizer(vocabulary: badEOS)
        }
        var badMerge = vocab.vocabulary()
        badMerge.merges.append("nospace")
        #expect(throws: TokenizerError.malformedMerge(index: badMerge.merges.count - 1, text: "nospace")) {
            try Tokenizer(vocabulary: badMerge)
        }
    }

    @Test func streamingHoldsBackPartialSequences() throws {
        let tokenizer = try vocab.tokenizer()
        let text = "é🍕 x"
        let ids = tokenizer.encode(text)   // no merges apply: one token per byte
        #expect(ids.count == Array(text.utf8).count)
        var decoder = TextStreamDecoder(tokenizer: tokenizer)
        var chunks: [String] = []
        for id in ids { chunks.append(decoder.append(id)) }
        chunks.append(decoder.finish())
        #expect(chunks.joined() == text)
        #expect(chunks[0] == "")          // first byte of é alone is held back
        #expect(chunks[1] == "é")
        #expect(!chunks.contains { $0.contains("\u{FFFD}") })
    }

    @Test func streamingFlushesAnUnfinishedSequenceAtTheEnd() throws {
        let tokenizer = try vocab.tokenizer()
        var decoder = TextStreamDecoder(tokenizer: tokenizer)
        #expect(decoder.append(0xF0) == "")
        #expect(decoder.finish() == "\u{FFFD}")
    }
}
