import Foundation
@testable import Engine

/// A deliberately plain f32 transformer over `SyntheticModel` weights that keeps every
/// layer's full head-averaged attention matrix: the reference the streaming engine,
/// Influence and Rollout are checked against.
struct NaiveTransformer {
    /// Everything one forward pass over a whole prompt produced.
    struct Trace {
        /// `attention[ℓ][i][j]`: head-averaged attention of query i on key j in layer ℓ.
        var attention: [[[Float]]] = []
        /// `residualL1[ℓ][i]`: ‖e‖₁ of the residual stream entering layer ℓ at token i.
        var residualL1: [[Float]] = []
        /// `attentionL1[ℓ][i]`: ‖a‖₁ of the attention block's output at token i (no
        /// post-attention norm here, so also the output projection's norm).
        var attentionL1: [[Float]] = []
        /// `normedInputL1[ℓ][i]`: ‖x‖₁ of layer ℓ's normalised attention input at token i.
        var normedInputL1: [[Float]] = []
        /// `logits[i]`: next-token logits after token i.
        var logits: [[Float]] = []
    }

    let model: SyntheticModel

    /// Runs `tokens` through the model; `bias[ℓ]` (nil: none) is added to the scaled
    /// attention logits of key positions, before the causal mask and softmax, in the query
    /// rows `biasedRows` (default: all).
    func forward(_ tokens: [Int], bias: [[Float]?] = [], biasedRows: Range<Int>? = nil) -> Trace {
        let c = model.config
        let n = tokens.count
        let headDim = c.dim / c.headCount
        let group = c.headCount / c.kvHeadCount
        let scale = 1 / Float(headDim).squareRoot()
        let embedding = model.tensor("token_embd.weight")
        var x = tokens.map { Array(embedding[$0 * c.dim..<($0 + 1) * c.dim]) }
        var trace = Trace()

        for layer in 0..<c.layerCount {
            let p = "blk.\(layer)."
            trace.residualL1.append(x.map(l1))
            let normed = x.map { rmsNorm($0, model.tensor(p + "attn_norm.weight")) }
            trace.normedInputL1.append(normed.map(l1))
            var q = normed.map { linear(p + "attn_q", $0) }
            var k = normed.map { linear(p + "attn_k", $0) }
            let v = normed.map { linear(p + "attn_v", $0) }
            for i in 0..<n {
                q[i] = rope(q[i], heads: c.headCount, position: i)
                k[i] = rope(k[i], heads: c.kvHeadCount, position: i)
            }
            var averaged = [[Float]](repeating: [Float](repeating: 0, count: n), count: n)
            var mixed = [[Float]](repeating: [Float](repeating: 0, count: c.dim), count: n)
            for h in 0..<c.headCount {
                let kvHead = h / group
                for i in 0..<n {
                    var scores = [Float](repeating: -.infinity, count: n)
                    for j in 0...i {
                        var dot: Float = 0
                        for d in 0..<headDim {
                            dot += q[i][h * headDim + d] * k[j][kvHead * headDim + d]
                        }
                        scores[j] = dot * scale
                        if layer < bias.count, let b = bias[layer], j < b.count,
                           biasedRows?.contains(i) ?? true {
                            scores[j] += b[j]
                        }
                    }
                    let top = scores[0...i].max() ?? 0
                    var total: Float = 0
                    for j in 0...i { scores[j] = exp(scores[j] - top); total += scores[j] }
                    for j in 0...i {
                        let weight = scores[j] / total
                        averaged[i][j] += weight / Float(c.headCount)
                        for d in 0..<headDim {
                            mixed[i][h * headDim + d] += weight * v[j][kvHead * headDim + d]
                        }
                    }
                }
            }
            trace.attention.append(averaged)
            let a = mixed.map { linear(p + "attn_output", $0) }
            trace.attentionL1.append(a.map(l1))
            for i in 0..<n {
                for d in 0..<c.dim { x[i][d] += a[i][d] }
                let h = rmsNorm(x[i], model.tensor(p + "ffn_norm.weight"))
                let gate = linear(p + "ffn_gate", h), up = linear(p + "ffn_up", h)
                let act = zip(gate, up).map { g, u in g / (1 + exp(-g)) * u }
                let down = linear(p + "ffn_down", act)
                for d in 0..<c.dim { x[i][d] += down[d] }
            }
        }
        let head = model.hasTensor("output.weight") ? "output" : "token_embd"
        trace.logits = x.map { linear(head, rmsNorm($0, model.tensor("output_norm.weight"))) }
        return trace
    }

    /// Influence or Rollout from a full trace: row 0 is `indicator`, row ℓ + 1 layer ℓ.
    static func influence(_ trace: Trace, indicator: [Float], method: InfluenceMethod) -> [[Float]] {
        var rows = [indicator]
        for layer in trace.attention.indices {
            let previous = rows[layer]
            let attention = trace.attention[layer]
            var next = previous
            for k in previous.indices {
                var attended: Float = 0
                for j in previous.indices { attended += attention[k][j] * previous[j] }
                switch method {
                case .influence:
                    let e = trace.residualL1[layer][k], a = trace.attentionL1[layer][k]
                    next[k] = (e * previous[k] + a * attended) / (e + a)
                case .paper:
                    // The paper's code: r = ‖x‖₁ of the previous layer's normalised input.
                    let r = trace.normedInputL1[max(layer - 1, 0)][k], s = trace.attentionL1[layer][k]
                    next[k] = (r * previous[k] + s * attended) / (r + s)
                case .rollout:
                    next[k] = (previous[k] + attended) / 2
                }
            }
            rows.append(next)
        }
        return rows
    }

    private func linear(_ name: String, _ x: [Float]) -> [Float] {
        let weight = model.tensor(name + ".weight")
        let rows = weight.count / x.count
        var y = [Float](repeating: 0, count: rows)
        for r in 0..<rows {
            var sum: Float = 0
            for c in x.indices { sum += weight[r * x.count + c] * x[c] }
            y[r] = sum
        }
        if model.hasTensor(name + ".bias") {
            let bias = model.tensor(name + ".bias")
            for r in 0..<rows { y[r] += bias[r] }
        }
        return y
    }

    private func rmsNorm(_ x: [Float], _ weight: [Float]) -> [Float] {
        let meanSquare = x.reduce(0) { $0 + $1 * $1 } / Float(x.count)
        let factor = 1 / (meanSquare + model.config.rmsEpsilon).squareRoot()
        return zip(x, weight).map { $0 * factor * $1 }
    }

    /// Rotary embedding: adjacent pairs for llama, halves (NeoX) for qwen2, as llama.cpp.
    private func rope(_ x: [Float], heads: Int, position: Int) -> [Float] {
        let headDim = x.count / heads
        var y = x
        for h in 0..<heads {
            for i in 0..<headDim / 2 {
                let theta = Float(position) * pow(model.config.ropeBase, -2 * Float(i) / Float(headDim))
                let (cosine, sine) = (cos(theta), sin(theta))
                let (a, b) = model.config.flavour == .llama
                    ? (h * headDim + 2 * i, h * headDim + 2 * i + 1)
                    : (h * headDim + i, h * headDim + i + headDim / 2)
                y[a] = x[a] * cosine - x[b] * sine
                y[b] = x[a] * sine + x[b] * cosine
            }
        }
        return y
    }

    private func l1(_ x: [Float]) -> Float { x.reduce(0) { $0 + abs($1) } }
}
