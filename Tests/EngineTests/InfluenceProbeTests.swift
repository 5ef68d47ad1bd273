import Testing
@testable import Engine

/// Feeds a probe the calls a forward pass makes, from a naive trace, `batch` rows at a time.
private func drive(_ probe: AttentionProbe, trace: NaiveTransformer.Trace<Float>, batch: Int) {
    let n = trace.logits.count
    var start = 0
    while start < n {
        let rows = start..<min(n, start + batch)
        for layer in trace.attention.indices {
            let vectors = probe.keyWeights(layer: layer, keyCount: rows.upperBound)
            let weighted = vectors.map { w in
                rows.map { i in (0..<rows.upperBound).reduce(Float(0)) { $0 + trace.attention[layer][i][$1] * w[$1] } }
            }
            let norms = LayerNorms(residual: rows.map { trace.residualL1[layer][$0] },
                                   normedInput: rows.map { trace.normedInputL1[layer][$0] },
                                   attentionProjection: rows.map { trace.attentionL1[layer][$0] },
                                   attention: rows.map { trace.attentionL1[layer][$0] })
            probe.layerFinished(layer: layer, rows: rows, weighted: weighted, norms: norms)
        }
        start = rows.upperBound
    }
}

@Suite struct InfluenceProbeTests {
    let model = SyntheticModel(.init(flavour: .llama), seed: 7)

    @Test(arguments: InfluenceMethod.allCases, [1, 5, 40])
    func streamingMatchesTheFullMatrices(method: InfluenceMethod, batch: Int) {
        let tokens = model.byteTokens("The quick brown fox jumps over the lazy dog.")
        let trace = NaiveTransformer(model: model).forward(tokens)
        var indicator = [Float](repeating: 0, count: tokens.count)
        for k in 4..<9 { indicator[k] = 1 }
        let probe = InfluenceProbe(indicator: indicator, layerCount: model.config.layerCount, method: method)
        drive(probe, trace: trace, batch: batch)
        let expected = NaiveTransformer.influence(trace, indicator: indicator, method: method)
        let worst = zip(probe.matrix.values.joined(), expected.joined()).map { abs($0 - $1) }.max() ?? 1
        #expect(worst < 1e-6)
        #expect(probe.matrix.values(layer: -1) == indicator)
        #expect(probe.matrix.layers == [-1, 0, 1, 2])
        // Something actually propagated: tokens after the span picked up influence.
        #expect(probe.matrix.final[20] > 0.01)
    }

    @Test func attentionMapKeepsOneLayer() {
        let tokens = model.byteTokens("abcdefghij")
        let trace = NaiveTransformer(model: model).forward(tokens)
        let probe = AttentionMapProbe(layer: 1)
        #expect(probe.capturedLayers == [1])
        for rows in [0..<4, 4..<10] {
            let keyCount = rows.upperBound
            let flat = rows.flatMap { trace.attention[1][$0][0..<keyCount] }
            flat.withUnsafeBufferPointer { probe.attentionRows(layer: 1, rows: rows, averaged: $0, keyCount: keyCount) }
        }
        #expect(probe.rows == trace.attention[1])
    }
}

/// One probe measuring every method gives each method's values exactly as a probe of its own.
@Suite struct InfluenceProbeSharedPassTests {
    @Test(arguments: [1, 7])
    func severalMethodsShareOnePass(batch: Int) {
        let model = SyntheticModel(.init(flavour: .llama), seed: 11)
        let tokens = model.byteTokens("Pay attention to what matters, then answer.")
        let trace = NaiveTransformer(model: model).forward(tokens)
        var indicator = [Float](repeating: 0, count: tokens.count)
        for k in 2..<6 { indicator[k] = 1 }
        let shared = InfluenceProbe(indicator: indicator, layerCount: model.config.layerCount,
                                    methods: InfluenceMethod.allCases)
        drive(shared, trace: trace, batch: batch)
        for (method, matrix) in zip(InfluenceMethod.allCases, shared.matrices) {
            let alone = InfluenceProbe(indicator: indicator, layerCount: model.config.layerCount, method: method)
            drive(alone, trace: trace, batch: batch)
            #expect(matrix == alone.matrix, "\(method)")
        }
        // The two Influence definitions weigh different tensors, so they differ.
        #expect(shared.matrices[0].values != shared.matrices[1].values)
    }
}
