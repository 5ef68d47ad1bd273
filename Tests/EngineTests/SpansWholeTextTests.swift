import Testing
@testable import Engine

/// Writes span tags into a text at chosen character ranges, escaping tag look-alikes the
/// text already holds, so that parsing the result gives back exactly the text.
enum TagWriter {
    static let tagStrings = SpanLevel.allCases.flatMap { [$0.openingTag, $0.closingTag] }.map(Array.init)

    /// Character offsets where a tag string starts in `characters`, with the positions
    /// strictly inside such an occurrence (no span edge may go there).
    static func tagOccurrences(_ characters: [Character]) -> (starts: Set<Int>, inside: Set<Int>) {
        var starts: Set<Int> = [], inside: Set<Int> = []
        for i in characters.indices {
            for tag in tagStrings where i + tag.count <= characters.count
                && characters[i..<i + tag.count].elementsEqual(tag) {
                starts.insert(i)
                inside.formUnion(i + 1..<i + tag.count)
            }
        }
        return (starts, inside)
    }

    /// `text` with `spans` (sorted, non-overlapping character ranges) tagged; `padding` goes
    /// just inside every tag (it is dropped again when parsed).
    static func tagged(_ text: String, spans: [(level: SpanLevel, range: Range<Int>)], padding: String = "") -> String {
        let characters = Array(text)
        let escapes = tagOccurrences(characters).starts
        var output = ""
        for (i, character) in characters.enumerated() {
            for span in spans where span.range.upperBound == i { output += padding + span.level.closingTag }
            for span in spans where span.range.lowerBound == i { output += span.level.openingTag + padding }
            if escapes.contains(i) { output += "\\" }
            output.append(character)
        }
        for span in spans where span.range.upperBound == characters.count { output += padding + span.level.closingTag }
        return output
    }

    /// Span layouts over `text`: at the start, at the end, in the middle, two spans separated
    /// only by whitespace, spans cut inside words (tokens straddle their edges), and two
    /// spans touching inside a word. No span starts or ends with whitespace.
    static func layouts(_ text: String) -> [[(level: SpanLevel, range: Range<Int>)]] {
        let characters = Array(text)
        let forbidden = tagOccurrences(characters).inside
        let n = characters.count
        let starts = (0..<n).filter { !characters[$0].isWhitespace && ($0 == 0 || characters[$0 - 1].isWhitespace) }
        let ends = (1...max(n, 1)).filter { $0 <= n && !characters[$0 - 1].isWhitespace && ($0 == n || characters[$0].isWhitespace) }
        guard !starts.isEmpty, starts.count == ends.count else { return [] }
        let words = zip(starts, ends).map { $0..<$1 }.filter { !forbidden.contains($0.lowerBound) && !forbidden.contains($0.upperBound) }
        guard let first = words.first, let last = words.last else { return [] }
        let middle = words[words.count / 2]
        var layouts: [[(level: SpanLevel, range: Range<Int>)]] = [
            [(.guide1, first.lowerBound..<words[min(2, words.count - 1)].upperBound)],
            [(.measured, words[max(0, words.count - 3)].lowerBound..<last.upperBound)],
            [(.guide2, middle)],
        ]
        if words.count >= 2 {
            let k = (words.count - 1) / 2
            layouts.append([(.guide1, first), (.guide3, last)])
            layouts.append([(.guide1, words[k]), (.guide2, words[k + 1])])
        }
        // Cut inside long words: the tokens covering the cut straddle the span's edges.
        let long = words.filter { $0.count >= 4 && (($0.lowerBound + 1)..<($0.upperBound - 1)).allSatisfy { !forbidden.contains($0) } }
        if let word = long.first {
            layouts.append([(.guide1, word.lowerBound + 1..<word.upperBound - 1)])
        }
        if let word = long.last, long.count > 1, word.count >= 8 {
            let cut = (word.lowerBound + word.upperBound) / 2
            layouts.append([(.guide1, word.lowerBound..<cut), (.measured, cut..<word.upperBound)])
        }
        return layouts
    }
}

/// A span is an attention intervention only: the marked prompt's ids equal the unmarked
/// prompt's (llama.cpp's reference ids), for every reference text and span layout.
@Suite struct SpansWholeTextTests {
    static func check(_ marked: MarkedPrompt, reference: [Int], spans: [(level: SpanLevel, range: Range<Int>)],
                      text: String, tokenizer: Tokenizer, label: String) {
        #expect(marked.tokens == reference, "\(label): marked ids differ from the unmarked ids")
        #expect(marked.wholeTextTokens == reference)
        #expect(marked.spans.map(\.level) == spans.map(\.level), "\(label)")
        let characters = Array(text)
        for (span, expected) in zip(marked.spans, spans) {
            let spanText = String(characters[expected.range])
            // A token shared with the previous span stays there; it still holds this span's start.
            let shared = marked.boundaryNotes.contains { !$0.inSpan && $0.token == span.tokens.lowerBound - 1 }
            let covering = (shared ? span.tokens.lowerBound - 1 : span.tokens.lowerBound)..<span.tokens.upperBound
            let covered = tokenizer.decode(Array(marked.tokens[covering]), renderSpecial: true)
            #expect(covered.contains(spanText), "\(label): tokens of \(expected.level) read \(covered.debugDescription)")
        }
    }

    /// Runs `make`; when it refuses a span that lies inside the previous span's last token
    /// (two spans touching inside a word), checks that one reference token does hold the
    /// whole span's text, and returns nil.
    static func mark(_ reference: [Int], tokenizer: Tokenizer, _ make: () throws -> MarkedPrompt) throws -> MarkedPrompt? {
        do {
            return try make()
        } catch SpanMappingError.spanWithoutTokens(_, let text) {
            #expect(reference.contains { tokenizer.decode([$0]).contains(text) }, "span \(text.debugDescription) refused")
            return nil
        }
    }

    @Test(arguments: TokenizerReference.allStrings())
    func referenceStringsKeepTheirIds(model: String, reference: TokenizerReference.ReferenceString) throws {
        let tokenizer = try RealTokenizers.tokenizer(model)
        let layouts = TagWriter.layouts(reference.text)
        #expect(!layouts.isEmpty || reference.text.allSatisfy(\.isWhitespace) || reference.text.count < 2)
        for (index, spans) in layouts.enumerated() {
            for padding in ["", " ", "\n\t "] {
                let tagged = TagWriter.tagged(reference.text, spans: spans, padding: padding)
                guard let marked = try Self.mark(reference.idsPlain, tokenizer: tokenizer, {
                    try MarkedPrompt(tagged: tagged, tokenizer: tokenizer)
                }) else { continue }
                #expect(marked.text == reference.text, "\(reference.name) layout \(index)")
                Self.check(marked, reference: reference.idsPlain, spans: spans, text: reference.text,
                           tokenizer: tokenizer, label: "\(model) \(reference.name) layout \(index) padding \(padding.debugDescription)")
            }
        }
    }

    @Test(arguments: TokenizerReference.allPrompts())
    func referencePromptsKeepTheirIds(model: String, reference: TokenizerReference.ReferencePrompt) throws {
        let tokenizer = try RealTokenizers.tokenizer(model)
        if let messages = reference.chatMessages {
            // Spans inside the user message of a chat: the template's tokens around it too.
            let template = try ChatTemplate(gguf: RealTokenizers.file(model))
            let content = try #require(messages.last?.content)
            for (index, spans) in TagWriter.layouts(content).enumerated() {
                let tagged = messages.dropLast().map { ChatMessage(role: $0.role, content: $0.content) }
                    + [ChatMessage(role: "user", content: TagWriter.tagged(content, spans: spans, padding: " "))]
                guard let marked = try Self.mark(reference.promptTokenIds, tokenizer: tokenizer, {
                    try MarkedPrompt(chat: tagged, template: template, tokenizer: tokenizer)
                }) else { continue }
                #expect(marked.text == reference.prompt)
                let contentStart = try #require(reference.prompt.range(of: content)).lowerBound
                let shift = reference.prompt[..<contentStart].count
                let shifted = spans.map { ($0.level, $0.range.lowerBound + shift..<$0.range.upperBound + shift) }
                Self.check(marked, reference: reference.promptTokenIds, spans: shifted, text: reference.prompt,
                           tokenizer: tokenizer, label: "\(model) \(reference.id) chat layout \(index)")
            }
        } else {
            #expect(!reference.parseSpecial)
            for (index, spans) in TagWriter.layouts(reference.prompt).enumerated() {
                guard let marked = try Self.mark(reference.promptTokenIds, tokenizer: tokenizer, {
                    try MarkedPrompt(tagged: TagWriter.tagged(reference.prompt, spans: spans, padding: " "), tokenizer: tokenizer)
                }) else { continue }
                Self.check(marked, reference: reference.promptTokenIds, spans: spans, text: reference.prompt,
                           tokenizer: tokenizer, label: "\(model) \(reference.id) layout \(index)")
            }
        }
    }

    /// The prompt: the whitespace inside the tags is dropped, no lone space token
    /// lands in the span, and the ids equal the unmarked chat's.
    @Test(arguments: TokenizerReference.modelNames)
    func chatWithSpanTokenizesAsWithout(model: String) throws {
        let tokenizer = try RealTokenizers.tokenizer(model)
        let template = try ChatTemplate(gguf: RealTokenizers.file(model))
        let marked = try MarkedPrompt(chat: [ChatMessage(role: "user", content: "<!-> Answer in one word: <-!> What colour is the sky?")],
                                      template: template, tokenizer: tokenizer)
        let plain = try MarkedPrompt(chat: [ChatMessage(role: "user", content: "Answer in one word: What colour is the sky?")],
                                     template: template, tokenizer: tokenizer)
        #expect(marked.tokens == plain.tokens)
        #expect(marked.tokens == tokenizer.encode(template.render([ChatMessage(role: "user", content: "Answer in one word: What colour is the sky?")],
                                                                  addGenerationPrompt: true), parseSpecial: true))
        let span = try #require(marked.spans.first)
        #expect(tokenizer.decode(Array(marked.tokens[span.tokens])) == "Answer in one word:")
        #expect(marked.boundaryNotes.isEmpty)
    }

    /// A user message holding special-token text keeps it as text in the whole-text
    /// tokenization too; only the template's own special tokens are parsed.
    @Test func userSpecialTokenTextStaysText() throws {
        let tokenizer = try RealTokenizers.tokenizer(GGUFTestModels.smolLM)
        let template = try ChatTemplate(gguf: RealTokenizers.file(GGUFTestModels.smolLM))
        let chat = try MarkedPrompt(chat: [ChatMessage(role: "user", content: "<!->Summarize in French:<-!> <|im_end|>")],
                                    template: template, tokenizer: tokenizer)
        #expect(chat.tokens.filter { $0 == 2 }.count == 2)          // <|im_end|>: system and user turns only
        #expect(!chat.tokenizationDiffers)
        #expect(tokenizer.decode(Array(chat.tokens[try #require(chat.spans.first).tokens])) == "Summarize in French:")
    }

    @Test func aStraddlingTokenIsReportedAndCountedInTheSpan() throws {
        let tokenizer = try RealTokenizers.tokenizer(GGUFTestModels.smolLM)
        let marked = try MarkedPrompt(tagged: "Please <!->translate this<-!> now", tokenizer: tokenizer)
        let span = try #require(marked.spans.first)
        #expect(tokenizer.decode(Array(marked.tokens[span.tokens])) == " translate this")
        #expect(marked.boundaryNotes == [SpanBoundaryNote(level: .guide1, spanText: "translate this", edge: .start,
                                                          token: span.tokens.lowerBound, tokenText: " translate",
                                                          inSpan: true)])
        // Inside a word with multi-byte characters: the edge cuts a token, maybe a character's bytes.
        let accents = try MarkedPrompt(tagged: "la bibliot<?->hèque<-?> est là", tokenizer: tokenizer)
        #expect(accents.tokens == tokenizer.encode("la bibliothèque est là"))
        #expect(!accents.boundaryNotes.isEmpty)
        #expect(tokenizer.decode(Array(accents.tokens[try #require(accents.spans.first).tokens])).contains("hèque"))
    }

    /// `.pieces` is the old piecewise tokenization: each piece encoded on its own.
    @Test(arguments: [
        "the <!->theme<-!> then",
        "Translate <!->into French<-!>: <?->the cat<-?> sleeps.",
        "Please <!->translate this<-!> now",
        "la bibliot<?->hèque<-?> est là",
        "<!!!->Start<-!!!> and <!->end<-!>",
    ])
    func piecesReproducePiecewiseTokenization(tagged: String) throws {
        let tokenizer = try RealTokenizers.tokenizer(GGUFTestModels.smolLM)
        let pieces = try TaggedText(parsing: tagged).pieces
        let marked = try MarkedPrompt(tagged: tagged, tokenizer: tokenizer, tokenization: .pieces)
        #expect(marked.tokens == pieces.flatMap { tokenizer.encode($0.text) })
        #expect(marked.wholeTextTokens == tokenizer.encode(pieces.map(\.text).joined()))
        #expect(marked.boundaryNotes.isEmpty)
        var position = 0
        for piece in pieces {
            let count = tokenizer.encode(piece.text).count
            if let level = piece.level {
                #expect(marked.spans.contains(TokenSpan(level: level, tokens: position..<position + count)))
            }
            position += count
        }
    }
}
