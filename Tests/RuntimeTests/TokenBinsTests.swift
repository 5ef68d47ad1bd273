import Engine
import Registry
import Testing
@testable import Runtime

struct TokenBinsTests {
    @Test func binsAreHalfOpen() {
        let edges = [500, 1000, 2000]
        #expect(TokenBins.bin(of: 499, edges: edges) == nil)
        #expect(TokenBins.bin(of: 500, edges: edges) == 0)
        #expect(TokenBins.bin(of: 999, edges: edges) == 0)
        #expect(TokenBins.bin(of: 1000, edges: edges) == 1)
        #expect(TokenBins.bin(of: 1999, edges: edges) == 1)
        #expect(TokenBins.bin(of: 2000, edges: edges) == nil)
    }

    @Test func sampleIsDeterministicBoundedAndPerBinIndependent() {
        let counts = (0..<300).map { ($0 * 37) % 3000 }
        let edges = [0, 1000, 2000, 3000]
        let a = TokenBins.sample(counts: counts, edges: edges, perBin: 5, seed: 7)
        #expect(a == TokenBins.sample(counts: counts, edges: edges, perBin: 5, seed: 7))
        #expect(a != TokenBins.sample(counts: counts, edges: edges, perBin: 5, seed: 8))
        #expect(a.map(\.bin) == [0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2])
        for pick in a { #expect(TokenBins.bin(of: counts[pick.index], edges: edges) == pick.bin) }
        // Within a bin, picks keep input order.
        for bin in 0..<3 {
            let indices = a.filter { $0.bin == bin }.map(\.index)
            #expect(indices == indices.sorted())
        }
        // Adding documents to bin 2 does not change what bins 0 and 1 draw.
        let more = counts + [2500, 2600, 2700]
        let b = TokenBins.sample(counts: more, edges: edges, perBin: 5, seed: 7)
        #expect(a.filter { $0.bin < 2 } == b.filter { $0.bin < 2 })
        // A run of one bin draws what that bin drew in the larger run.
        let alone = TokenBins.sample(counts: counts, edges: [1000, 2000], perBin: 5, seed: 7)
        #expect(alone.map(\.index) == a.filter { $0.bin == 1 }.map(\.index))
        // A bin with fewer documents than asked gives them all; nil takes everything.
        #expect(TokenBins.sample(counts: [10, 20, 1500], edges: edges, perBin: 5, seed: 1).count == 3)
        #expect(TokenBins.sample(counts: counts, edges: edges, perBin: nil, seed: 1).count == 300)
        // Every document has the same chance: over many seeds each of 10 is drawn about half the time.
        var drawn = [Int](repeating: 0, count: 10)
        for seed in 0..<2000 {
            for pick in TokenBins.sample(counts: [Int](repeating: 5, count: 10), edges: [0, 10], perBin: 5,
                                         seed: UInt64(seed)) {
                drawn[pick.index] += 1
            }
        }
        // Binomial(2000, 0.5): sd ≈ 22, so 850…1150 is ±6.7 sd.
        #expect(drawn.allSatisfy { (850...1150).contains($0) }, "\(drawn)")
    }

    @Test func edgesAreValidated() {
        #expect(throws: TokenBins.EdgeError.self) { try TokenBins.validate([500]) }
        #expect(throws: TokenBins.EdgeError(description: "edges must increase, but 500 follows 1000")) {
            try TokenBins.validate([0, 1000, 500])
        }
        #expect(throws: TokenBins.EdgeError.self) { try TokenBins.validate([-1, 5]) }
    }
}

/// `bin_by_tokens` on the real `smollm2-135m-instruct` tokenizer.
@Suite(.serialized) struct BinByTokensBuiltinTests {
    @Test func binsDocumentsWithTheModelsTokenizer() throws {
        _ = try ModelCache().cachedPath(of: "smollm2-135m-instruct")
        let runner = ScriptRunner()
        _ = try runner.evaluate("""
            let m = model("smollm2-135m-instruct")
            let words = fn(n) => join(map(range(n), fn(i) => "word"), " ")
            let docs = map(range(40), fn(i) => {title: str(i), text: words(i * 10 + 1)})
            let picked = bin_by_tokens(m, docs, edges: [0, 100, 200, 400], per_bin: 3, seed: 1)
            """)
        #expect(try runner.evaluate("len(picked)") == 9)
        #expect(try runner.evaluate("map(picked, fn(d) => d.bin)")
                == .list(["0-100", "0-100", "0-100", "100-200", "100-200", "100-200", "200-400", "200-400", "200-400"]
                    .map { .string($0) }))
        #expect(try runner.evaluate("len(filter(picked, fn(d) => d.tokens < d.bin_low or d.tokens >= d.bin_high))") == 0)
        // Longer texts count more tokens: the bins follow the word counts.
        #expect(try runner.evaluate("picked[0].tokens < picked[3].tokens and picked[3].tokens < picked[6].tokens") == true)
        #expect(try runner.evaluate("picked == bin_by_tokens(m, docs, edges: [0, 100, 200, 400], per_bin: 3, seed: 1)") == true)
        #expect(try runner.evaluate(#"bin_by_tokens(m, ["a b c"], edges: [0, 10])[0].text"#) == "a b c")
        #expect(runner.errorMessage("bin_by_tokens(m, docs, edges: [100])")?.hasPrefix("bad argument #3 to 'bin_by_tokens'") == true)
        #expect(runner.errorMessage("bin_by_tokens(m, [1], edges: [0, 10])")?.hasPrefix("bad argument #2 to 'bin_by_tokens'") == true)
    }

    /// data-sources.md counted, with the Qwen2.5 tokenizer in Python, 231 Austen chapters and
    /// 252 Python docs of 500–5,000 tokens; our tokenizer and extractors give the same.
    @Test func documentsInRangeAgreeWithTheDataSurvey() throws {
        _ = try ModelCache().cachedPath(of: "qwen2.5-coder-0.5b-instruct")
        let runner = ScriptRunner()
        _ = try runner.evaluate(#"let m = model("qwen2.5-coder-0.5b-instruct")"#)
        #expect(try runner.evaluate(#"len(bin_by_tokens(m, corpus("austen"), edges: [500, 5000]))"#) == 231)
        #expect(try runner.evaluate(#"len(bin_by_tokens(m, corpus("python-docs"), edges: [500, 5000]))"#) == 252)
    }
}
