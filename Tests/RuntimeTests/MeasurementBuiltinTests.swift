import Engine
import Foundation
import GuideLang
import Registry
import Testing
@testable import Runtime

/// `logprob`, `next_tokens`, `prompt_logprobs` and `attention` on the real
/// `smollm2-135m-instruct` (run in release builds): what a script sees agrees with the
/// other builtins, and bad arguments are named.
@Suite(.serialized) struct MeasurementBuiltinTests {
    let runner = ScriptRunner()

    init() throws {
        _ = try ModelCache().cachedPath(of: ModelBuiltinTests.modelName)
        _ = try runner.evaluate("""
            let m = model("\(ModelBuiltinTests.modelName)")
            let p = "<!-> Answer in French: <-!> The capital of England is"
            """)
    }

    func number(_ source: String) throws -> Double {
        let value = try runner.evaluate(source)
        guard case .number(let n) = value else { throw Diagnostic(.typeMismatch, "\(source) is \(value.typeName)") }
        return n
    }

    @Test func nextTokensIsTheGreedyChoiceAndItsDistribution() throws {
        _ = try runner.evaluate("let plain = next_tokens(m, p, k: 5)\nlet steered = next_tokens(m, p, k: 5, guide: delta(2))")
        #expect(try runner.evaluate("len(plain) == 5 and keys(plain[0]) == [\"token\", \"id\", \"logprob\", \"prob\"]") == true)
        #expect(try runner.evaluate("plain[0].id == generate(m, p, max_tokens: 1).tokens[0]") == true)
        #expect(try runner.evaluate("steered[0].id == generate(m, p, max_tokens: 1, guide: delta(2)).tokens[0]") == true)
        // Most likely first; probabilities of distinct tokens sum to at most 1.
        #expect(try runner.evaluate("map(range(4), fn(i) => plain[i].logprob >= plain[i + 1].logprob) == [true, true, true, true]") == true)
        #expect(try number("sum(map(plain, .prob))") <= 1 + 1e-12)
        // prob is exp(logprob) in double precision.
        #expect(try number("abs(plain[0].prob - exp(plain[0].logprob))") < 1e-15)
        // A token's next_tokens logprob is logprob of it as a one-token continuation (the LM
        // head computes one row or several: float rounding of the logits, well under 1e-3).
        #expect(try number("abs(plain[0].logprob - logprob(m, p, plain[0].token))") < 1e-3)
        #expect(try runner.evaluate("map(plain, .logprob) != map(steered, .logprob)") == true)
    }

    @Test func promptLogprobsAndLogprobTakeTheSchedule() throws {
        _ = try runner.evaluate("""
            let rows = prompt_logprobs(m, p + " London", guide: delta(2))
            let n = len(tokens(m, p))
            """)
        #expect(try runner.evaluate("rows[0].logprob") == .nil)
        #expect(try runner.evaluate("len(rows) == len(tokens(m, p + \" London\")) and rows[1].span == \"<!->\"") == true)
        let tail = try number("sum(map(drop(rows, n), .logprob))")
        let steered = try number("logprob(m, p, \" London\", guide: delta(2))")
        let plain = try number("logprob(m, p, \" London\")")
        // The same forward pass over the same tokens: equal up to double rounding of a sum.
        #expect(abs(tail - steered) < 1e-9)
        #expect(steered != plain)
    }

    @Test func attentionRowsSumToOneAndFollowTheSpan() throws {
        _ = try runner.evaluate("""
            let q = "<?-> Answer in French: <-?> The capital of England is"
            let a = attention(m, q, layer: 2)
            let h = attention(m, q, layer: 2, head: 4, guide: delta(2))
            """)
        #expect(try runner.evaluate("[a.layer, a.head, h.head]") == [2, .nil, 4])
        #expect(try runner.evaluate("len(a.values) == len(a.tokens) and len(a.values[3]) == 4") == true)
        // Rows sum to 1 within the F16 rounding of llama.cpp's numerics (2⁻¹¹ relative).
        #expect(try number("max(map(a.values, fn(row) => abs(sum(row) - 1)))") < 5e-4)
        // .span is each row's attention on the measured span's keys.
        let spanSum = "sum(map(filter(tokens(m, q), fn(t) => t.span == \"<?->\"), fn(t) => a.values[len(a.values) - 1][t.index]))"
        #expect(try number("abs(a.span[len(a.span) - 1] - \(spanSum))") < 1e-6)
        #expect(try runner.evaluate("len(a.span) == len(a.tokens)") == true)
        // Δ on layer 2 alone leaves its input unchanged and raises every later row's attention
        // on the GUIDE span (the measured span gets no bias).
        _ = try runner.evaluate("""
            let plain = attention(m, p, layer: 2).span
            let raised = attention(m, p, layer: 2, guide: delta(2, layers: [2])).span
            let after = len(filter(tokens(m, p), fn(t) => t.span == nil and t.index > 0))
            """)
        #expect(try runner.evaluate("map(range(len(plain) - after, len(plain)), fn(i) => raised[i] > plain[i])")
            == Value.list(Array(repeating: .bool(true), count: try Int(number("after")))))
        #expect(try runner.evaluate("attention(m, q, layer: 2, guide: delta(2)).span == a.span") == true)
        #expect(try runner.evaluate("attention(m, \"no spans\", layer: 0).span") == .nil)
        #expect(try runner.evaluate("a").displayText().hasPrefix("<attention of layer 2, mean of heads"))
        // Influence displays as a heatmap too: a summary line, one row per layer, the scale.
        let influence = try runner.evaluate("influence(m, q)").displayText().split(separator: "\n")
        #expect(influence.count == 1 + 31 + 1)
        #expect(influence.first?.hasPrefix("<influence 31 layers × ") == true)
        #expect(influence.last?.hasPrefix("scale: ") == true)
    }

    @Test func badArgumentsAreNamed() throws {
        let cases = [
            ("attention(m, p, layer: 30)", "bad argument #3 to 'attention': layer 30 does not exist"),
            ("attention(m, p, layer: 0, head: 9)", "bad argument #4 to 'attention': head 9 does not exist"),
            ("attention(m, p, layer: 1.5)", "bad argument #3 to 'attention'"),
            ("attention(m, p)", "missing argument #3 'layer' to 'attention'"),
            ("attention(m, p, layer: 0, heads: 2)", "'attention' has no parameter named 'heads'"),
            ("next_tokens(m, p, k: 0)", "bad argument #3 to 'next_tokens'"),
            ("next_tokens(m, p, guide: \"big\")", "bad argument #4 to 'next_tokens'"),
            ("next_tokens(m, 3)", "bad argument #2 to 'next_tokens'"),
            ("prompt_logprobs(p, m)", "bad argument #1 to 'prompt_logprobs'"),
            ("next_tokens(m, \"\")", "bad argument #2 to 'next_tokens'"),
            ("attention(m, \"\", layer: 0)", "bad argument #2 to 'attention'"),
            ("prompt_logprobs(m, \"a <!-> b\")", "bad argument #2 to 'prompt_logprobs'"),
            ("logprob(m, p, \" x\", guide: delta(1, layers: [40]))", "bad argument #4 to 'logprob'"),
        ]
        for (source, prefix) in cases {
            let message = runner.errorMessage(source)
            #expect(message?.hasPrefix(prefix) == true, "\(source): \(message ?? "no error")")
        }
    }
}
