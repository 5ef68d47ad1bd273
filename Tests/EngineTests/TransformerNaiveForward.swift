import Foundation
@testable import Engine

/// The whole sequence at once, in Double, with every head-averaged attention matrix kept:
/// a direct transcription of the architecture for checking the engine's fast paths.
struct NaiveForward {
    /// `logits[i]`: next-token logits at position i.
    var logits: [[Double]] = []
    /// `attention[l][i][j]`: head-averaged attention of query i on key j in layer l.
    var attention: [[[Double]]] = []
    /// ‖residual entering layer l‖₁ per position.
    var residualL1: [[Double]] = []
    /// ‖attention block output added to the residual‖₁ per position.
    var attentionL1: [[Double]] = []
    /// ‖normalised attention input‖₁ per position.
    var normedInputL1: [[Double]] = []
    /// ‖attention output projection, before any post-attention norm‖₁ per position.
    var projectionL1: [[Double]] = []
    /// `vectors[point][l][i]`: the residual-width vector at each hook point of layer l for
    /// position i; `finalNorm` has one entry (after the last layer).
    var vectors: [HookPoint: [[[Double]]]] = [:]

    init(model m: TestModel, tokens: [Int], bias: [[Float]?] = []) {
        let n = tokens.count, dim = m.dim, hd = m.headDim, traits = m.traits
        let groups = m.headCount / m.kvHeadCount
        func matrix(_ name: String, rows: Int, cols: Int) -> [[Double]] {
            let v = m.tensor(name)
            return (0..<rows).map { r in (0..<cols).map { Double(v[r * cols + $0]) } }
        }
        func vector(_ name: String) -> [Double] { m.tensor(name).map(Double.init) }
        func mul(_ w: [[Double]], _ x: [Double]) -> [Double] {
            w.map { row in zip(row, x).reduce(0) { $0 + $1.0 * $1.1 } }
        }
        func norm(_ x: [Double], _ w: [Double]) -> [Double] {
            let ms = x.reduce(0) { $0 + $1 * $1 } / Double(x.count)
            let s = 1 / (ms + Double(m.epsilon)).squareRoot()
            return zip(x, w).map { $0 * s * $1 }
        }
        func rope(_ x: inout [Double], position: Int, base: Double) {
            for h in 0..<(x.count / hd) {
                for i in 0..<hd / 2 {
                    let angle = Double(position) * pow(base, -2 * Double(i) / Double(hd))
                    let (a, b) = traits.ropeType == .norm ? (h * hd + 2 * i, h * hd + 2 * i + 1)
                                                          : (h * hd + i, h * hd + i + hd / 2)
                    let x0 = x[a], x1 = x[b]
                    x[a] = x0 * cos(angle) - x1 * sin(angle)
                    x[b] = x0 * sin(angle) + x1 * cos(angle)
                }
            }
        }
        func act(_ g: Double) -> Double {
            traits.activation == .silu ? g / (1 + exp(-g))
                : 0.5 * g * (1 + tanh(0.797_884_560_8 * (g + 0.044715 * g * g * g)))
        }

        let embedding = matrix("token_embd.weight", rows: m.vocabSize, cols: dim)
        var x = tokens.map { embedding[$0].map { traits.scalesEmbedding ? $0 * Double(dim).squareRoot() : $0 } }
        for l in 0..<m.layerCount {
            let p = "blk.\(l)."
            let kvDim = m.kvHeadCount * hd
            let sliding = m.slidingWindow != nil && (l + 1) % 2 != 0
            residualL1.append(x.map { $0.reduce(0) { $0 + abs($1) } })
            vectors[.residualPre, default: []].append(x)
            let attentionNorm = vector(p + "attn_norm.weight")
            let xn = x.map { norm($0, attentionNorm) }
            vectors[.attentionInput, default: []].append(xn)
            normedInputL1.append(xn.map { $0.reduce(0) { $0 + abs($1) } })
            let wq = matrix(p + "attn_q.weight", rows: dim, cols: dim)
            let wk = matrix(p + "attn_k.weight", rows: kvDim, cols: dim)
            let wv = matrix(p + "attn_v.weight", rows: kvDim, cols: dim)
            var q = xn.map { mul(wq, $0) }, k = xn.map { mul(wk, $0) }, v = xn.map { mul(wv, $0) }
            if traits.hasQKVBias {
                let bq = vector(p + "attn_q.bias"), bk = vector(p + "attn_k.bias"), bv = vector(p + "attn_v.bias")
                q = q.map { zip($0, bq).map(+) }; k = k.map { zip($0, bk).map(+) }; v = v.map { zip($0, bv).map(+) }
            }
            if traits.hasQKNorm {
                let qn = vector(p + "attn_q_norm.weight"), kn = vector(p + "attn_k_norm.weight")
                func perHead(_ row: [Double], _ w: [Double]) -> [Double] {
                    stride(from: 0, to: row.count, by: hd).flatMap { norm(Array(row[$0..<$0 + hd]), w) }
                }
                q = q.map { perHead($0, qn) }; k = k.map { perHead($0, kn) }
            }
            let base = sliding ? 10_000 : Double(m.ropeBase)
            for i in 0..<n { rope(&q[i], position: i, base: base); rope(&k[i], position: i, base: base) }

            var heads = Array(repeating: [Double](repeating: 0, count: dim), count: n)
            var averaged = Array(repeating: [Double](repeating: 0, count: n), count: n)
            let scale = 1 / Double(hd).squareRoot()
            for h in 0..<m.headCount {
                let kvh = h / groups
                for i in 0..<n {
                    var s = [Double](repeating: -.infinity, count: n)
                    for j in 0...i where !(sliding && i - j >= m.slidingWindow!) {
                        var d = 0.0
                        for e in 0..<hd { d += q[i][h * hd + e] * k[j][kvh * hd + e] }
                        s[j] = d * scale + (l < bias.count ? bias[l].map { j < $0.count ? Double($0[j]) : 0 } ?? 0 : 0)
                    }
                    let mx = s.max()!
                    let e = s.map { $0 == -.infinity ? 0 : exp($0 - mx) }
                    let total = e.reduce(0, +)
                    for j in 0..<n {
                        let pj = e[j] / total
                        averaged[i][j] += pj / Double(m.headCount)
                        for d in 0..<hd { heads[i][h * hd + d] += pj * v[j][kvh * hd + d] }
                    }
                }
            }
            attention.append(averaged)
            let wo = matrix(p + "attn_output.weight", rows: dim, cols: dim)
            var a = heads.map { mul(wo, $0) }
            projectionL1.append(a.map { $0.reduce(0) { $0 + abs($1) } })
            vectors[.attentionProjection, default: []].append(a)
            if traits.hasPostNorms { a = a.map { norm($0, vector(p + "post_attention_norm.weight")) } }
            attentionL1.append(a.map { $0.reduce(0) { $0 + abs($1) } })
            vectors[.attentionOutput, default: []].append(a)
            x = zip(x, a).map { zip($0, $1).map(+) }
            vectors[.residualMid, default: []].append(x)

            let hn = x.map { norm($0, vector(p + "ffn_norm.weight")) }
            let wg = matrix(p + "ffn_gate.weight", rows: m.hiddenDim, cols: dim)
            let wu = matrix(p + "ffn_up.weight", rows: m.hiddenDim, cols: dim)
            let wd = matrix(p + "ffn_down.weight", rows: dim, cols: m.hiddenDim)
            var f = hn.map { row in mul(wd, zip(mul(wg, row), mul(wu, row)).map { act($0) * $1 }) }
            if traits.hasPostNorms { f = f.map { norm($0, vector(p + "post_ffw_norm.weight")) } }
            vectors[.mlpOutput, default: []].append(f)
            x = zip(x, f).map { zip($0, $1).map(+) }
            vectors[.residualPost, default: []].append(x)
        }
        let head = m.architecture == "qwen2" ? matrix("output.weight", rows: m.vocabSize, cols: dim) : embedding
        let finalNormed = x.map { norm($0, vector("output_norm.weight")) }
        vectors[.finalNorm] = [finalNormed]
        logits = finalNormed.map { mul(head, $0) }
    }
}
