import Testing
@testable import Engine

/// Token ids equal llama.cpp's on the real models' vocabularies, and decoding gives the
/// text back.
@Suite struct TokenizerReferenceTests {
    @Test(arguments: TokenizerReference.allStrings())
    func referenceStringWithSpecialParsing(model: String, reference: TokenizerReference.ReferenceString) throws {
        let tokenizer = try RealTokenizers.tokenizer(model)
        #expect(tokenizer.encode(reference.text, parseSpecial: true) == reference.idsParseSpecial)
    }

    @Test(arguments: TokenizerReference.allStrings())
    func referenceStringWithoutSpecialParsing(model: String, reference: TokenizerReference.ReferenceString) throws {
        let tokenizer = try RealTokenizers.tokenizer(model)
        #expect(tokenizer.encode(reference.text, parseSpecial: false) == reference.idsPlain)
    }

    @Test(arguments: TokenizerReference.allPrompts())
    func referencePrompt(model: String, reference: TokenizerReference.ReferencePrompt) throws {
        let tokenizer = try RealTokenizers.tokenizer(model)
        #expect(tokenizer.encode(reference.prompt, parseSpecial: reference.parseSpecial) == reference.promptTokenIds)
    }

    @Test(arguments: TokenizerReference.allStrings())
    func decodeRoundTrips(model: String, reference: TokenizerReference.ReferenceString) throws {
        let tokenizer = try RealTokenizers.tokenizer(model)
        #expect(tokenizer.decode(reference.idsPlain) == reference.text)
        #expect(tokenizer.decode(reference.idsParseSpecial, renderSpecial: true) == reference.text)
    }

    @Test(arguments: TokenizerReference.allStrings())
    func streamingEqualsFullDecode(model: String, reference: TokenizerReference.ReferenceString) throws {
        let tokenizer = try RealTokenizers.tokenizer(model)
        for renderSpecial in [false, true] {
            var decoder = TextStreamDecoder(tokenizer: tokenizer, renderSpecial: renderSpecial)
            var chunks = reference.idsParseSpecial.map { decoder.append($0) }
            chunks.append(decoder.finish())
            #expect(chunks.joined() == tokenizer.decode(reference.idsParseSpecial, renderSpecial: renderSpecial))
            #expect(!chunks.contains { $0.contains("\u{FFFD}") })
        }
    }

    @Test(arguments: TokenizerReference.modelNames)
    func specialTokensMatchLlamaCpp(model: String) throws {
        let tokenizer = try RealTokenizers.tokenizer(model)
        let reference = try TokenizerReference.load(model)
        #expect(tokenizer.bosID == reference.bosId)
        #expect(tokenizer.eosID == reference.eosId)
        #expect(tokenizer.addsBOS == reference.addsBos)
        #expect(tokenizer.endOfGenerationIDs == Set(reference.eogIds))
    }

    @Test func qwenEndOfSequenceLookalikeIsAControlToken() throws {
        let tokenizer = try RealTokenizers.tokenizer(TokenizerReference.modelNames[1])
        #expect(tokenizer.piece(128_247) == "</s>")
        #expect(tokenizer.tokenType(128_247) == .control)
        #expect(tokenizer.encode("a</s>", parseSpecial: true) == [64, 128_247])
        #expect(!tokenizer.encode("a</s>", parseSpecial: false).contains(128_247))
        #expect(tokenizer.decode([128_247]) == "")
        #expect(tokenizer.decode([128_247], renderSpecial: true) == "</s>")
    }

    /// User-defined tokens are matched whole even without special parsing, as in llama.cpp.
    @Test func qwenUserDefinedTokensAreAlwaysMatched() throws {
        let tokenizer = try RealTokenizers.tokenizer(TokenizerReference.modelNames[1])
        #expect(tokenizer.tokenType(151_657) == .userDefined)
        #expect(tokenizer.encode("<tool_call>", parseSpecial: false) == [151_657])
        #expect(tokenizer.decode([151_657, 151_658]) == "<tool_call></tool_call>")
    }

    /// Multi-byte characters split across tokens stream out whole, at every split point.
    @Test(arguments: TokenizerReference.modelNames)
    func streamingHoldsBackPartialCharacters(model: String) throws {
        let tokenizer = try RealTokenizers.tokenizer(model)
        let text = "Ça dépend 🍕🎉 今天天气 Ελληνικά हिन्दी 😀👍"
        let ids = tokenizer.encode(text)
        #expect(tokenizer.decode(ids) == text)
        for split in 0...ids.count {
            var decoder = TextStreamDecoder(tokenizer: tokenizer)
            let head = ids[..<split].map { decoder.append($0) }.joined()
            let tail = ids[split...].map { decoder.append($0) }.joined() + decoder.finish()
            #expect(head + tail == text)
            #expect(!head.contains("\u{FFFD}"))
        }
    }
}
