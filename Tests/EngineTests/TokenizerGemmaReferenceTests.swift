import Foundation
import Testing
@testable import Engine

/// Gemma 3's SentencePiece tokenizer against llama.cpp's `llama-tokenize` on the strings of
/// `Fixtures/Tokenizer/gemma-3-270m.json` (made by `make_gemma_fixture.py`): Unicode
/// scripts, whitespace runs, digits, code, French, special-token texts and near misses,
/// characters that take the byte fallback.
@Suite struct TokenizerGemmaReferenceTests {
    static let model = GGUFTestModels.gemma

    @Test func everyStringHasLlamaCppsIds() throws {
        let tokenizer = try RealTokenizers.tokenizer(Self.model)
        let reference = try TokenizerReference.load(Self.model)
        #expect(reference.strings.count >= 200, "the fixture must hold its strings")
        var mismatches: [String] = []
        for string in reference.strings {
            if tokenizer.encode(string.text, parseSpecial: true) != string.idsParseSpecial {
                mismatches.append("\(string.name) (special)")
            }
            if tokenizer.encode(string.text, parseSpecial: false) != string.idsPlain {
                mismatches.append("\(string.name) (plain)")
            }
            // A literal `▁` in the text is the vocabulary's space and decodes as one, as in llama.cpp.
            let decoded = string.text.replacingOccurrences(of: "\u{2581}", with: " ")
            #expect(tokenizer.decode(string.idsPlain) == decoded, "\(string.name): decode")
            #expect(tokenizer.decode(string.idsParseSpecial, renderSpecial: true) == decoded,
                    "\(string.name): decode with special tokens")
        }
        #expect(mismatches.isEmpty, "ids differ from llama.cpp: \(mismatches)")
    }

    @Test func referencePromptsHaveLlamaCppsIds() throws {
        let tokenizer = try RealTokenizers.tokenizer(Self.model)
        let reference = try TokenizerReference.load(Self.model)
        #expect(reference.prompts.count == 4)
        for prompt in reference.prompts {
            #expect(tokenizer.encode(prompt.prompt, parseSpecial: prompt.parseSpecial) == prompt.promptTokenIds, "\(prompt.id)")
        }
        #expect(tokenizer.endOfGenerationIDs == Set(reference.eogIds))
        #expect(tokenizer.bosID == reference.bosId && tokenizer.addsBOS == reference.addsBos)
    }
}
