import Engine
import GuideLang
import Registry
import Testing
@testable import Runtime

/// Sampled `generate` calls without a seed draw the session's next one, report it, and
/// that seed repeats the call (real `smollm2-135m-instruct`, release builds).
@Suite(.serialized) struct SampleSeedTests {
    let runner = ScriptRunner()

    @Test func unseededSamplesDifferAndTheirSeedRepeatsThem() throws {
        _ = try ModelCache().cachedPath(of: ModelBuiltinTests.modelName)
        _ = try runner.evaluate("""
            let m = model("\(ModelBuiltinTests.modelName)")
            let call = fn(seed) => generate(m, "Once upon a time", max_tokens: 12, temperature: 1.2, seed: seed)
            let a = call(nil)
            let b = call(nil)
            """)
        #expect(try runner.evaluate("[a.seed, b.seed]") == [1, 2])
        #expect(try runner.evaluate("a.tokens != b.tokens") == true)
        #expect(try runner.evaluate("call(a.seed).tokens == a.tokens and call(2).tokens == b.tokens") == true)
        // Given seeds do not advance the session's seeds.
        #expect(try runner.evaluate("call(nil).seed") == 3)
        #expect(try runner.evaluate("generate(m, \"Hi\", max_tokens: 1).seed") == .nil)
        #expect(try runner.evaluate("generate(m, \"Hi\", max_tokens: 1, seed: 5).seed") == 5)
        // The seed is recorded with the row and shown under the text.
        let a = try runner.evaluate("a")
        guard case .native(let native) = a, let generation = native as? GenerationValue else {
            Issue.record("a is \(a.typeName)")
            return
        }
        #expect(generation.data.record?["seed"] == .number(1))
        #expect(generation.seedNote == "(sampled with seed 1; generate(…, seed: 1) repeats it)")
        #expect(ReportOutput.outputs(for: a).count == 2)
        let greedy = try runner.evaluate("generate(m, \"Hi\", max_tokens: 1, seed: 5)")
        #expect(ReportOutput.outputs(for: greedy).count == 1)
        #expect(runner.errorMessage("generate(m, \"Hi\", temperature: 0.5, seed: -1)")?
            .hasPrefix("bad argument #6 to 'generate': expected a whole number ≥ 0") == true)
        #expect(runner.errorMessage("generate(m, \"Hi\", temperature: 0.5, seed: \"x\")")?
            .hasPrefix("bad argument #6 to 'generate'") == true)
    }
}
