import Testing
@testable import GuideLang

struct LexerTests {
    func kinds(_ text: String) -> [TokenKind] {
        Lexer.tokenize(SourceFile(name: "t", text: text)).tokens.map(\.kind).dropLast()
    }

    func errors(_ text: String) -> [String] {
        Lexer.tokenize(SourceFile(name: "t", text: text)).diagnostics.map { "\($0.location!): \($0.message)" }
    }

    @Test(arguments: [("12", 12.0), ("1_000", 1000), ("0.5", 0.5), ("2e-3", 0.002), ("1E+2", 100), ("3.25e1", 32.5)])
    func numbers(_ text: String, _ value: Double) {
        #expect(kinds(text) == [.number(value)])
    }

    @Test func rangesAreNotDecimals() {
        #expect(kinds("0..<5") == [.number(0), .symbol(.halfOpenRange), .number(5)])
        #expect(kinds("0...5") == [.number(0), .symbol(.closedRange), .number(5)])
        #expect(kinds("x.delta") == [.identifier("x"), .symbol(.dot), .identifier("delta")])
    }

    @Test func operatorsTakeTheLongestMatch() {
        #expect(kinds("a |> f") == [.identifier("a"), .symbol(.pipe), .identifier("f")])
        #expect(kinds("x=>y") == [.identifier("x"), .symbol(.arrow), .identifier("y")])
        #expect(kinds("a<=b") == [.identifier("a"), .symbol(.lessEqual), .identifier("b")])
        #expect(kinds("n+=1") == [.identifier("n"), .symbol(.plusAssign), .number(1)])
    }

    @Test func unicodeIdentifiers() {
        #expect(kinds("let Δ = 2") == [.keyword(.let), .identifier("Δ"), .symbol(.assign), .number(2)])
        #expect(kinds("∆attn café x₁") == [.identifier("∆attn"), .identifier("café"), .identifier("x₁")])
    }

    @Test func cellsAndComments() {
        let tokens = Lexer.tokenize(SourceFile(name: "t", text: "1 # one\n%% Baseline without GUIDE  \n  2")).tokens
        #expect(tokens.map(\.kind) == [.number(1), .cellMarker("Baseline without GUIDE"), .number(2), .endOfFile])
        #expect(tokens.map(\.isAtLineStart) == [true, true, true, false])
        #expect(tokens[2].range.start == SourceLocation(line: 3, column: 3))
        #expect(kinds("1 %% 2") == [.number(1), .symbol(.percent), .symbol(.percent), .number(2)])
    }

    @Test func escapesAndTags() {
        #expect(kinds(#""a\n\t\"\\\u{41}""#) == [.string([.text("a\n\t\"\\A")])])
        #expect(kinds(#""<!-> x <-!> \<!->""#) == [.string([.text("<!-> x <-!> \\<!->")])])
    }

    @Test func interpolationIsLexedAsTokens() {
        let kind = kinds(#""a \(x + 1) b""#)
        guard case .string(let pieces)? = kind.first else { Issue.record("not a string"); return }
        #expect(pieces.count == 3)
        #expect(pieces[0] == .text("a "))
        if case .interpolation(let tokens) = pieces[1] {
            #expect(tokens.map(\.kind) == [.identifier("x"), .symbol(.plus), .number(1), .endOfFile])
            #expect(tokens[0].range.start == SourceLocation(line: 1, column: 6))
        } else {
            Issue.record("no interpolation")
        }
        #expect(pieces[2] == .text(" b"))
    }

    @Test func multilineStringsDropTheClosingIndentation() {
        let text = "let s = \"\"\"\n    one\n      two\n\n    three\n    \"\"\"\n"
        #expect(kinds(text).last == .string([.text("one\n  two\n\nthree")]))
        #expect(errors("let s = \"\"\"\n  one\n    \"\"\"") == ["2:1: line of a multi-line string is indented less than its closing '\"\"\"'"])
    }

    @Test func errorsHaveLocations() {
        #expect(errors("let a = 1 @ 2") == ["1:11: unexpected character '@'"])
        #expect(errors("\"abc") == ["1:1: unterminated string: expected '\"' to close the string that starts at 1:1"])
        #expect(errors("x = \"\\q\"") == [#"1:6: invalid escape '\q': expected one of \n \t \r \0 \" \\ \u{…} \(…)"#])
        #expect(errors("1 .. 2") == ["1:3: unexpected '..': write '..<' for a half-open range or '...' for a closed one"])
    }

    @Test func unterminatedMultilineStringIsIncompleteInput() {
        let diagnostics = Lexer.tokenize(SourceFile(name: "t", text: "\"\"\"\nabc")).diagnostics
        #expect(diagnostics.map(\.code) == [.incompleteInput])
    }
}
