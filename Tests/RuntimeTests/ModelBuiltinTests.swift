import Engine
import Foundation
import GuideLang
import Registry
import Testing
@testable import Runtime

/// The engine builtins on the real `smollm2-135m-instruct` (run in release builds).
@Suite(.serialized) struct ModelBuiltinTests {
    static let modelName = "smollm2-135m-instruct"
    let runner = ScriptRunner()

    func loadModel() throws { try runner.loadCachedModel(Self.modelName) }

    @Test func modelFieldsAndSharing() throws {
        try loadModel()
        #expect(try runner.evaluate("[m.layers, m.heads, m.vocab, m.context]") == [30, 9, 49152, 8192])
        let path = try ModelCache().cachedPath(of: Self.modelName)
        #expect(try runner.evaluate("model(\"\(Self.modelName)\") == m and model(\"\(path)\") == m") == true)
        #expect(runner.host.models.loadedCount == 1)
        #expect(runner.errorMessage(#"model("no-such-model")"#)?.hasPrefix("bad argument #1 to 'model'") == true)
    }

    @Test func greedyGenerationIsDeterministicAndDeltaZeroChangesNothing() throws {
        try loadModel()
        let call = #"generate(m, "<!-> The capital of France is <-!>", max_tokens: 8"#
        _ = try runner.evaluate("let a = \(call))\nlet b = \(call), guide: delta(0))\nlet c = \(call), guide: delta(4))")
        let tokens = try runner.evaluate("a.tokens")
        guard case .list(let ids) = tokens else { Issue.record("tokens is \(tokens.typeName)"); return }
        #expect(ids.count >= 1 && ids.count <= 8)
        #expect(try runner.evaluate("b.tokens") == tokens)
        #expect(try runner.evaluate("b.text == a.text and len(a.logprobs) == len(a.tokens)") == true)
        #expect(try runner.evaluate("len(filter(a.logprobs, fn(x) => x > 0))") == 0)
        #expect(try runner.evaluate(#"a.stop_reason == "length" or a.stop_reason == "eog""#) == true)
        #expect(try runner.evaluate("a.tokens_per_second > 0") == true)
        // A strong bias on the whole prompt changes what the model attends to.
        #expect(try runner.evaluate("c.tokens != a.tokens or c.logprobs != a.logprobs") == true)
        // Stop strings cut the text before them.
        let stopped = try runner.evaluate(#"generate(m, "Count: one, two, three,", max_tokens: 12, stop: [","]).text"#)
        #expect(stopped.displayText().contains(",") == false)
    }

    @Test func nGenerationsDecodedTogetherAreTheLoneCallsWithTheNextSeeds() throws {
        try loadModel()
        let prompt = #""<!-> Answer in one word: <-!> What colour is the sky?", guide: delta(1), max_tokens: 10"#
        _ = try runner.evaluate("let many = generate(m, \(prompt), temperature: 0.9, seed: 5, n: 3)")
        #expect(try runner.evaluate("len(many)") == 3)
        #expect(try runner.evaluate("many |> map(.seed)") == [5, 6, 7])
        for i in 0..<3 {
            let lone = "generate(m, \(prompt), temperature: 0.9, seed: \(5 + i))"
            #expect(try runner.evaluate("let g = \(lone)\nmany[\(i)].tokens == g.tokens and many[\(i)].text == g.text")
                        == true, "generation \(i)")
        }
        // Greedy: n copies of the one greedy generation.
        #expect(try runner.evaluate(#"len(generate(m, "Hello", max_tokens: 4, n: 2))"#) == 2)
        #expect(runner.errorMessage(#"generate(m, "a", n: 0)"#)?.contains("from 1 to 64") == true)
    }

    @Test func influenceHasTheRightShapeAndInvariants() throws {
        try loadModel()
        let p = #"let p = prompt("<?-> Summarize in French: <-?> The cat sat on the mat and looked at the dog.")"#
        _ = try runner.evaluate(p + "\nlet inf = influence(m, p, guide: delta(2))\nlet ro = influence(m, p, method: \"rollout\")")
        let tokenCount = try runner.evaluate("len(tokens(m, p))")
        #expect(try runner.evaluate("len(inf.values)") == 31)
        #expect(try runner.evaluate("inf.layers[0] == -1 and len(inf.final) == len(inf.tokens)") == true)
        #expect(try runner.evaluate("len(inf.final)") == tokenCount)
        // Layer −1 is the indicator of the measured span.
        #expect(try runner.evaluate(#"inf.at(-1) == map(tokens(m, p), fn(t) => if t.span == "<?->" { 1 } else { 0 })"#) == true)
        // Within [0, 1] exactly: attention rows are normalised before they weigh the influence.
        for name in ["inf", "ro"] {
            #expect(try runner.evaluate("len(filter(\(name).values, fn(row) => len(filter(row, fn(x) => x < 0 or x > 1)) > 0))") == 0)
        }
        #expect(try runner.evaluate("ro.method") == "rollout")
        // Influence spreads from the span: tokens after it get some, the BOS before it none.
        #expect(try runner.evaluate("inf.final[len(inf.final) - 1] > 0") == true)
        #expect(runner.errorMessage("inf.at(31)")?.hasPrefix("bad argument #1 to 'at'") == true)
        #expect(runner.errorMessage(#"influence(m, p, method: "saliency")"#)?.hasPrefix("bad argument #4 to 'influence'") == true)
        #expect(runner.errorMessage(#"influence(m, "no spans here")"#)?.hasPrefix("bad argument #2 to 'influence'") == true)
    }

    /// The texts of the tokens marked `<!->` and of those that straddle a span edge.
    func markedTokens(_ expression: String) throws -> (marked: [String], straddling: [String], ids: Value) {
        let rows = try runner.evaluate(expression)
        guard case .list(let items) = rows else { Issue.record("not a table"); return ([], [], .nil) }
        var marked: [String] = [], straddling: [String] = [], ids: [Value] = []
        for case .record(let r) in items {
            guard case .string(let text)? = r["text"] else { continue }
            if r["span"] == "<!->" { marked.append(text) }
            if r["straddles"] == .bool(true) { straddling.append(text) }
            ids.append(r["id"] ?? .nil)
        }
        return (marked, straddling, .list(ids))
    }

    @Test func tokensCarrySpanMarks() throws {
        try loadModel()
        // Whole text (default): the ids of the unmarked text; " translate" straddles the
        // span's start and belongs to it.
        let whole = try markedTokens(#"tokens(m, "Please <!->translate this<-!> now")"#)
        #expect(whole.marked.joined() == " translate this")
        #expect(whole.straddling == [" translate"])
        #expect(whole.ids == (try markedTokens(#"tokens(m, "Please translate this now")"#).ids))
        // Pieces: the span's text is tokenized on its own.
        let pieces = try markedTokens(#"tokens(m, prompt("Please <!->translate this<-!> now", spans: "pieces"))"#)
        #expect(pieces.marked.joined() == "translate this")
        #expect(pieces.straddling.isEmpty)
        #expect(pieces.ids != whole.ids)
        // Chat: the whitespace inside the tags is dropped; the ids equal the unmarked chat's.
        let chat = try markedTokens(#"tokens(m, chat(m, "<!-> Answer in one word: <-!> What colour is the sky?"))"#)
        #expect(chat.marked.joined() == "Answer in one word:")
        #expect(chat.ids == (try markedTokens(#"tokens(m, chat(m, "Answer in one word: What colour is the sky?"))"#).ids))
        let chatPieces = try markedTokens(#"tokens(m, chat(m, "<!->Answer<-!> now", spans: "pieces"))"#)
        #expect(chatPieces.marked == ["Answer"])
        #expect(runner.errorMessage(#"chat(m, "x", spans: "words")"#)?.hasPrefix("bad argument #4 to 'chat'") == true)
    }

    @Test func chunkCutsByTokensAndKeepsTheText() throws {
        try loadModel()
        let text = String(repeating: "It is a truth universally acknowledged. ", count: 20)
        _ = try runner.evaluate("let parts = chunk(m, \"\(text)\", tokens: 16)")
        #expect(try runner.evaluate("join(parts, \"\")") == .string(text))
        #expect(try runner.evaluate("len(filter(parts, fn(p) => len(tokens(m, p)) > 18))") == 0)
        #expect(try runner.evaluate("len(parts) > 5") == true)
        #expect(runner.errorMessage("chunk(m, \"x\", tokens: 0)")?.hasPrefix("bad argument #3 to 'chunk'") == true)
    }

    @Test func logprobPrefersTheLikelyContinuation() throws {
        try loadModel()
        let paris = try runner.evaluate(#"logprob(m, "The capital of France is", " Paris")"#)
        let banana = try runner.evaluate(#"logprob(m, "The capital of France is", " banana")"#)
        guard case .number(let p) = paris, case .number(let b) = banana else { Issue.record("not numbers"); return }
        #expect(p < 0 && b < p)
        #expect(runner.errorMessage(#"logprob(m, "x", "")"#)?.hasPrefix("bad argument #3 to 'logprob'") == true)
    }

    @Test func chatKeepsTagsOnTheMessage() throws {
        try loadModel()
        _ = try runner.evaluate(#"let c = chat(m, "<!-> Summarize in French <-!>", system: "Be brief.")"#)
        #expect(try runner.evaluate(#"contains(c.text, "<|im_start|>user")"#) == true)
        // The whitespace just inside the tags goes with the tags.
        #expect(try runner.evaluate("map(c.spans, fn(s) => [s.tag, s.level, s.text])") == [["<!->", 1, "Summarize in French"]])
        #expect(runner.errorMessage(#"chat(m, "ok", system: "<-!> bad")"#)?.hasPrefix("bad argument #3 to 'chat'") == true)
    }

    @Test func engineErrorsNameTheArgument() throws {
        try loadModel()
        #expect(runner.errorMessage(#"generate(m, "a <!-> b")"#)?.hasPrefix("bad argument #2 to 'generate'") == true)
        #expect(runner.errorMessage(#"generate(m, "<!-> a <-!>", guide: delta(1, layers: [99]))"#)?
            .hasPrefix("bad argument #3 to 'generate'") == true)
        #expect(runner.errorMessage(#"generate(m, "a", top_p: 2)"#)?.hasPrefix("bad argument #9 to 'generate'") == true)
        #expect(runner.errorMessage(#"generate(m, "a", guide: delta(fn(l) => "x"))"#)?.contains("per-layer") == true)
    }
}
