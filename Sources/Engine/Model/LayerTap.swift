/// One layer of one forward call as an attached probe sees it.
///
/// `runLayer` passes it the vectors at each `HookPoint` as the layer reaches them; it keeps
/// the L1 norms Influence weighs with, forwards the points the probe observes, and hands
/// the layer to the probe (`layerFinished`) once the attention block's output is known.
final class LayerTap {
    let probe: any AttentionProbe
    let layer: Int
    /// The call's rows, as absolute positions.
    let rows: Range<Int>
    /// Width of the residual stream.
    let width: Int
    /// What the probe asked to see of this layer's attention pattern; nil for nothing.
    let pattern: AttentionPatternTap?

    private let observedPoints: Set<HookPoint>
    private var residualL1: [Float] = []
    private var normedInputL1: [Float] = []
    private var projectionL1: [Float] = []

    init(probe: any AttentionProbe, layer: Int, rows: Range<Int>, width: Int, headCount: Int) {
        self.probe = probe
        self.layer = layer
        self.rows = rows
        self.width = width
        observedPoints = probe.observedPoints
        pattern = AttentionPatternTap(probe: probe, layer: layer, rowCount: rows.count,
                                      keyCount: rows.upperBound, headCount: headCount)
    }

    /// The call's `rows.count × width` vectors at `point` (one of the residual-width points).
    func read(_ point: HookPoint, _ vectors: UnsafePointer<Float>) {
        switch point {
        case .residualPre:
            residualL1 = rowL1(vectors)
        case .attentionInput:
            normedInputL1 = rowL1(vectors)
        case .attentionProjection:
            projectionL1 = rowL1(vectors)
        case .attentionOutput:
            // Influence's `a` is computed here: exactly what joins the residual stream, i.e. the
            // output projection after the post-attention norm where the architecture has one
            // (Gemma 3: `h = x + post_attention_norm(W_o · attention)`), the projection itself
            // otherwise. The paper's variant reads the projection before that norm.
            let norms = LayerNorms(residual: residualL1, normedInput: normedInputL1,
                                   attentionProjection: projectionL1, attention: rowL1(vectors))
            probe.layerFinished(layer: layer, rows: rows, weighted: pattern?.weighted ?? [], norms: norms)
        default:
            break
        }
        if observedPoints.contains(point) {
            probe.vectors(at: point, layer: layer, rows: rows,
                          values: UnsafeBufferPointer(start: vectors, count: rows.count * width), width: width)
        }
    }

    /// ‖row‖₁ of each of the call's rows.
    private func rowL1(_ vectors: UnsafePointer<Float>) -> [Float] {
        (0..<rows.count).map { VectorMath.l1Norm(vectors + $0 * width, count: width) }
    }
}
