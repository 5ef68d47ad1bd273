/// How a span's influence propagates from one layer to the next.
public enum InfluenceMethod: String, Sendable, Hashable, CaseIterable {
    /// GUIDE's Influence (arXiv 2409.19001) as its text reads: the attention term weighted
    /// by ‖a‖₁ (what the attention block adds to the residual stream) against the residual
    /// term weighted by ‖e‖₁ (the residual stream entering the layer).
    case influence
    /// Influence as the paper's code computes it (`Influence` in its `src/metrics.py`): the
    /// residual term weighted by ‖x⁽ℓ⁻¹⁾‖₁, the previous layer's normalised attention input
    /// (layer 0 uses its own), the attention term by ‖o⁽ℓ⁾‖₁, the output projection before
    /// any post-attention norm.
    case paper
    /// Attention Rollout with the residual as identity: I ← (I + A·I) / 2.
    case rollout
}

/// A span's influence on every token after every layer.
public struct InfluenceMatrix: Sendable, Hashable {
    /// The method that produced the values.
    public let method: InfluenceMethod
    /// `values[ℓ + 1][k]`: influence on token k after layer ℓ; row 0 is layer −1, the
    /// indicator of the measured span. Shape (layerCount + 1) × tokenCount.
    public let values: [[Float]]

    public init(method: InfluenceMethod, values: [[Float]]) {
        self.method = method
        self.values = values
    }

    /// The layer of each row: −1, 0, 1, …, layerCount − 1.
    public var layers: [Int] { Array(-1..<(values.count - 1)) }
    /// Number of tokens (columns).
    public var tokenCount: Int { values.first?.count ?? 0 }
    /// Influence after the last layer, one value per token.
    public var final: [Float] { values.last ?? [] }

    /// The row of `layer` (−1 for the indicator).
    public func values(layer: Int) -> [Float] { values[layer + 1] }
}

/// Computes Influence and/or Attention Rollout while the prompt is processed, one layer at
/// a time, keeping only a (layerCount + 1) × tokenCount result per method: several methods
/// share one forward pass.
///
/// Influence is causal, so a prompt may be fed over several prefill calls: the influence
/// of rows already processed is final, and each layer's attention only needs the previous
/// layer's influence on keys up to the current row. For every layer ℓ and token k,
/// with A the head-averaged attention as computed (bias included):
///
///     influence: I⁽ℓ⁾ₖ = (‖eₖ‖₁·I⁽ℓ⁻¹⁾ₖ + ‖aₖ‖₁·(A·I⁽ℓ⁻¹⁾)ₖ) / (‖eₖ‖₁ + ‖aₖ‖₁)
///     paper:     I⁽ℓ⁾ₖ = (‖x⁽ℓ⁻¹⁾ₖ‖₁·I⁽ℓ⁻¹⁾ₖ + ‖o⁽ℓ⁾ₖ‖₁·(A·I⁽ℓ⁻¹⁾)ₖ) / (‖x⁽ℓ⁻¹⁾ₖ‖₁ + ‖o⁽ℓ⁾ₖ‖₁)
///     rollout:   I⁽ℓ⁾ₖ = (I⁽ℓ⁻¹⁾ₖ + (A·I⁽ℓ⁻¹⁾)ₖ) / 2
///
/// where e is the residual stream entering layer ℓ and a the attention block's
/// contribution to it: the forward pass reports ‖a‖₁ of exactly what is added to the
/// residual stream, i.e. after the output projection and, in architectures with a norm
/// after attention (Gemma's post-attention norm), after that norm. For `paper`, x⁽ℓ⁾ is
/// layer ℓ's normalised attention input (x⁽⁻¹⁾ = x⁽⁰⁾) and o⁽ℓ⁾ its output projection.
///
/// A's rows are normalised to sum to 1: `(A·I)ₖ = Σⱼ Aₖⱼ Iⱼ / Σⱼ Aₖⱼ`. llama.cpp's numerics
/// round the probabilities to F16, so a row as computed sums to 1 only within ~1e-4; the
/// normalised row keeps every value a convex combination. Both sums run in the same order
/// and float rounding is monotone, so with I in [0, 1] the quotient, and so every value,
/// stays in [0, 1] exactly.
public final class InfluenceProbe: AttentionProbe {
    /// The propagation rules, in the order of `matrices`.
    public let methods: [InfluenceMethod]
    /// `rows[m][ℓ + 1][k]` for method `methods[m]`, as in `InfluenceMatrix.values`; grows
    /// when rows past the indicator arrive (those tokens start outside the span).
    private var rows: [[[Float]]]
    /// ‖x⁽ℓ⁻¹⁾ₖ‖₁ while layer ℓ runs for token k: the previous layer's normalised input
    /// (`paper` only).
    private var previousNormedInputL1: [Float]

    /// A probe for a model of `layerCount` layers; `indicator[k]` is 1 on the measured
    /// span's tokens and 0 elsewhere (layer −1). `methods` must not be empty.
    public init(indicator: [Float], layerCount: Int, methods: [InfluenceMethod]) {
        precondition(!methods.isEmpty, "an influence probe needs a method")
        self.methods = methods
        let layers = [indicator] + Array(repeating: [Float](repeating: 0, count: indicator.count),
                                         count: max(layerCount, 0))
        rows = Array(repeating: layers, count: methods.count)
        previousNormedInputL1 = [Float](repeating: 0, count: indicator.count)
    }

    /// A probe measuring one method.
    public convenience init(indicator: [Float], layerCount: Int, method: InfluenceMethod = .influence) {
        self.init(indicator: indicator, layerCount: layerCount, methods: [method])
    }

    /// The values measured so far, one matrix per method, in the order of `methods`.
    public var matrices: [InfluenceMatrix] {
        zip(methods, rows).map { InfluenceMatrix(method: $0, values: $1) }
    }

    /// The values measured so far by the first method.
    public var matrix: InfluenceMatrix { InfluenceMatrix(method: methods[0], values: rows[0]) }

    /// Each method's previous-layer influence, then ones: the forward pass returns `A·I`
    /// per method and the row sums `A·1` that normalise them.
    public func keyWeights(layer: Int, keyCount: Int) -> [[Float]] {
        guard layer >= 0, layer + 1 < rows[0].count else { return [] }
        if keyCount > rows[0][0].count {
            let padding = [Float](repeating: 0, count: keyCount - rows[0][0].count)
            for m in rows.indices {
                for index in rows[m].indices { rows[m][index] += padding }
            }
            previousNormedInputL1 += padding
        }
        return rows.map { Array($0[layer][0..<keyCount]) } + [[Float](repeating: 1, count: keyCount)]
    }

    public func layerFinished(layer: Int, rows queryRows: Range<Int>, weighted: [[Float]], norms: LayerNorms) {
        guard layer >= 0, layer + 1 < rows[0].count, weighted.count == methods.count + 1,
              queryRows.upperBound <= rows[0][0].count else { return }
        let rowSums = weighted[methods.count]
        for (m, method) in methods.enumerated() {
            let sums = weighted[m]
            for (r, k) in queryRows.enumerated() {
                let before = rows[m][layer][k]
                let attended = rowSums[r] > 0 ? sums[r] / rowSums[r] : 0
                let residualWeight: Float, attentionWeight: Float
                switch method {
                case .influence:
                    (residualWeight, attentionWeight) = (norms.residual[r], norms.attention[r])
                case .paper:
                    residualWeight = layer == 0 ? norms.normedInput[r] : previousNormedInputL1[k]
                    attentionWeight = norms.attentionProjection[r]
                case .rollout:
                    (residualWeight, attentionWeight) = (1, 1)
                }
                let total = residualWeight + attentionWeight
                rows[m][layer + 1][k] = total > 0 ? (residualWeight * before + attentionWeight * attended) / total
                                                  : before
            }
        }
        for (r, k) in queryRows.enumerated() where r < norms.normedInput.count {
            previousNormedInputL1[k] = norms.normedInput[r]
        }
    }

    public var capturedLayers: Set<Int> { [] }

    public func attentionRows(layer: Int, rows: Range<Int>, averaged: UnsafeBufferPointer<Float>,
                              keyCount: Int) {}
}

/// Keeps the full attention matrix of one layer — head-averaged, or of one head — for
/// plots and inspection.
///
/// Memory is tokenCount² floats for that one layer only.
public final class AttentionMapProbe: AttentionProbe {
    /// The 0-based layer captured.
    public let layer: Int
    /// The 0-based head captured, nil for the average over heads.
    public let head: Int?
    /// `rows[i][j]`: attention of query i on key j (0 for masked keys, and for j > i);
    /// rows are as long as the longest row seen.
    public private(set) var rows: [[Float]] = []

    /// Captures `layer` (0-based): the average over heads, or `head` (0-based) alone.
    public init(layer: Int, head: Int? = nil) {
        self.layer = layer
        self.head = head
    }

    public func keyWeights(layer: Int, keyCount: Int) -> [[Float]] { [] }

    public func layerFinished(layer: Int, rows: Range<Int>, weighted: [[Float]], norms: LayerNorms) {}

    public var capturedLayers: Set<Int> { head == nil ? [layer] : [] }

    public func capturedHeads(layer: Int) -> [Int] {
        guard layer == self.layer, let head else { return [] }
        return [head]
    }

    public func attentionRows(layer: Int, rows queryRows: Range<Int>,
                              averaged: UnsafeBufferPointer<Float>, keyCount: Int) {
        guard layer == self.layer, head == nil else { return }
        keep(queryRows, averaged, keyCount: keyCount)
    }

    public func headRows(layer: Int, head: Int, rows queryRows: Range<Int>,
                         probabilities: UnsafeBufferPointer<Float>, keyCount: Int) {
        guard layer == self.layer, head == self.head else { return }
        keep(queryRows, probabilities, keyCount: keyCount)
    }

    private func keep(_ queryRows: Range<Int>, _ values: UnsafeBufferPointer<Float>, keyCount: Int) {
        guard values.count >= queryRows.count * keyCount else { return }
        while rows.count < queryRows.upperBound { rows.append([]) }
        for (r, i) in queryRows.enumerated() {
            rows[i] = Array(values[r * keyCount..<(r + 1) * keyCount])
        }
        let width = rows.map(\.count).max() ?? 0
        for i in rows.indices where rows[i].count < width {
            rows[i] += [Float](repeating: 0, count: width - rows[i].count)
        }
    }
}
