import Engine
import Foundation
import GuideLang
import Testing
@testable import Runtime

/// `.spans` of a prompt made for a model carries each span's tokens (`start..<end`), numbered
/// as `tokens(m, p)` numbers them; checked on the real `smollm2-135m-instruct`.
@Suite(.serialized) struct PromptSpanTokenTests {
    static let modelName = "smollm2-135m-instruct"
    let runner = ScriptRunner()

    func loadModel() throws { try runner.loadCachedModel(Self.modelName) }

    /// The `[start, end]` of every span and, from `tokens(m, p)`, the indices of the tokens in each span.
    func spanTokens(_ promptExpression: String) throws -> (ranges: [[Int]], fromTokens: [[Int]]) {
        _ = try runner.evaluate("let p = \(promptExpression)")
        let ranges = try runner.evaluate("map(p.spans, fn(s) => [s.start, s.end])")
        let levels = try runner.evaluate("map(p.spans, .tag)")
        guard case .list(let pairs) = ranges, case .list(let tags) = levels else { return ([], []) }
        var fromTokens: [[Int]] = []
        for tag in tags {
            let indices = try runner.evaluate("map(filter(tokens(m, p), fn(t) => t.span == \(tag.inlineText())), .index)")
            guard case .list(let items) = indices else { continue }
            fromTokens.append(items.compactMap { if case .number(let n) = $0 { return Int(n) } else { return nil } })
        }
        let asInts = pairs.map { pair -> [Int] in
            guard case .list(let ends) = pair else { return [] }
            return ends.compactMap { if case .number(let n) = $0 { return Int(n) } else { return nil } }
        }
        return (asInts, fromTokens)
    }

    @Test func spansOfAPromptForAModelHaveTheirTokens() throws {
        try loadModel()
        let (ranges, fromTokens) = try spanTokens(
            #"prompt("<!-> Summarize in French: <-!> The cat sat on <?->the mat<-?>.", model: m)"#)
        #expect(ranges.count == 2)
        // Each span's start..<end is exactly the tokens `tokens` marks with its tag.
        for (range, indices) in zip(ranges, fromTokens) {
            #expect(range.count == 2 && !indices.isEmpty)
            #expect(Array(range[0]..<range[1]) == indices, "\(range) against \(indices)")
        }
        // The first span opens the prompt (SmolLM2 adds no BOS) and the spans do not overlap.
        #expect(ranges[0][0] == 0 && ranges[0][1] <= ranges[1][0])
        // The span's tokens decode to its text.
        #expect(try runner.evaluate("join(map(tokens(m, p)[p.spans[1].start..<p.spans[1].end], .text), \"\")") == " the mat")
    }

    @Test func chatPromptsAlwaysHaveSpanTokensAndPlainPromptsNone() throws {
        try loadModel()
        let (ranges, fromTokens) = try spanTokens(#"chat(m, "<!-> Answer in French: <-!> How are you?")"#)
        #expect(ranges.count == 1 && fromTokens.count == 1)
        #expect(Array(ranges[0][0]..<ranges[0][1]) == fromTokens[0])
        #expect(ranges[0][0] > 0, "the chat template's tokens come first")
        #expect(try runner.evaluate(#"keys(prompt("<!-> a <-!> b").spans[0])"#) == ["tag", "level", "text"])
        #expect(runner.errorMessage(#"prompt("a <!->b<-!>", model: 3)"#)?.hasPrefix("bad argument #3 to 'prompt'") == true)
    }
}
