/// The attention pattern of one layer (`HookPoint.attentionPattern`) as a probe asked to see
/// it: the head average applied to the probe's key weights (what Influence and Rollout
/// propagate), the head-averaged rows and the chosen heads' own rows.
///
/// `Attention.run` hands it each head's probabilities block by block; heads may run on
/// several workers at once, so each worker sums its heads into its own average and each
/// captured head is copied into its own rows, and a block is reported once every head has
/// run.
final class AttentionPatternTap {
    let probe: any AttentionProbe
    let layer: Int
    /// Key-position vectors from `AttentionProbe.keyWeights`.
    let keyWeights: [[Float]]
    /// Whether the head-averaged rows go to `AttentionProbe.attentionRows`.
    let capturesAverage: Bool
    /// Heads whose own rows go to `AttentionProbe.headRows`.
    let capturedHeads: [Int]
    /// `weighted[v][r]`: the head-averaged attention of the call's row r applied to `keyWeights[v]`.
    private(set) var weighted: [[Float]]

    private let headCount: Int
    private var averages: [UnsafeMutablePointer<Float>] = []
    /// Indexed by head; empty when no head is captured.
    private var headRows: [UnsafeMutablePointer<Float>?] = []

    /// What `probe` asks to see of `layer` for a call of `rowCount` rows over `keyCount` keys,
    /// or nil when it asks for nothing there.
    init?(probe: any AttentionProbe, layer: Int, rowCount: Int, keyCount: Int, headCount: Int) {
        let vectors = probe.keyWeights(layer: layer, keyCount: keyCount)
        let capturesAverage = probe.capturedLayers.contains(layer)
        let heads = probe.capturedHeads(layer: layer).filter { (0..<headCount).contains($0) }
        guard !vectors.isEmpty || capturesAverage || !heads.isEmpty else { return nil }
        self.probe = probe
        self.layer = layer
        self.keyWeights = vectors
        self.capturesAverage = capturesAverage
        self.capturedHeads = heads
        self.headCount = headCount
        weighted = Array(repeating: Array(repeating: 0, count: rowCount), count: vectors.count)
    }

    deinit { release() }

    /// Makes room for `workers` workers and blocks of `floatsEach` probabilities.
    func prepare(workers: Int, floatsEach: Int) {
        release()
        averages = (0..<workers).map { _ in .allocate(capacity: floatsEach) }
        var rows = [UnsafeMutablePointer<Float>?](repeating: nil, count: capturedHeads.isEmpty ? 0 : headCount)
        for head in capturedHeads where rows[head] == nil { rows[head] = .allocate(capacity: floatsEach) }
        headRows = rows
    }

    /// Starts a block of `count` probabilities per head.
    func beginBlock(count: Int) {
        for average in averages { average.update(repeating: 0, count: count) }
    }

    /// Takes `head`'s probabilities for the block (run on `worker`): `average += P / H`, and a
    /// copy when the head is captured.
    @inline(__always)
    func record(head: Int, worker: Int, probabilities: UnsafePointer<Float>, count: Int) {
        if head < headRows.count, let copy = headRows[head] { copy.update(from: probabilities, count: count) }
        let average = averages[worker], weight = 1 / Float(headCount)
        for i in 0..<count { average[i] += probabilities[i] * weight }
    }

    /// Reports the block of the call's rows `rows` (at absolute positions from `firstPosition`)
    /// over `keyCount` keys once every head has been recorded.
    func endBlock(rows: Range<Int>, firstPosition: Int, keyCount: Int) {
        let averaged = averages[0]
        for other in averages.dropFirst() { VectorMath.add(other, into: averaged, count: rows.count * keyCount) }
        for (v, weights) in keyWeights.enumerated() {
            let count = min(weights.count, keyCount)
            weights.withUnsafeBufferPointer { w in
                for r in 0..<rows.count {
                    weighted[v][rows.lowerBound + r] = w.baseAddress.map {
                        VectorMath.dot(averaged + r * keyCount, $0, count: count)
                    } ?? 0
                }
            }
        }
        let absolute = (firstPosition + rows.lowerBound)..<(firstPosition + rows.upperBound)
        if capturesAverage {
            probe.attentionRows(layer: layer, rows: absolute,
                                averaged: UnsafeBufferPointer(start: averaged, count: rows.count * keyCount),
                                keyCount: keyCount)
        }
        for head in capturedHeads {
            guard let probabilities = headRows[head] else { continue }
            probe.headRows(layer: layer, head: head, rows: absolute,
                           probabilities: UnsafeBufferPointer(start: probabilities, count: rows.count * keyCount),
                           keyCount: keyCount)
        }
    }

    private func release() {
        averages.forEach { $0.deallocate() }
        headRows.forEach { $0?.deallocate() }
        averages = []
        headRows = []
    }
}
