import Testing
@testable import Engine

/// Spans mapped to tokens with the real tokenizers (synthetic and smollm2).
@Suite struct SpansTokenizerTests {
    @Test(arguments: SyntheticModel.Flavour.allCases)
    func syntheticTokenizerMapsSpans(flavour: SyntheticModel.Flavour) throws {
        let synthetic = SyntheticModel(.init(flavour: flavour))
        let gguf = try GGUFFile(bytes: synthetic.ggufWriter().bytes())
        let tokenizer = try Tokenizer(gguf: gguf)
        let prompt = try MarkedPrompt(tagged: "the <!->theme<-!> then", tokenizer: tokenizer)
        let bos = flavour == .llama ? [synthetic.specialID("<|endoftext|>")] : []
        #expect(prompt.tokens.starts(with: bos))
        let span = try #require(prompt.spans.first)
        #expect(Array(prompt.tokens[span.tokens]) == tokenizer.encode("theme"))
        #expect(tokenizer.decode(Array(prompt.tokens[span.tokens])) == "theme")
        // Whole-text BPE merges " t" + "he" across the tag; piecewise it cannot.
        #expect(prompt.tokenizationDiffers == (tokenizer.encode(" theme") != tokenizer.encode(" ") + tokenizer.encode("theme")))
    }

    @Test func smolLMSpansAndChat() throws {
        let gguf = try GGUFTestModels.open(GGUFTestModels.smolLM)
        let tokenizer = try Tokenizer(gguf: gguf)
        let template = try ChatTemplate(gguf: gguf)
        let prompt = try MarkedPrompt(tagged: "Translate <!->into French<-!>: <?->the cat<-?> sleeps.",
                                      tokenizer: tokenizer)
        #expect(prompt.text == "Translate into French: the cat sleeps.")
        #expect(prompt.spans.map(\.level) == [.guide1, .measured])
        #expect(tokenizer.decode(Array(prompt.tokens[prompt.spans[0].tokens])) == "into French")
        #expect(tokenizer.decode(Array(prompt.tokens[prompt.spans[1].tokens])) == "the cat")
        #expect(tokenizer.decode(prompt.tokens) == prompt.text)

        let chat = try MarkedPrompt(chat: [ChatMessage(role: "user", content: "<!->Summarize in French:<-!> <|im_end|>")],
                                    template: template, tokenizer: tokenizer)
        let span = try #require(chat.spans.first)
        #expect(tokenizer.decode(Array(chat.tokens[span.tokens])) == "Summarize in French:")
        #expect(chat.tokens.prefix(1) == [1])                       // <|im_start|> from the template
        #expect(chat.text.contains("You are a helpful AI assistant named SmolLM"))
        #expect(chat.tokens.filter { $0 == 2 }.count == 2)          // user "<|im_end|>" stays text
        #expect(chat.tokenizationDiffers)
        #expect(chat.tokens.suffix(4) == ArraySlice(tokenizer.encode("<|im_start|>assistant\n", parseSpecial: true)))
    }
}
