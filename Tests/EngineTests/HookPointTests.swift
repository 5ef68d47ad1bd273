import Foundation
import Testing
@testable import Engine

/// The named hook points hand over the vectors their names promise, at the positions asked.
@Suite struct HookPointTests {
    static let residualWidthPoints: Set<HookPoint> = Set(HookPoint.allCases).subtracting([.attentionScores, .attentionPattern])

    @Test(arguments: TransformerTests.flavours)
    func pointsMatchTheNaiveForwardPass(flavour: SyntheticModel.Flavour) throws {
        let spec = TransformerTests.model(flavour)
        let tokens = TransformerTests.tokens(20, vocabSize: spec.vocabSize)
        let recorder = HookPointRecorder(points: Self.residualWidthPoints)
        let session = try InferenceSession(model: try spec.load(), numerics: .float32)
        _ = try session.prefill(Array(tokens[..<19]), hooks: AttentionHooks(probe: recorder), allLogits: true)
        _ = try session.decode(tokens[19], hooks: AttentionHooks(probe: recorder))
        let naive = NaiveTransformer(model: spec).forwardInDouble(tokens)
        for point in Self.residualWidthPoints {
            let layers = point == .finalNorm ? [spec.config.layerCount] : Array(0..<spec.config.layerCount)
            for (index, layer) in layers.enumerated() {
                for i in tokens.indices {
                    let got = try #require(recorder.vectors[point]?[layer]?[i], "\(point) layer \(layer) row \(i)")
                    let expected = naive.vectors[point]![index][i]
                    // Float32 engine against the Double naive pass on a 3-layer random model: the
                    // same relative 1e-3 the probe's L1 norms are held to, per element against the
                    // row's largest magnitude.
                    let scale = max(1, expected.map(abs).max()!)
                    let worst = zip(got, expected).map { abs(Double($0) - $1) }.max()!
                    #expect(worst < 1e-3 * scale, "\(point) layer \(layer) row \(i)")
                }
            }
        }
    }

    /// The residual stream is the running sum of the blocks' outputs, exactly: the points sit
    /// on either side of the two residual additions and between layers.
    @Test(arguments: TransformerTests.flavours, Numerics.allCases)
    func residualPointsAddUpExactly(flavour: SyntheticModel.Flavour, numerics: Numerics) throws {
        let spec = TransformerTests.model(flavour)
        let tokens = TransformerTests.tokens(12, vocabSize: spec.vocabSize)
        let recorder = HookPointRecorder(points: [.residualPre, .attentionOutput, .residualMid, .mlpOutput, .residualPost])
        let session = try InferenceSession(model: try spec.load(), numerics: numerics)
        _ = try session.prefill(tokens, hooks: AttentionHooks(probe: recorder))
        func vector(_ point: HookPoint, _ layer: Int, _ i: Int) -> [Float] { recorder.vectors[point]![layer]![i]! }
        for layer in 0..<spec.config.layerCount {
            for i in tokens.indices {
                let mid = zip(vector(.residualPre, layer, i), vector(.attentionOutput, layer, i)).map(+)
                #expect(mid == vector(.residualMid, layer, i), "layer \(layer) row \(i)")
                let post = zip(vector(.residualMid, layer, i), vector(.mlpOutput, layer, i)).map(+)
                #expect(post == vector(.residualPost, layer, i), "layer \(layer) row \(i)")
                if layer + 1 < spec.config.layerCount {
                    #expect(vector(.residualPost, layer, i) == vector(.residualPre, layer + 1, i))
                }
            }
        }
    }

    /// Observing changes nothing: logits with every point observed are those without a probe.
    @Test(arguments: TransformerTests.flavours)
    func observingLeavesLogitsBitIdentical(flavour: SyntheticModel.Flavour) throws {
        let spec = TransformerTests.model(flavour)
        let tokens = TransformerTests.tokens(12, vocabSize: spec.vocabSize)
        let model = try spec.load()
        let plain = try InferenceSession(model: model).prefill(tokens, allLogits: true)
        let recorder = HookPointRecorder(points: Self.residualWidthPoints)
        let observed = try InferenceSession(model: model).prefill(tokens, hooks: AttentionHooks(probe: recorder),
                                                                  allLogits: true)
        #expect(plain.values == observed.values)
        #expect(recorder.vectors[.finalNorm]?[spec.config.layerCount]?.count == tokens.count)
    }
}

/// Keeps the vectors at the points it observes: `vectors[point][layer][position]`.
final class HookPointRecorder: AttentionProbe {
    let observedPoints: Set<HookPoint>
    var vectors: [HookPoint: [Int: [Int: [Float]]]] = [:]

    init(points: Set<HookPoint>) { observedPoints = points }

    func keyWeights(layer: Int, keyCount: Int) -> [[Float]] { [] }
    func layerFinished(layer: Int, rows: Range<Int>, weighted: [[Float]], norms: LayerNorms) {}
    var capturedLayers: Set<Int> { [] }
    func attentionRows(layer: Int, rows: Range<Int>, averaged: UnsafeBufferPointer<Float>, keyCount: Int) {}

    func vectors(at point: HookPoint, layer: Int, rows: Range<Int>, values: UnsafeBufferPointer<Float>, width: Int) {
        for (r, position) in rows.enumerated() {
            vectors[point, default: [:]][layer, default: [:]][position] = Array(values[r * width..<(r + 1) * width])
        }
    }
}
