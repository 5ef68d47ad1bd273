import Testing
@testable import Engine

/// Spans mapped to tokens with the real tokenizers (synthetic and smollm2).
@Suite struct SpansTokenizerTests {
    @Test(arguments: SyntheticModel.Flavour.allCases)
    func syntheticTokenizerMapsSpans(flavour: SyntheticModel.Flavour) throws {
        let synthetic = SyntheticModel(.init(flavour: flavour))
        let gguf = try GGUFFile(bytes: synthetic.ggufWriter().bytes())
        let tokenizer = try Tokenizer(gguf: gguf)
        let bos = flavour == .llama ? [synthetic.specialID("<|endoftext|>")] : []

        let whole = try MarkedPrompt(tagged: "the <!->theme<-!> then", tokenizer: tokenizer)
        #expect(whole.tokens == bos + tokenizer.encode("the theme then"))
        let span = try #require(whole.spans.first)
        #expect(tokenizer.decode(Array(whole.tokens[span.tokens])).contains("theme"))

        let pieces = try MarkedPrompt(tagged: "the <!->theme<-!> then", tokenizer: tokenizer, tokenization: .pieces)
        #expect(pieces.tokens.starts(with: bos))
        let pieceSpan = try #require(pieces.spans.first)
        #expect(Array(pieces.tokens[pieceSpan.tokens]) == tokenizer.encode("theme"))
        // Whole-text BPE merges " t" + "he" across the tag; piecewise it cannot.
        #expect(pieces.tokenizationDiffers == (tokenizer.encode(" theme") != tokenizer.encode(" ") + tokenizer.encode("theme")))
        #expect(pieces.wholeTextTokens == whole.tokens)
    }

    @Test func smolLMSpansAndChat() throws {
        let gguf = try GGUFTestModels.open(GGUFTestModels.smolLM)
        let tokenizer = try Tokenizer(gguf: gguf)
        let template = try ChatTemplate(gguf: gguf)
        let prompt = try MarkedPrompt(tagged: "Translate <!->into French<-!>: <?->the cat<-?> sleeps.",
                                      tokenizer: tokenizer)
        #expect(prompt.text == "Translate into French: the cat sleeps.")
        #expect(prompt.tokens == tokenizer.encode(prompt.text))
        #expect(prompt.spans.map(\.level) == [.guide1, .measured])
        // The words' leading spaces are part of their tokens, so the spans take them.
        #expect(tokenizer.decode(Array(prompt.tokens[prompt.spans[0].tokens])) == " into French")
        #expect(tokenizer.decode(Array(prompt.tokens[prompt.spans[1].tokens])) == " the cat")
        #expect(prompt.boundaryNotes.map(\.tokenText) == [" into", " the"])

        let chat = try MarkedPrompt(chat: [ChatMessage(role: "user", content: "<!->Summarize in French:<-!> Bonjour")],
                                    template: template, tokenizer: tokenizer)
        let span = try #require(chat.spans.first)
        #expect(tokenizer.decode(Array(chat.tokens[span.tokens])) == "Summarize in French:")
        #expect(chat.tokens.prefix(1) == [1])                       // <|im_start|> from the template
        #expect(chat.text.contains("You are a helpful AI assistant named SmolLM"))
        #expect(chat.tokens.suffix(4) == ArraySlice(tokenizer.encode("<|im_start|>assistant\n", parseSpecial: true)))
    }
}
