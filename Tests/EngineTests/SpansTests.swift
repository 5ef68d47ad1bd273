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
private func byteEncode(merging: Bool) -> (String, Bool) -> [Int] {
    { text, parseSpecial in
        var ids: [Int] = []
        var rest = Substring(text)
        while let first = rest.utf8.first {
            if parseSpecial, rest.hasPrefix("<s>") {
                ids.append(256); rest = rest.dropFirst(3)
            } else if merging, rest.hasPrefix("ab") {
                ids.append(300); rest = rest.dropFirst(2)
            } else {
                ids.append(Int(first)); rest = Substring(rest.utf8.dropFirst())
            }
        }
        return ids
    }
}

@Suite struct SpanTokenMappingTests {
    @Test func spansLandOnTheirOwnTokens() throws {
        let tagged = try TaggedText(parsing: "a<!->bc<-!>d<?->e<-?>")
        let prompt = try MarkedPrompt(pieces: tagged.pieces, bos: 1, encode: byteEncode(merging: false))
        #expect(prompt.tokens == [1, 97, 98, 99, 100, 101])
        #expect(prompt.spans == [TokenSpan(level: .guide1, tokens: 2..<4),
                                 TokenSpan(level: .measured, tokens: 5..<6)])
        #expect(!prompt.tokenizationDiffers)
        #expect(prompt.measuredIndicator == [0, 0, 0, 0, 0, 1])
        #expect(prompt.level(ofToken: 3) == .guide1)
        #expect(prompt.level(ofToken: 4) == nil)
    }

    @Test func piecewiseDifferenceIsReported() throws {
        let tagged = try TaggedText(parsing: "xa<!->b<-!>")
        let prompt = try MarkedPrompt(pieces: tagged.pieces, bos: nil, encode: byteEncode(merging: true))
        #expect(prompt.tokens == [120, 97, 98])
        #expect(prompt.wholeTextTokens == [120, 300])
        #expect(prompt.tokenizationDiffers)
        #expect(prompt.spans == [TokenSpan(level: .guide1, tokens: 2..<3)])
    }

    @Test func chatTagsSurviveTheTemplate() throws {
        let contents = ["be <!->brief<-!>", "say <s> <?->hi<-?>"]
        let pieces = try ChatPieces.pieces(contents: contents) { parts in
            "<s>sys\n" + parts.map { "<s>m\n\($0)</s>\n" }.joined() + "<s>a\n"
        }
        #expect(pieces.first == PromptPiece("<s>sys\n<s>m\n", parseSpecial: true))
        #expect(pieces.contains(PromptPiece("brief", level: .guide1)))
        #expect(pieces.contains(PromptPiece("say <s> ")))
        let prompt = try MarkedPrompt(pieces: pieces, bos: 256, encode: byteEncode(merging: false))
        #expect(prompt.tokens.first == 256 && prompt.tokens.dropFirst().first != 256)
        let brief = try #require(prompt.spans.first)
        #expect(prompt.tokens[brief.tokens] == ArraySlice("brief".utf8.map(Int.init)))
        // User text keeps "<s>" as text; the whole-text tokenization parses it as special.
        #expect(prompt.tokens.filter { $0 == 256 }.count == 4)
        #expect(prompt.tokenizationDiffers)
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
