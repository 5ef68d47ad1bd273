import Foundation
import Testing
@testable import Engine

/// Structural tests of the forward pass on the tiny random models (`SyntheticModel`) written
/// as GGUF files, against the naive pass in Double.
@Suite struct TransformerTests {
    static let flavours = SyntheticModel.Flavour.allCases
    /// Float32 engine against the Double naive pass on a 3-layer random model.
    static let tolerance = 2e-3

    /// The tiny model with room for 600-token prompts; gemma3's window is 5, so 12 tokens
    /// already reach past it.
    static func model(_ flavour: SyntheticModel.Flavour) -> SyntheticModel {
        var config = SyntheticModel.Config(flavour: flavour)
        config.contextLength = 1024
        if flavour == .gemma3 { config.slidingWindow = 5 }
        return SyntheticModel(config, seed: 7)
    }

    static func tokens(_ count: Int, vocabSize: Int, seed: UInt64 = 3) -> [Int] {
        var random = RandomSource(seed: seed)
        return (0..<count).map { _ in 2 + Int(random.next() % UInt64(vocabSize - 2)) }
    }

    static func maxDifference(_ a: some Collection<Float>, _ b: [Double]) -> Double {
        zip(a, b).map { abs(Double($0) - $1) }.max() ?? 0
    }

    @Test(arguments: flavours)
    func configReadsTheMetadata(flavour: SyntheticModel.Flavour) throws {
        let spec = Self.model(flavour)
        let config = try spec.load().config
        #expect(config.dim == spec.config.dim && config.hiddenDim == spec.config.hiddenDim)
        #expect(config.layerCount == spec.config.layerCount && config.headCount == spec.config.headCount)
        #expect(config.kvHeadCount == spec.config.kvHeadCount && config.headDim == spec.config.headDim)
        #expect(config.vocabSize == spec.vocabSize && config.ropeDimensionCount == spec.config.headDim)
        #expect(config.traits.ropeType == (flavour == .llama ? .norm : .neox))
        #expect(config.tiedOutput == (flavour != .qwen2))
        #expect(abs(config.attentionScale - 1 / Float(spec.config.headDim).squareRoot()) < 1e-7)
        if flavour == .gemma3 {
            #expect(config.isSlidingLayer == [true, false, true])
            #expect(config.ropeFreqBaseSliding == 10_000 && config.ropeFreqBase == 1_000_000)
        } else {
            #expect(config.isSlidingLayer == [false, false, false] && config.slidingWindow == nil)
        }
    }

    @Test(arguments: flavours)
    func prefillMatchesTheNaiveForwardPass(flavour: SyntheticModel.Flavour) throws {
        let spec = Self.model(flavour)
        let tokens = Self.tokens(11, vocabSize: spec.vocabSize)
        let session = try InferenceSession(model: try spec.load(), numerics: .float32)
        let logits = try session.prefill(tokens, allLogits: true)
        let naive = NaiveTransformer(model: spec).forwardInDouble(tokens)
        #expect(logits.positions == 0..<tokens.count)
        for i in tokens.indices {
            #expect(Self.maxDifference(logits.row(position: i), naive.logits[i]) < Self.tolerance, "row \(i)")
        }
        #expect(session.position == tokens.count)
    }

    @Test(arguments: flavours, Numerics.allCases)
    func decodeMatchesPrefillRowByRow(flavour: SyntheticModel.Flavour, numerics: Numerics) throws {
        let model = try Self.model(flavour).load()
        let tokens = Self.tokens(9, vocabSize: model.config.vocabSize)
        let batched = try InferenceSession(model: model, numerics: numerics).prefill(tokens, allLogits: true)
        let stepwise = try InferenceSession(model: model, numerics: numerics)
        var rows = [try stepwise.prefill([tokens[0]]).last]
        for i in 1..<tokens.count { rows.append(try stepwise.decode(tokens[i])) }
        var worst: Float = 0, largest: Float = 0
        for (i, row) in rows.enumerated() {
            let difference = zip(row, batched.row(position: i)).map { abs($0 - $1) }.max() ?? 0
            let bound = Self.decodeTolerance(numerics, largestLogit: row.map(abs).max() ?? 0)
            #expect(difference <= bound, "position \(i): \(difference) > \(bound)")
            worst = max(worst, difference)
            largest = max(largest, row.map(abs).max() ?? 0)
        }
        print("decode vs prefill, \(flavour) \(numerics): max |Δlogit| \(worst), largest |logit| \(largest), "
              + "OpenBLAS core \(EngineThreads.blasCore)")
    }

    /// How far one-token decoding may drift from the batched prefill of the same tokens.
    ///
    /// The two paths sum in different orders (`cblas_sgemm` tiles, whose order depends on the
    /// kernel OpenBLAS picks for the CPU or `OPENBLAS_CORETYPE`, against the mat-vec kernel),
    /// so their values differ in the last F32 bits. In `.float32` that is all: measured
    /// ≤ 5.9e-6 over these models with OPENBLAS_CORETYPE unset (Prescott on the test machine),
    /// Haswell, Zen and SkylakeX; the bound is 1e-4. `.llamaCPP` rounds Q, K, V and the
    /// attention probabilities to F16, and a last-bit difference right at an F16 rounding
    /// boundary becomes a whole F16 step (2^-10 relative) of that value, which the following
    /// layers carry into the logits: measured up to 4.2e-4 on gemma3 (largest |logit| 17.2),
    /// ≤ 3.4e-6 on llama and qwen2, across the same four OpenBLAS kernels. The bound is half an
    /// F16 step of the largest logit (2^-11 · max|logit|, 8.4e-3 for gemma3): what storing
    /// the logits themselves in F16 could change.
    static func decodeTolerance(_ numerics: Numerics, largestLogit: Float) -> Float {
        switch numerics {
        case .float32:
            return 1e-4
        case .llamaCPP:
            return largestLogit / 2048
        }
    }

    @Test(arguments: Numerics.allCases)
    func prefillAcrossBatchBoundariesMatchesSplitCalls(numerics: Numerics) throws {
        let model = try Self.model(.qwen2).load()
        let tokens = Self.tokens(600, vocabSize: model.config.vocabSize)
        let whole = try InferenceSession(model: model, numerics: numerics).prefill(tokens, allLogits: true)
        let split = try InferenceSession(model: model, numerics: numerics)
        _ = try split.prefill(Array(tokens[..<250]))
        let rest = try split.prefill(Array(tokens[250...]), allLogits: true)
        #expect(rest.positions == 250..<600)
        // Different batch shapes sum in different orders; F16 rounding can turn a last-bit
        // difference into one F16 step of a key or value.
        let tolerance: Float = numerics == .float32 ? 1e-4 : 1e-3
        for position in [250, 511, 512, 513, 599] {
            let difference = zip(rest.row(position: position), whole.row(position: position)).map { abs($0 - $1) }.max()!
            #expect(difference < tolerance, "position \(position)")
        }
        // Only the last row's logits: a mat-vec instead of a batch product, same values.
        let last = try InferenceSession(model: model, numerics: numerics).prefill(tokens).last
        #expect(zip(last, whole.row(position: 599)).allSatisfy { abs($0 - $1) < tolerance })
    }

    @Test(arguments: flavours, Numerics.allCases)
    func zeroBiasIsBitIdenticalToNoHooks(flavour: SyntheticModel.Flavour, numerics: Numerics) throws {
        let model = try Self.model(flavour).load()
        let tokens = Self.tokens(70, vocabSize: model.config.vocabSize)
        let zeros = AttentionHooks(bias: AttentionBias(byLayer: Array(repeating: [Float](repeating: 0, count: 70), count: 3)))
        let plain = try InferenceSession(model: model, numerics: numerics), biased = try InferenceSession(model: model, numerics: numerics)
        #expect(try plain.prefill(tokens, allLogits: true).values == biased.prefill(tokens, hooks: zeros, allLogits: true).values)
        #expect(try plain.decode(5) == biased.decode(5, hooks: zeros))
    }

    @Test(arguments: flavours)
    func biasMatchesTheNaiveForwardPass(flavour: SyntheticModel.Flavour) throws {
        let spec = Self.model(flavour)
        let tokens = Self.tokens(12, vocabSize: spec.vocabSize)
        // Layer 0 pushes keys 2…4, layer 2 pulls key 0 away; layer 1 unbiased; keys past 6 get 0.
        let bias: [[Float]?] = [[0, 0, 3, 3, 3, 0, 0], nil, [-2, 0, 0, 0, 0, 0, 0]]
        let hooks = AttentionHooks(bias: AttentionBias(byLayer: bias))
        let session = try InferenceSession(model: try spec.load(), numerics: .float32)
        let logits = try session.prefill(Array(tokens[..<10]), hooks: hooks, allLogits: true)
        let decoded = try session.decode(tokens[10], hooks: hooks)
        let naive = NaiveTransformer(model: spec).forwardInDouble(Array(tokens[..<11]), bias: bias)
        for i in 0..<10 {
            #expect(Self.maxDifference(logits.row(position: i), naive.logits[i]) < Self.tolerance, "row \(i)")
        }
        #expect(Self.maxDifference(decoded, naive.logits[10]) < Self.tolerance)
        let unbiased = NaiveTransformer(model: spec).forwardInDouble(Array(tokens[..<11]))
        #expect(Self.maxDifference(decoded, unbiased.logits[10]) > 0.01, "the bias must change something")
    }

    @Test(arguments: flavours)
    func probeReportsWhatTheNaivePassComputes(flavour: SyntheticModel.Flavour) throws {
        let spec = Self.model(flavour)
        let tokens = Self.tokens(80, vocabSize: spec.vocabSize)
        let probe = RecordingProbe(layerCount: spec.config.layerCount, captured: [1])
        let session = try InferenceSession(model: try spec.load(), numerics: .float32)
        _ = try session.prefill(Array(tokens[..<79]), hooks: AttentionHooks(probe: probe))
        _ = try session.decode(tokens[79], hooks: AttentionHooks(probe: probe))
        let naive = NaiveTransformer(model: spec).forwardInDouble(tokens)
        for l in 0..<spec.config.layerCount {
            for i in 0..<80 {
                let expected = (0...i).reduce(0.0) { $0 + naive.attention[l][i][$1] * Double(probe.weight(key: $1)) }
                #expect(abs(Double(probe.weighted[l][i]) - expected) < 1e-4, "layer \(l) row \(i)")
                #expect(abs(Double(probe.residualL1[l][i]) - naive.residualL1[l][i]) < 1e-3 * naive.residualL1[l][i])
                #expect(abs(Double(probe.attentionL1[l][i]) - naive.attentionL1[l][i]) < 1e-3 * naive.attentionL1[l][i])
                #expect(abs(Double(probe.normedInputL1[l][i]) - naive.normedInputL1[l][i]) < 1e-3 * naive.normedInputL1[l][i])
                #expect(abs(Double(probe.projectionL1[l][i]) - naive.projectionL1[l][i]) < 1e-3 * naive.projectionL1[l][i])
            }
        }
        for i in 0..<80 {
            let row = probe.capturedRows[i]!
            #expect(row.count >= i + 1)
            let difference = (0..<row.count).map { abs(Double(row[$0]) - ($0 < 80 ? naive.attention[1][i][$0] : 0)) }.max()!
            #expect(difference < 1e-5, "captured row \(i)")
        }
        #expect(probe.capturedLayersSeen == [1])
    }

    @Test func slidingWindowMasksDistantKeysEvenWhenBiased() throws {
        let spec = Self.model(.gemma3)
        let tokens = Self.tokens(12, vocabSize: spec.vocabSize)
        let probe = RecordingProbe(layerCount: spec.config.layerCount, captured: [0, 1])
        let huge = AttentionHooks(bias: AttentionBias(byLayer: [[50], [50], nil]), probe: probe)
        _ = try InferenceSession(model: try spec.load(), numerics: .float32).prefill(tokens, hooks: huge)
        // Layer 0 is sliding (window 5): key 0 stays masked for rows ≥ 5 despite its bias.
        #expect(probe.capturedRowsByLayer[0]![9]![0] == 0)
        #expect(probe.capturedRowsByLayer[0]![3]![0] > 0.99)
        // Layer 1 is global: the biased key 0 takes almost all attention.
        #expect(probe.capturedRowsByLayer[1]![9]![0] > 0.99)
    }
}

/// Records everything the forward pass reports; weights key j by `1 + j mod 3`.
final class RecordingProbe: AttentionProbe {
    let capturedLayers: Set<Int>
    var weighted: [[Float]], residualL1: [[Float]], attentionL1: [[Float]]
    var normedInputL1: [[Float]], projectionL1: [[Float]]
    var capturedRowsByLayer: [Int: [Int: [Float]]] = [:]
    var capturedLayersSeen: Set<Int> = []
    var capturedRows: [Int: [Float]] { capturedRowsByLayer[capturedLayers.min() ?? 0] ?? [:] }

    init(layerCount: Int, captured: Set<Int>) {
        capturedLayers = captured
        weighted = Array(repeating: [], count: layerCount)
        residualL1 = weighted
        attentionL1 = weighted
        normedInputL1 = weighted
        projectionL1 = weighted
    }

    func weight(key: Int) -> Float { Float(1 + key % 3) }

    func keyWeights(layer: Int, keyCount: Int) -> [[Float]] { [(0..<keyCount).map(weight(key:))] }

    func layerFinished(layer: Int, rows: Range<Int>, weighted values: [[Float]], norms: LayerNorms) {
        #expect(weighted[layer].count == rows.lowerBound)
        weighted[layer] += values[0]
        residualL1[layer] += norms.residual
        attentionL1[layer] += norms.attention
        normedInputL1[layer] += norms.normedInput
        projectionL1[layer] += norms.attentionProjection
    }

    func attentionRows(layer: Int, rows: Range<Int>, averaged: UnsafeBufferPointer<Float>, keyCount: Int) {
        capturedLayersSeen.insert(layer)
        for (r, position) in rows.enumerated() {
            capturedRowsByLayer[layer, default: [:]][position] = Array(averaged[r * keyCount..<(r + 1) * keyCount])
        }
    }
}
