import Testing
@testable import Engine

@Suite struct SpanTagParsingTests {
    @Test(arguments: SpanLevel.allCases)
    func everyLevelParses(level: SpanLevel) throws {
        let tagged = try TaggedText(parsing: "Hi \(level.openingTag)there\(level.closingTag)!")
        #expect(tagged.text == "Hi there!")
        #expect(tagged.spans == [.init(level: level, range: 3..<8)])
        #expect(tagged.text(of: tagged.spans[0]) == "there")
    }

    @Test func severalSpansAndPieces() throws {
        let tagged = try TaggedText(parsing: "<!->Say<-!> it in <?->French<-?>, <!!!->now<-!!!>")
        #expect(tagged.text == "Say it in French, now")
        #expect(tagged.spans.map(\.level) == [.guide1, .measured, .guide3])
        #expect(tagged.spans.map(\.range) == [0..<3, 10..<16, 18..<21])
        #expect(tagged.pieces == [
            PromptPiece("Say", level: .guide1), PromptPiece(" it in "),
            PromptPiece("French", level: .measured), PromptPiece(", "),
            PromptPiece("now", level: .guide3),
        ])
    }

    @Test func whitespaceJustInsideTheTagsGoesWithThem() throws {
        let tagged = try TaggedText(parsing: "<!-> Answer in one word: <-!> What colour?\n<?->\n\t sky \r\n<-?> end")
        #expect(tagged.text == "Answer in one word: What colour?\nsky end")
        #expect(tagged.pieces == [
            PromptPiece("Answer in one word:", level: .guide1), PromptPiece(" What colour?\n"),
            PromptPiece("sky", level: .measured), PromptPiece(" end"),
        ])
        // Whitespace inside a span (not at its edges) and outside the tags stays.
        let inner = try TaggedText(parsing: "a <!!-> b  c <-!!> d")
        #expect(inner.text == "a b  c d")
        #expect(inner.spans == [.init(level: .guide2, range: 2..<6)])
        #expect(throws: SpanTagError.empty(.guide1, at: .init(line: 1, column: 3))) {
            try TaggedText(parsing: "x <!->  \n <-!> y")
        }
    }

    @Test func escapedTagsAreLiteral() throws {
        let tagged = try TaggedText(parsing: #"write \<!-> and \<-?> or a\b <!!->x<-!!>"#)
        #expect(tagged.text == #"write <!-> and <-?> or a\b x"#)
        #expect(tagged.spans == [.init(level: .guide2, range: 27..<28)])
    }

    @Test func rangesCountCharacters() throws {
        let tagged = try TaggedText(parsing: "é🇫🇷 <!->ça<-!>")
        #expect(tagged.spans[0].range == 3..<5)
        #expect(tagged.text(of: tagged.spans[0]) == "ça")
    }

    @Test(arguments: [
        ("abc <-!> d", SpanTagError.unopened(closing: .guide1, at: .init(line: 1, column: 5))),
        ("a\nb <!!->c", .unclosed(opening: .guide2, at: .init(line: 2, column: 3))),
        ("<!->a\n  <?->b<-?><-!>", .nested(opening: .measured, at: .init(line: 2, column: 3),
                                          outer: .guide1, outerAt: .init(line: 1, column: 1))),
        ("x <!->a<-!!>", .mismatched(closing: .guide2, at: .init(line: 1, column: 8),
                                     opening: .guide1, openedAt: .init(line: 1, column: 3))),
        ("\n\nok <!!!-><-!!!>", .empty(.guide3, at: .init(line: 3, column: 4))),
    ])
    func badTagsNameTheirPosition(input: String, expected: SpanTagError) {
        #expect(throws: expected) { try TaggedText(parsing: input) }
        #expect("\(expected)".hasPrefix("\(expected.position.line):\(expected.position.column): "))
    }
}

/// A byte-level stand-in tokenizer: one token per UTF-8 byte, `<s>` (special) is 256,
/// and with `merging` the pair "ab" is one token 300, so piecewise results can differ.
private struct ByteEncoder: PromptEncoding {
    var merging: Bool
    var promptBOS: Int?

    func encode(_ text: String, parseSpecialIn special: [Range<Int>]) -> [Int] {
        let bytes = Array(text.utf8)
        var ids: [Int] = []
        var index = 0
        while index < bytes.count {
            if special.contains(where: { $0.lowerBound <= index && index + 3 <= $0.upperBound }),
               bytes[index...].starts(with: Array("<s>".utf8)) {
                ids.append(256); index += 3
            } else if merging, bytes[index...].starts(with: Array("ab".utf8)) {
                ids.append(300); index += 2
            } else {
                ids.append(Int(bytes[index])); index += 1
            }
        }
        return ids
    }

    func textBytes(of id: Int) -> [UInt8] {
        switch id {
        case 256: return Array("<s>".utf8)
        case 300: return Array("ab".utf8)
        default: return [UInt8(id)]
        }
    }
}

@Suite struct SpanTokenMappingTests {
    @Test(arguments: SpanTokenization.allCases)
    func spansLandOnTheirOwnTokens(tokenization: SpanTokenization) throws {
        let tagged = try TaggedText(parsing: "a<!->bc<-!>d<?->e<-?>")
        let prompt = try MarkedPrompt(pieces: tagged.pieces, encoder: ByteEncoder(merging: false, promptBOS: 1),
                                      tokenization: tokenization)
        #expect(prompt.tokens == [1, 97, 98, 99, 100, 101])
        #expect(prompt.spans == [TokenSpan(level: .guide1, tokens: 2..<4),
                                 TokenSpan(level: .measured, tokens: 5..<6)])
        #expect(!prompt.tokenizationDiffers)
        #expect(prompt.boundaryNotes.isEmpty)
        #expect(prompt.measuredIndicator == [0, 0, 0, 0, 0, 1])
        #expect(prompt.level(ofToken: 3) == .guide1)
        #expect(prompt.level(ofToken: 4) == nil)
    }

    @Test func piecesTokenizeApartAndWholeTextKeepsTheUnmarkedIds() throws {
        let tagged = try TaggedText(parsing: "xa<!->b<-!>")
        let encoder = ByteEncoder(merging: true, promptBOS: nil)
        let pieces = try MarkedPrompt(pieces: tagged.pieces, encoder: encoder, tokenization: .pieces)
        #expect(pieces.tokens == [120, 97, 98])
        #expect(pieces.wholeTextTokens == [120, 300])
        #expect(pieces.tokenizationDiffers)
        #expect(pieces.spans == [TokenSpan(level: .guide1, tokens: 2..<3)])

        // The merged token "ab" straddles the span's start: it belongs to the span.
        let whole = try MarkedPrompt(pieces: tagged.pieces, encoder: encoder)
        #expect(whole.tokens == [120, 300])
        #expect(!whole.tokenizationDiffers)
        #expect(whole.spans == [TokenSpan(level: .guide1, tokens: 1..<2)])
        #expect(whole.boundaryNotes == [SpanBoundaryNote(level: .guide1, spanText: "b", edge: .start, token: 1,
                                                         tokenText: "ab", inSpan: true)])
        #expect("\(whole.boundaryNotes[0])" == #"span <!->b<-!> starts inside token 1 ("ab"); it is counted in the span"#)
    }

    @Test func aTokenSharedByAdjacentSpansStaysWithTheFirst() throws {
        let encoder = ByteEncoder(merging: true, promptBOS: 7)
        let shared = try MarkedPrompt(pieces: TaggedText(parsing: "<!->xa<-!><!!->bc<-!!>").pieces, encoder: encoder)
        #expect(shared.tokens == [7, 120, 300, 99])
        #expect(shared.spans == [TokenSpan(level: .guide1, tokens: 1..<3), TokenSpan(level: .guide2, tokens: 3..<4)])
        #expect(shared.boundaryNotes.map(\.edge) == [.end, .start])
        #expect(shared.boundaryNotes.map(\.inSpan) == [true, false])
        #expect(shared.boundaryNotes.allSatisfy { $0.token == 2 })
        // A span wholly inside the previous span's last token has no token of its own.
        #expect(throws: SpanMappingError.spanWithoutTokens(.guide2, text: "b")) {
            try MarkedPrompt(pieces: TaggedText(parsing: "<!->xa<-!><!!->b<-!!>").pieces, encoder: encoder)
        }
    }

    @Test func chatTagsSurviveTheTemplate() throws {
        let contents = ["be <!->brief<-!>", "say <s> <?->hi<-?>"]
        let pieces = try ChatPieces.pieces(contents: contents) { parts in
            "<s>sys\n" + parts.map { "<s>m\n\($0)</s>\n" }.joined() + "<s>a\n"
        }
        #expect(pieces.first == PromptPiece("<s>sys\n<s>m\n", parseSpecial: true))
        #expect(pieces.contains(PromptPiece("brief", level: .guide1)))
        #expect(pieces.contains(PromptPiece("say <s> ")))
        for tokenization in SpanTokenization.allCases {
            let prompt = try MarkedPrompt(pieces: pieces, encoder: ByteEncoder(merging: false, promptBOS: 256),
                                          tokenization: tokenization)
            #expect(prompt.tokens.first == 256 && prompt.tokens.dropFirst().first != 256)
            let brief = try #require(prompt.spans.first)
            #expect(prompt.tokens[brief.tokens] == ArraySlice("brief".utf8.map(Int.init)))
            // The template's four "<s>" are special; the user's "<s>" stays text, in both tokenizations.
            #expect(prompt.tokens.filter { $0 == 256 }.count == 4)
            #expect(!prompt.tokenizationDiffers)
        }
    }

    @Test func tokensThatDoNotSpellTheTextAreRefused() {
        struct Lossy: PromptEncoding {
            var promptBOS: Int? { nil }
            func encode(_ text: String, parseSpecialIn special: [Range<Int>]) -> [Int] { [0] }
            func textBytes(of id: Int) -> [UInt8] { [] }
        }
        #expect(throws: SpanMappingError.tokensDoNotSpellText) {
            try MarkedPrompt(pieces: TaggedText(parsing: "a <!->b<-!>").pieces, encoder: Lossy())
        }
        #expect(throws: Never.self) {
            try MarkedPrompt(pieces: TaggedText(parsing: "a <!->b<-!>").pieces, encoder: Lossy(), tokenization: .pieces)
        }
    }

    @Test func chatTagErrorsNameTheMessage() {
        #expect(throws: SpanMappingError.inMessage(1, .unclosed(opening: .guide1, at: .init(line: 1, column: 3)))) {
            try ChatPieces.pieces(contents: ["ok", "a <!->b"]) { $0.joined() }
        }
        #expect(throws: SpanMappingError.messageNotRendered(0)) {
            try ChatPieces.pieces(contents: ["dropped"]) { _ in "nothing" }
        }
    }
}

@Suite struct GuideScheduleTests {
    let spans = [TokenSpan(level: .guide1, tokens: 1..<3), TokenSpan(level: .measured, tokens: 3..<4),
                 TokenSpan(level: .guide2, tokens: 5..<6), TokenSpan(level: .guide3, tokens: 7..<8)]

    @Test func levelsKeepTheirRatios() throws {
        let bias = try #require(GuideSchedule(delta: 1.5).promptBias(spans: spans, layerCount: 2))
        #expect(bias.values(layer: 0) == [0, 1.5, 1.5, 0, 0, 3, 0, 6])
        #expect(bias.values(layer: 1) == bias.values(layer: 0))
    }

    @Test(arguments: [
        (GuideSchedule.Layers.all, [true, true, true, true]),
        (.first, [true, false, false, false]),
        (.last, [false, false, false, true]),
        (.list([1, 3]), [false, true, false, true]),
        (.range(1..<3), [false, true, true, false]),
    ])
    func layerSelection(layers: GuideSchedule.Layers, chosen: [Bool]) throws {
        let bias = try #require(GuideSchedule(delta: 2, layers: layers).promptBias(spans: spans, layerCount: 4))
        #expect((0..<4).map { bias.values(layer: $0) != nil } == chosen)
    }

    @Test func profilesAndSteps() throws {
        let schedule = GuideSchedule(layerCount: 3, steps: .prefill) { $0 < 2 ? 2 : 0 }
        let bias = try #require(schedule.promptBias(spans: spans, layerCount: 3))
        #expect(bias.values(layer: 1)?[1] == 2)
        #expect(bias.values(layer: 2) == nil)
        #expect(schedule.decodeBias(spans: spans, layerCount: 3) == nil)
        #expect(GuideSchedule(delta: 2).decodeBias(spans: spans, layerCount: 3) != nil)
    }

    @Test func zeroDeltaOrNoGuideSpanMeansNoBias() {
        #expect(GuideSchedule(delta: 0).promptBias(spans: spans, layerCount: 3) == nil)
        #expect(GuideSchedule(delta: 2).promptBias(spans: [spans[1]], layerCount: 3) == nil)
    }

    @Test func layersOutsideTheModelAreErrors() {
        #expect(throws: GuideScheduleError.layerOutOfRange(4, layerCount: 4)) {
            try GuideSchedule(delta: 1, layers: .range(2..<5)).validate(layerCount: 4)
        }
        #expect(throws: GuideScheduleError.layerOutOfRange(-1, layerCount: 4)) {
            try GuideSchedule(delta: 1, layers: .list([-1])).validate(layerCount: 4)
        }
    }
}
