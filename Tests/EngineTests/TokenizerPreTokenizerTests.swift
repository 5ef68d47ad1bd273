import Foundation
import Testing
@testable import Engine

/// The word boundaries of each pre-tokenizer, worked out by hand from its expression.
@Suite struct TokenizerPreTokenizerTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var pre: PreTokenizer
        var text: String
        var words: [String]
        var testDescription: String { "\(pre) \(text.debugDescription)" }
    }

    static let cases: [Case] = [
        Case(pre: .gpt2, text: "Hello world's 123 ok", words: ["Hello", " world", "'s", " 123", " ok"]),
        Case(pre: .gpt2, text: "a  b   c", words: ["a", " ", " b", "  ", " c"]),
        Case(pre: .gpt2, text: "x\n\n\ty", words: ["x", "\n\n", "\t", "y"]),
        Case(pre: .gpt2, text: "I'M (ok)!", words: ["I", "'", "M", " (", "ok", ")!"]),
        Case(pre: .gpt2, text: "end  ", words: ["end", "  "]),
        Case(pre: .smollm, text: "word  12 x3", words: ["word", "  ", "1", "2", " x", "3"]),
        Case(pre: .smollm, text: "½ and ²", words: ["½", " and", " ", "²"]),
        Case(pre: .qwen2, text: "Hello world's 123\n\n  x", words: ["Hello", " world", "'s", " ", "1", "2", "3", "\n\n", " ", " x"]),
        Case(pre: .qwen2, text: "I'M (ok)!\n\nnext", words: ["I", "'M", " (", "ok", ")!\n\n", "next"]),
        Case(pre: .qwen2, text: "  \tword", words: ["  ", "\tword"]),
        Case(pre: .qwen2, text: "über-cool", words: ["über", "-cool"]),
        // U+1C89 is a letter since Unicode 16, after llama.cpp's tables: not a letter here.
        Case(pre: .qwen2, text: " a\u{1C89}b", words: [" a", "\u{1C89}b"]),
        Case(pre: .gpt2, text: " a\u{1C89}b", words: [" a", "\u{1C89}", "b"]),
        Case(pre: .llama3, text: "12345 x", words: ["123", "45", " x"]),
        Case(pre: .llama3, text: "a \r\n b", words: ["a", " \r\n", " b"]),
    ]

    @Test(arguments: cases)
    func wordsMatchTheExpression(_ testCase: Case) {
        let bytes = Array(testCase.text.utf8)
        let text = ScalarText(utf8: bytes[...])
        var ranges: [Range<Int>] = []
        testCase.pre.split(text, into: &ranges)
        let words = ranges.map { range in
            String(decoding: bytes[text.utf8Offsets[range.lowerBound]..<text.utf8Offsets[range.upperBound]], as: UTF8.self)
        }
        #expect(words == testCase.words)
    }

    /// llama.cpp's own splitter (src/unicode.cpp) on 400 random texts of mixed scripts,
    /// digits, whitespace kinds, marks and emoji: `Fixtures/Tokenizer/make_split_fixture.py`.
    @Test(arguments: PreTokenizer.allCases)
    func splitsEqualLlamaCppOnRandomTexts(_ pre: PreTokenizer) throws {
        struct Fixture: Decodable {
            var texts: [String]
            var wordByteLengths: [String: [[Int]]]
        }
        let url = try #require(Bundle.module.url(forResource: "Fixtures/Tokenizer/pretokenizer-splits",
                                                 withExtension: "json"))
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let fixture = try decoder.decode(Fixture.self, from: Data(contentsOf: url))
        let expected = try #require(fixture.wordByteLengths[pre.rawValue])
        #expect(fixture.texts.count == 400 && expected.count == 400)
        var mismatches = 0
        for (text, lengths) in zip(fixture.texts, expected) {
            let bytes = Array(text.utf8)
            let scalars = ScalarText(utf8: bytes[...])
            var words: [Range<Int>] = []
            pre.split(scalars, into: &words)
            let found = words.map { scalars.utf8Offsets[$0.upperBound] - scalars.utf8Offsets[$0.lowerBound] }
            if found != lengths {
                mismatches += 1
                #expect(found == lengths, "\(text.debugDescription)")
            }
        }
        #expect(mismatches == 0)
    }

    @Test(arguments: [("gpt-2", PreTokenizer.gpt2), ("gpt2", .gpt2), ("smollm", .smollm), ("qwen2", .qwen2),
                      ("deepseek-r1-qwen", .qwen2), ("llama-bpe", .llama3), ("llama3", .llama3)])
    func knownNamesAreAccepted(_ name: String, _ expected: PreTokenizer) throws {
        #expect(try PreTokenizer(name: name) == expected)
    }
}
