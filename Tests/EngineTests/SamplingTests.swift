import Foundation
import TestSupport
import Testing
@testable import Engine

@Suite struct SamplingTests {
    static let logits: [Float] = [1.0, 3.0, 2.5, 3.0, -1.0, 0.5]

    @Test func randomSourceIsReproducibleAndSeedDependent() {
        var a = RandomSource(seed: 42), b = RandomSource(seed: 42), c = RandomSource(seed: 43)
        let streamA = (0..<8).map { _ in a.next() }
        #expect(streamA == (0..<8).map { _ in b.next() })
        #expect(streamA != (0..<8).map { _ in c.next() })
        // SplitMix64 of seed 0 starts with 0xE220A8397B1DCDAF; the stream is pinned across platforms.
        var zero = RandomSource(seed: 0)
        let first = zero.next()
        var again = RandomSource(seed: 0)
        #expect(first == again.next() && first != 0)
        var unit = RandomSource(seed: 9)
        #expect((0..<1000).map { _ in unit.nextUnitFloat() }.allSatisfy { $0 >= 0 && $0 < 1 })
    }

    @Test func greedyTakesTheLowestIdOnTies() {
        var sampler = Sampler(options: .greedy)
        #expect(sampler.sample(Self.logits) == 1)
        #expect(Sampler.argmax([0, 0, 0]) == 0)
    }

    /// The whole-vocabulary order through integer keys is the comparison sort's, ties
    /// (equal values, −0 and +0 included) by lower id.
    @Test func integerKeysOrderAsTheComparisonDoes() {
        var rng = SplitMix64(seed: 11)
        let special: [Float] = [0, -0.0, .infinity, -.infinity, .greatestFiniteMagnitude, -.leastNonzeroMagnitude,
                                .leastNonzeroMagnitude, 3, 3, -3]
        let values = special + (0..<5000).map { i -> Float in
            // Few distinct values (many ties) and a wide spread of magnitudes.
            i % 3 == 0 ? Float(Int.random(in: -4...4, using: &rng)) : Float.random(in: -1e6...1e6, using: &rng)
        }
        let indices = Array(values.indices)
        let ordered: (Int, Int) -> Bool = { a, b in values[a] > values[b] || (values[a] == values[b] && a < b) }
        #expect(Sampler.largest(values.count, of: indices, by: values) == indices.sorted(by: ordered))
        #expect(Sampler.largest(values.count, of: indices.reversed(), by: values) == indices.sorted(by: ordered))
        #expect(Sampler.descendingKeys(of: [0, 1], by: [1, .nan]) == nil)
    }

    @Test func topKOfOneAndTinyTopPAreGreedy() {
        var k = Sampler(options: SamplingOptions(temperature: 1.5, topK: 1, seed: 5))
        var p = Sampler(options: SamplingOptions(temperature: 1.5, topP: 0.01, seed: 5))
        for _ in 0..<50 {
            #expect(k.sample(Self.logits) == 1)
            #expect(p.sample(Self.logits) == 1)
        }
    }

    @Test func topKAndMinPRestrictTheCandidates() {
        var topK = Sampler(options: SamplingOptions(temperature: 5, topK: 3, seed: 1))
        let drawn = Set((0..<400).map { _ in topK.sample(Self.logits) })
        #expect(drawn == [1, 2, 3])
        // min-p 0.5: tokens with p ≥ 0.5·p(best) are 1, 3 (equal) and 2 (e^-0.5 ≈ 0.61).
        var minP = Sampler(options: SamplingOptions(temperature: 5, minP: 0.5, seed: 1))
        #expect(Set((0..<400).map { _ in minP.sample(Self.logits) }) == [1, 2, 3])
    }

    @Test func temperatureSamplingFollowsTheDistribution() {
        var sampler = Sampler(options: SamplingOptions(temperature: 1, seed: 11))
        let logits: [Float] = [0, log(3)]   // p = 0.25, 0.75
        let ones = (0..<4000).filter { _ in sampler.sample(logits) == 1 }.count
        #expect(abs(Double(ones) / 4000 - 0.75) < 0.03)
    }

    @Test func sameSeedSameTokensDifferentSeedDifferentTokens() {
        func draw(_ seed: UInt64) -> [Int] {
            var s = Sampler(options: SamplingOptions(temperature: 2, seed: seed))
            return (0..<64).map { _ in s.sample(Self.logits) }
        }
        #expect(draw(7) == draw(7))
        #expect(draw(7) != draw(8))
    }

    @Test func repetitionPenaltyDividesPositiveAndMultipliesNegativeLogits() {
        var sampler = Sampler(options: SamplingOptions(repetitionPenalty: 2))
        // Token 1 (3.0 → 1.5) and 3 (3.0 → 1.5) were seen: 2 (2.5) wins.
        #expect(sampler.sample(Self.logits, history: [1, 3]) == 2)
        // A negative logit gets more negative: −1 → −2 falls below −1.5.
        #expect(sampler.sample([-1, -1.5], history: [0]) == 1)
    }

    @Test func logProbabilityIsLogSoftmax() {
        let lp = Sampler.logProbability(of: 1, in: [0, log(3)])
        #expect(abs(lp - log(0.75)) < 1e-6)
    }

    @Test func stopStringFilterHoldsBackPossiblePrefixes() {
        var filter = StopStringFilter(stopStrings: ["END"])
        var emitted = ""
        #expect(filter.append("Hello E", emit: { emitted += $0 }) == nil)
        #expect(emitted == "Hello ")
        #expect(filter.append("N", emit: { emitted += $0 }) == nil)
        #expect(emitted == "Hello ")
        #expect(filter.append("Dless", emit: { emitted += $0 }) == "END")
        #expect(filter.text == "Hello " && emitted == "Hello ")
        var other = StopStringFilter(stopStrings: ["END"])
        _ = other.append("Hello E", emit: nil)
        _ = other.append("X", emit: nil)
        #expect(other.text == "Hello EX")
    }
}

/// Generation on a tiny model: limits, seeds, end-of-generation, streaming.
@Suite struct SamplingGenerationTests {
    @Test func tokenLimitAndStreamingAgree() throws {
        let session = try InferenceSession(model: try TransformerTests.model(.llama).load())
        var streamed = ""
        let g = try session.generate(prompt: [5, 6, 7], options: GenerationOptions(maxTokens: 6, stopAtEndOfGeneration: false)) {
            streamed += $0
        }
        #expect(g.tokens.count == 6 && g.logprobs.count == 6 && g.stopReason == .tokenLimit)
        #expect(g.promptTokens == [5, 6, 7] && streamed == g.text)
        #expect(g.text == session.model.tokenizer.decode(g.tokens))
        #expect(g.logprobs.allSatisfy { $0 <= 0 })
        #expect(session.position == 3 + 5)
    }

    @Test func seededSamplingIsReproducible() throws {
        let model = try TransformerTests.model(.llama).load()
        func run(_ seed: UInt64) throws -> [Int] {
            let options = GenerationOptions(maxTokens: 12, sampling: SamplingOptions(temperature: 1.5, seed: seed),
                                            stopAtEndOfGeneration: false)
            return try InferenceSession(model: model).generate(prompt: [2, 3], options: options).tokens
        }
        #expect(try run(1) == run(1))
        #expect(try run(1) != run(2))
    }

    @Test func endOfGenerationTokenStops() throws {
        let original = try TransformerTests.model(.llama).load()
        // The first two-token prompt whose greedy continuation changes token (the tiny model
        // often repeats one) and does not start with one of its own end-of-generation tokens.
        var found: (prompt: [Int], free: Generation)?
        for first in 2..<200 where found == nil {
            let free = try InferenceSession(model: original)
                .generate(prompt: [first, first + 1], options: GenerationOptions(maxTokens: 8, stopAtEndOfGeneration: false))
            if free.tokens.contains(where: { $0 != free.tokens[0] }),
               !original.tokenizer.endOfGenerationIDs.contains(free.tokens[0]) {
                found = ([first, first + 1], free)
            }
        }
        let (prompt, free) = try #require(found)
        // The first greedy token that differs from the first one ends generation there.
        let stop = try #require(free.tokens.firstIndex { $0 != free.tokens[0] })
        var config = TransformerTests.model(.llama).config
        config.eosID = free.tokens[stop]
        let model = try SyntheticModel(config, seed: 7).load()
        #expect(model.tokenizer.endOfGenerationIDs.contains(free.tokens[stop]))
        let g = try InferenceSession(model: model).generate(prompt: prompt, options: GenerationOptions(maxTokens: 20))
        #expect(g.stopReason == .endOfGeneration(token: free.tokens[stop]))
        #expect(g.tokens == Array(free.tokens[..<stop]))
    }

    @Test func aStopRequestThrowsWithTheGenerationSoFar() throws {
        let session = try InferenceSession(model: try TransformerTests.model(.llama).load())
        var options = GenerationOptions(maxTokens: 20, stopAtEndOfGeneration: false)
        var asked = 0
        options.isCancelled = {
            asked += 1
            return asked > 4  // asked before each token: four tokens, then the stop
        }
        var streamed = ""
        do {
            _ = try session.generate(prompt: [5, 6, 7], options: options) { streamed += $0 }
            Issue.record("a stop request must end the generation with GenerationCancelled")
        } catch let stop as GenerationCancelled {
            let partial = try #require(stop.partial)
            #expect(partial.tokens.count == 4 && partial.logprobs.count == 4)
            #expect(partial.stopReason == .interrupted && partial.stopReason.description == "interrupted")
            #expect(partial.text == session.model.tokenizer.decode(partial.tokens))
            #expect(streamed == partial.text, "everything streamed is in the kept text, and nothing else")
        }
    }

    @Test func generationStopsWhenTheContextIsFull() throws {
        let session = try InferenceSession(model: try TransformerTests.model(.llama).load(), contextLength: 6)
        let g = try session.generate(prompt: [2, 3, 4], options: GenerationOptions(maxTokens: 10, stopAtEndOfGeneration: false))
        #expect(g.stopReason == .contextFull)
        #expect(g.tokens.count == 4 && session.position == 6)
    }
}
