import Engine
import Testing
@testable import Runtime

/// How prompts and their tokens show their spans on a terminal and through a pipe.
@Suite struct SpanDisplayTests {
    static let tokens = [SpanDisplay.Token(text: "Please", level: nil),
                         SpanDisplay.Token(text: " translate", level: .guide1),
                         SpanDisplay.Token(text: " this", level: .guide1),
                         SpanDisplay.Token(text: "\n", level: nil),
                         SpanDisplay.Token(text: "now", level: .measured)]

    /// `text` without its ANSI styling sequences (ESC [ digits and semicolons m).
    static func withoutStyles(_ text: String) -> String {
        var out = "", inSequence = false
        for character in text {
            if character == "\u{1B}" { inSequence = true; continue }
            if inSequence { if character == "m" { inSequence = false }; continue }
            out.append(character)
        }
        return out
    }

    @Test func tokensShowTheirBoundariesSpacesAndSpans() {
        #expect(SpanDisplay.tokens(Self.tokens, colored: false) == "Please│<!->␣translate│␣this<-!>│↵│<?->now<-?>")
        // Colour adds styling around the same visible text.
        let colored = SpanDisplay.tokens(Self.tokens, colored: true)
        #expect(colored.contains("\u{1B}["))
        #expect(Self.withoutStyles(colored) == "Please│<!->␣translate│␣this<-!>│↵│<?->now<-?>")
        #expect(SpanDisplay.visible(" a\tb\r\n") == "␣a⇥b↵")
    }

    @Test func longTokenRunsWrapAtTheWidth() {
        let many = (0..<30).map { SpanDisplay.Token(text: " word\($0)", level: $0 >= 10 && $0 < 12 ? .guide2 : nil) }
        let lines = SpanDisplay.tokens(many, colored: false, width: 40).split(separator: "\n")
        #expect(lines.count > 1)
        #expect(lines.allSatisfy { $0.count <= 40 })
        #expect(lines.joined() == Substring(SpanDisplay.tokens(many, colored: false, width: 10_000)))
    }

    @Test func promptsShowTheirTags() {
        let pieces: [(text: String, level: SpanLevel?)] = [("Say ", nil), ("bonjour", .guide3), (" now", nil)]
        #expect(SpanDisplay.prompt(pieces, colored: false) == "Say <!!!->bonjour<-!!!> now")
        let colored = SpanDisplay.prompt(pieces, colored: true)
        #expect(Self.withoutStyles(colored) == "Say <!!!->bonjour<-!!!> now")
        #expect(colored != SpanDisplay.prompt(pieces, colored: false))
    }

    @Test func longAttentionMapsAverageRunsOfRows() {
        let n = 70
        let values = (0..<n).map { i in (0..<n).map { j in j <= i ? 1 / Double(i + 1) : .nan } }
        let map = Chart.Heatmap(rowLabels: (0..<n).map(String.init), columnLabels: (0..<n).map(String.init), values: values)
        let shown = AttentionValue.rowsAveraged(map, toAtMost: 32)
        #expect(shown.values.count == 24)   // runs of 3 rows
        #expect(shown.rowLabels.prefix(2) == ["0", "3"])
        // Row run 0…2, column 0: the mean of 1, 1/2, 1/3; column 2 is seen only by row 2.
        #expect(abs(shown.values[0][0] - (1 + 0.5 + 1.0 / 3) / 3) < 1e-12)
        #expect(abs(shown.values[0][2] - 1.0 / 3) < 1e-12)
        #expect(shown.values[0][3].isNaN)
        #expect(AttentionValue.rowsAveraged(map, toAtMost: 100).values.count == n)
    }
}
