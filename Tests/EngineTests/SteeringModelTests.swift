import Foundation
import Testing
@testable import Engine

/// Reports, for every layer, the head-averaged attention mass on one set of key positions.
final class SpanMassProbe: AttentionProbe {
    let keys: [Float]
    /// `mass[ℓ][i]`: Σ over span keys of the head-averaged attention of query row i.
    private(set) var mass: [[Float]]

    init(span: Range<Int>, tokenCount: Int, layerCount: Int) {
        keys = (0..<tokenCount).map { span.contains($0) ? 1 : 0 }
        mass = Array(repeating: Array(repeating: 0, count: tokenCount), count: layerCount)
    }

    func keyWeights(layer: Int, keyCount: Int) -> [[Float]] { [Array(keys.prefix(keyCount))] }

    func layerFinished(layer: Int, rows: Range<Int>, weighted: [[Float]], norms: LayerNorms) {
        for (r, i) in rows.enumerated() { mass[layer][i] = weighted[0][r] }
    }

    var capturedLayers: Set<Int> { [] }
    func attentionRows(layer: Int, rows: Range<Int>, averaged: UnsafeBufferPointer<Float>, keyCount: Int) {}
}

/// GUIDE and Influence on the real small model (release build).
@Suite(.serialized) struct SteeringModelTests {
    static let model: Result<LanguageModel, Error> = Result(catching: {
        try LanguageModel(gguf: GGUFTestModels.open(GGUFTestModels.smolLM), fallbackName: GGUFTestModels.smolLM)
    })

    static let text = "Here is a recipe for bread. <!->Answer only in French.<-!> Mix flour, water, "
        + "yeast and salt, knead for ten minutes, let it rise for an hour, then bake it until golden."

    @Test func zeroDeltaIsBitIdenticalToNoSchedule() throws {
        let model = try Self.model.get()
        let prompt = try model.markedPrompt(Self.text)
        #expect(GuideSchedule(delta: 0).promptBias(spans: prompt.spans, layerCount: model.config.layerCount) == nil)
        let plain = try InferenceSession(model: model).prefill(prompt.tokens, allLogits: true)
        // An explicit all-zero bias must not change one bit either.
        let zeros = AttentionBias(byLayer: Array(repeating: [Float](repeating: 0, count: prompt.tokens.count),
                                                 count: model.config.layerCount))
        let zeroBiased = try InferenceSession(model: model).prefill(prompt.tokens, hooks: AttentionHooks(bias: zeros),
                                                                    allLogits: true)
        #expect(plain.values == zeroBiased.values)
        let options = GenerationOptions(maxTokens: 12)
        let steered = try model.generate(prompt, schedule: GuideSchedule(delta: 0), options: options)
        let unsteered = try model.generate(prompt, schedule: nil, options: options)
        #expect(steered.tokens == unsteered.tokens)
        #expect(steered.logprobs == unsteered.logprobs)
    }

    @Test(arguments: [GuideSchedule.Layers.all, .range(0..<10)])
    func raisingDeltaRaisesAttentionOnTheSpan(layers: GuideSchedule.Layers) throws {
        let model = try Self.model.get()
        let prompt = try model.markedPrompt(Self.text)
        let span = try #require(prompt.spans.first).tokens
        let layerCount = model.config.layerCount
        var masses: [[Float]] = []   // [delta][layer]: mean mass over the rows after the span
        let deltas: [Float] = [0, 0.5, 1, 2, 4]
        for delta in deltas {
            let probe = SpanMassProbe(span: span, tokenCount: prompt.tokens.count, layerCount: layerCount)
            let bias = GuideSchedule(delta: delta, layers: layers).promptBias(spans: prompt.spans, layerCount: layerCount)
            _ = try InferenceSession(model: model).prefill(prompt.tokens, hooks: AttentionHooks(bias: bias, probe: probe))
            let after = span.upperBound..<prompt.tokens.count
            masses.append(probe.mass.map { row in after.reduce(0) { $0 + row[$1] } / Float(after.count) })
        }
        let schedule = GuideSchedule(delta: 1, layers: layers)
        for layer in 0..<layerCount where schedule.delta(layer: layer, layerCount: layerCount) != 0 {
            let series = masses.map { $0[layer] }
            print("span mass \(layers) layer \(layer): " + series.map { String(format: "%.4f", $0) }.joined(separator: " "))
            #expect(zip(series, series.dropFirst()).allSatisfy { $0 < $1 }, "layer \(layer): \(series)")
        }
    }

    @Test func influenceIsBoundedAndStartsAtTheIndicator() throws {
        let model = try Self.model.get()
        let prompt = try model.markedPrompt(Self.text.replacingOccurrences(of: "<!->", with: "<?->")
            .replacingOccurrences(of: "<-!>", with: "<-?>"))
        for method in InfluenceMethod.allCases {
            let matrix = try model.influence(of: prompt, schedule: GuideSchedule(delta: 2), method: method)
            #expect(matrix.values.count == model.config.layerCount + 1)
            #expect(matrix.values(layer: -1) == prompt.measuredIndicator)
            #expect(matrix.values.joined().allSatisfy { $0 >= 0 && $0 <= 1 })
            #expect(matrix.final.last.map { $0 > 0 && $0 < 1 } == true)
        }
    }

    @Test func spanOverTheWholePromptHasInfluenceOneEverywhere() throws {
        let model = try Self.model.get()
        let prompt = try model.markedPrompt("<?->" + Self.text.replacingOccurrences(of: "<!->", with: "")
            .replacingOccurrences(of: "<-!>", with: "") + "<-?>")
        #expect(prompt.measuredIndicator.allSatisfy { $0 == 1 })
        // Attention rows are normalised before they weigh the influence (llama.cpp's F16
        // rounding leaves them summing to 1 only within ~1e-4), so with I = 1 on every key
        // A·I equals its row sum bit for bit and every value is exactly 1, in both numerics.
        for numerics in Numerics.allCases {
            for method in InfluenceMethod.allCases {
                let matrix = try model.influence(of: prompt, method: method, numerics: numerics)
                let worst = matrix.values.joined().map { abs($0 - 1) }.max() ?? 1
                print("whole-prompt span, \(numerics) \(method): max |I - 1| = \(worst)")
                #expect(worst == 0, "\(numerics) \(method)")
            }
        }
    }

    @Test func tagErrorsNameTheirPosition() throws {
        let model = try Self.model.get()
        #expect(throws: SpanTagError.unclosed(opening: .guide2, at: .init(line: 2, column: 6))) {
            try model.markedPrompt("Read this.\nThen <!!->answer")
        }
    }
}
