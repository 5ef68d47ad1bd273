import Foundation
import Testing
@testable import Engine

/// Influence and Rollout are convex combinations of values in [0, 1], so they stay in
/// [0, 1] in both numerics, over a long prompt where llama.cpp's F16-rounded attention rows
/// (summing to 1 only within ~1e-4) would otherwise push them out.
@Suite struct InfluenceBoundsTests {
    static let tokenCount = 4096

    /// A random llama model with a context of 4096 and a prompt that fills it.
    static let setup: Result<(LanguageModel, [Int]), any Error> = Result {
        var config = SyntheticModel.Config(flavour: .llama)
        config.contextLength = tokenCount
        let synthetic = SyntheticModel(config, seed: 5)
        let path = try synthetic.writeTemporaryFile()
        defer { try? FileManager.default.removeItem(atPath: path) }
        var random = RandomSource(seed: 9)
        let tokens = (0..<tokenCount).map { _ in Int(random.next() % 256) }
        return (try LanguageModel(path: path), tokens)
    }

    static func influence(_ model: LanguageModel, tokens: [Int], indicator: [Float], method: InfluenceMethod,
                          numerics: Numerics) throws -> InfluenceMatrix {
        let probe = InfluenceProbe(indicator: indicator, layerCount: model.config.layerCount, method: method)
        let session = try InferenceSession(model: model, contextLength: tokens.count, numerics: numerics)
        _ = try session.prefill(tokens, hooks: AttentionHooks(probe: probe))
        return probe.matrix
    }

    @Test(arguments: InfluenceMethod.allCases, Numerics.allCases)
    func everyValueStaysInTheUnitInterval(method: InfluenceMethod, numerics: Numerics) throws {
        let (model, tokens) = try Self.setup.get()
        // A span of 64 tokens early in the prompt: its influence spreads over all 4096.
        var indicator = [Float](repeating: 0, count: tokens.count)
        for position in 100..<164 { indicator[position] = 1 }
        let matrix = try Self.influence(model, tokens: tokens, indicator: indicator, method: method, numerics: numerics)
        let values = matrix.values.joined()
        #expect(matrix.tokenCount == Self.tokenCount)
        // Exact bounds, not a tolerance: the two sums behind A·I / A·1 run in the same order
        // and IEEE rounding is monotone, so the quotient cannot pass 1 (see InfluenceProbe).
        #expect(values.allSatisfy { $0 >= 0 && $0 <= 1 }, "range \(values.min() ?? .nan)…\(values.max() ?? .nan)")
        // Not a trivial pass: the influence reached the last token.
        #expect((matrix.final.last ?? 0) > 1e-4)

        // The whole prompt measured: every value is exactly 1.
        let whole = try Self.influence(model, tokens: tokens, indicator: [Float](repeating: 1, count: tokens.count),
                                       method: method, numerics: numerics)
        let worst = whole.values.joined().map { abs($0 - 1) }.max() ?? 1
        #expect(worst == 0, "max |I - 1| = \(worst)")
    }
}
