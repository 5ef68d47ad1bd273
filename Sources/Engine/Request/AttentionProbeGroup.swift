/// Several probes on one forward pass: each sees exactly what it would see alone.
final class AttentionProbeGroup: AttentionProbe {
    private let probes: [any AttentionProbe]
    /// How many key-weight vectors each probe asked for at the current layer.
    private var vectorCounts: [Int] = []

    private init(_ probes: [any AttentionProbe]) { self.probes = probes }

    /// nil for no probe, the probe itself for one, else a group.
    static func combining(_ probes: [any AttentionProbe]) -> (any AttentionProbe)? {
        probes.count <= 1 ? probes.first : AttentionProbeGroup(probes)
    }

    /// `probe` itself when there are no `others`, else a group of all.
    static func combining(_ probe: any AttentionProbe, with others: [any AttentionProbe]) -> any AttentionProbe {
        others.isEmpty ? probe : AttentionProbeGroup([probe] + others)
    }

    func keyWeights(layer: Int, keyCount: Int) -> [[Float]] {
        let each = probes.map { $0.keyWeights(layer: layer, keyCount: keyCount) }
        vectorCounts = each.map(\.count)
        return each.flatMap { $0 }
    }

    func layerFinished(layer: Int, rows: Range<Int>, weighted: [[Float]], norms: LayerNorms) {
        var start = 0
        for (probe, count) in zip(probes, vectorCounts) {
            probe.layerFinished(layer: layer, rows: rows, weighted: Array(weighted[start..<start + count]),
                                norms: norms)
            start += count
        }
    }

    var capturedLayers: Set<Int> { probes.reduce(into: []) { $0.formUnion($1.capturedLayers) } }

    func attentionRows(layer: Int, rows: Range<Int>, averaged: UnsafeBufferPointer<Float>, keyCount: Int) {
        for probe in probes where probe.capturedLayers.contains(layer) {
            probe.attentionRows(layer: layer, rows: rows, averaged: averaged, keyCount: keyCount)
        }
    }

    func capturedHeads(layer: Int) -> [Int] {
        Array(Set(probes.flatMap { $0.capturedHeads(layer: layer) })).sorted()
    }

    func headRows(layer: Int, head: Int, rows: Range<Int>, probabilities: UnsafeBufferPointer<Float>,
                  keyCount: Int) {
        for probe in probes where probe.capturedHeads(layer: layer).contains(head) {
            probe.headRows(layer: layer, head: head, rows: rows, probabilities: probabilities, keyCount: keyCount)
        }
    }

    var observedPoints: Set<HookPoint> { probes.reduce(into: []) { $0.formUnion($1.observedPoints) } }

    func vectors(at point: HookPoint, layer: Int, rows: Range<Int>, values: UnsafeBufferPointer<Float>,
                 width: Int) {
        for probe in probes where probe.observedPoints.contains(point) {
            probe.vectors(at: point, layer: layer, rows: rows, values: values, width: width)
        }
    }
}
