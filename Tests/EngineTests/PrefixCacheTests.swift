import Foundation
import Testing
@testable import Engine

/// A generation that reuses the previous prompt's rows gives bit for bit what a fresh
/// generation gives (release build, real small model).
@Suite(.serialized) struct PrefixCacheTests {
    static func load() throws -> LanguageModel {
        try LanguageModel(gguf: GGUFTestModels.open(GGUFTestModels.smolLM), fallbackName: GGUFTestModels.smolLM)
    }

    /// About 800 tokens with the marked span after token 600, so one whole prefill batch
    /// comes before it.
    static let text: String = {
        let colours = ["red", "blue", "green", "amber", "violet", "grey", "white", "black"]
        let before = (1...68).map { "Box \($0) holds a \(colours[$0 % 8]) marble." }.joined(separator: " ")
        let after = (69...90).map { "Box \($0) holds a \(colours[$0 % 8]) marble." }.joined(separator: " ")
        return before + " <!->The key is under box 77.<-!> " + after + "\nWhere is the key?"
    }()

    static func generate(_ model: LanguageModel, _ prompt: MarkedPrompt, delta: Float,
                         numerics: Numerics) throws -> Generation {
        try model.generate(prompt, schedule: GuideSchedule(delta: delta),
                           options: GenerationOptions(maxTokens: 6, stopAtEndOfGeneration: false), numerics: numerics)
    }

    @Test(arguments: [Numerics.llamaCPP, .float32])
    func deltaSweepMatchesFreshGenerations(numerics: Numerics) throws {
        let reusing = try Self.load(), fresh = try Self.load()
        let prompt = try reusing.markedPrompt(Self.text)
        let spanStart = try #require(prompt.spans.first?.tokens.lowerBound)
        let batch = InferenceSession.prefillBatchSize
        #expect(spanStart >= batch && prompt.tokens.count > spanStart)

        for (index, delta) in [Float(0), 1.5, 3].enumerated() {
            let reused = try Self.generate(reusing, prompt, delta: delta, numerics: numerics)
            let rows = reusing.prefixCache.lastReusedRows
            fresh.prefixCache.clear()
            let expected = try Self.generate(fresh, prompt, delta: delta, numerics: numerics)
            #expect(fresh.prefixCache.lastReusedRows == 0)
            // Every run after the first reuses the whole batches before the span.
            #expect(rows == (index == 0 ? 0 : spanStart / batch * batch), "Δ=\(delta)")
            #expect(reused.tokens == expected.tokens, "Δ=\(delta)")
            #expect(reused.logprobs.map(\.bitPattern) == expected.logprobs.map(\.bitPattern), "Δ=\(delta)")
        }
    }

    @Test func aPromptThatDiffersInTheFirstBatchReusesNothing() throws {
        let model = try Self.load()
        let prompt = try model.markedPrompt(Self.text)
        _ = try Self.generate(model, prompt, delta: 0, numerics: .llamaCPP)
        // A change inside the first prefill batch leaves no whole batch in common.
        let changed = try model.markedPrompt(Self.text.replacingOccurrences(of: "Box 20 holds", with: "Box 20 hides"))
        let firstDifference = try #require(zip(prompt.tokens, changed.tokens).enumerated().first { $1.0 != $1.1 }?.offset)
        try #require(firstDifference < InferenceSession.prefillBatchSize)
        let reused = try Self.generate(model, changed, delta: 2, numerics: .llamaCPP)
        #expect(model.prefixCache.lastReusedRows == 0)
        model.prefixCache.clear()
        let expected = try Self.generate(model, changed, delta: 2, numerics: .llamaCPP)
        #expect(reused.logprobs.map(\.bitPattern) == expected.logprobs.map(\.bitPattern))
        // Rows read in other numerics are not reused.
        _ = try Self.generate(model, changed, delta: 0, numerics: .float32)
        #expect(model.prefixCache.lastReusedRows == 0)
    }

    @Test func unbiasedRowsEndAtTheFirstBiasedKey() {
        let tokens = Array(0..<10)
        #expect(PrefixCache.unbiasedCount(tokens, bias: nil) == 10)
        let bias = AttentionBias(byLayer: [nil, [0, 0, 0, 0, 0, 0, 2, 2], [0, 0, 0, 0, 1]])
        #expect(PrefixCache.unbiasedCount(tokens, bias: bias) == 4)
        #expect(PrefixCache.unbiasedCount(tokens, bias: AttentionBias(byLayer: [[0, 0, 0]])) == 10)
    }
}
