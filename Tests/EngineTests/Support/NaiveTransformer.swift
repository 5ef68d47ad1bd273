import Foundation
@testable import Engine

/// The arithmetic the naive transformer needs, in the precision it runs in: `Float` to
/// check the engine within float rounding, `Double` as an (almost) exact reference.
protocol NaiveScalar: BinaryFloatingPoint {
    static func exponential(_ x: Self) -> Self
    static func hyperbolicTangent(_ x: Self) -> Self
    static func power(_ x: Self, _ y: Self) -> Self
    static func cosine(_ x: Self) -> Self
    static func sine(_ x: Self) -> Self
}

extension Float: NaiveScalar {
    static func exponential(_ x: Float) -> Float { exp(x) }
    static func hyperbolicTangent(_ x: Float) -> Float { tanh(x) }
    static func power(_ x: Float, _ y: Float) -> Float { pow(x, y) }
    static func cosine(_ x: Float) -> Float { cos(x) }
    static func sine(_ x: Float) -> Float { sin(x) }
}

extension Double: NaiveScalar {
    static func exponential(_ x: Double) -> Double { exp(x) }
    static func hyperbolicTangent(_ x: Double) -> Double { tanh(x) }
    static func power(_ x: Double, _ y: Double) -> Double { pow(x, y) }
    static func cosine(_ x: Double) -> Double { cos(x) }
    static func sine(_ x: Double) -> Double { sin(x) }
}

/// The one naive reference transformer: a deliberately plain pass over `SyntheticModel`
/// weights that keeps every layer's full head-averaged attention matrix, against which the
/// streaming engine, its hooks, Influence and Rollout are checked. `forward` runs in Float
/// (the engine's own precision), `forwardInDouble` in Double (the exact reference).
struct NaiveTransformer {
    /// Everything one forward pass over a whole prompt produced.
    struct Trace<Scalar: NaiveScalar> {
        /// `attention[ℓ][i][j]`: head-averaged attention of query i on key j in layer ℓ.
        var attention: [[[Scalar]]] = []
        /// `residualL1[ℓ][i]`: ‖e‖₁ of the residual stream entering layer ℓ at token i.
        var residualL1: [[Scalar]] = []
        /// `attentionL1[ℓ][i]`: ‖a‖₁ of what the attention block adds to the residual at
        /// token i (after gemma3's post-attention norm).
        var attentionL1: [[Scalar]] = []
        /// `projectionL1[ℓ][i]`: ‖o‖₁ of the attention output projection, before any
        /// post-attention norm (what the paper's Influence weighs).
        var projectionL1: [[Scalar]] = []
        /// `normedInputL1[ℓ][i]`: ‖x‖₁ of layer ℓ's normalised attention input at token i.
        var normedInputL1: [[Scalar]] = []
        /// `logits[i]`: next-token logits after token i.
        var logits: [[Scalar]] = []
        /// `vectors[point][ℓ][i]`: the residual-width vector at each hook point of layer ℓ for
        /// token i; `finalNorm` has one entry (after the last layer).
        var vectors: [HookPoint: [[[Scalar]]]] = [:]
    }

    let model: SyntheticModel

    /// Runs `tokens` through the model in Float; `bias[ℓ]` (nil: none) is added to the
    /// scaled attention logits of key positions, before the causal / sliding-window mask
    /// and softmax, in the query rows `biasedRows` (default: all). gemma3 as llama.cpp runs
    /// it: embeddings × √dim, per-head Q/K RMSNorm before RoPE, post-attention and post-FFN
    /// norms, GELU (tanh) gate, keys at distance ≥ window masked in sliding layers.
    func forward(_ tokens: [Int], bias: [[Float]?] = [], biasedRows: Range<Int>? = nil) -> Trace<Float> {
        run(tokens, bias: bias, biasedRows: biasedRows)
    }

    /// The same pass in Double: the reference the engine's float32 numerics approach.
    func forwardInDouble(_ tokens: [Int], bias: [[Float]?] = [], biasedRows: Range<Int>? = nil) -> Trace<Double> {
        run(tokens, bias: bias, biasedRows: biasedRows)
    }

    private func run<Scalar: NaiveScalar>(_ tokens: [Int], bias: [[Float]?], biasedRows: Range<Int>?) -> Trace<Scalar> {
        let c = model.config
        let gemma = c.flavour == .gemma3
        let n = tokens.count
        let headDim = c.dim / c.headCount
        let group = c.headCount / c.kvHeadCount
        let scale = 1 / Scalar(headDim).squareRoot()
        let embedding: [Scalar] = weights("token_embd.weight")
        let embeddingScale = gemma ? Scalar(c.dim).squareRoot() : 1
        var x = tokens.map { Array(embedding[$0 * c.dim..<($0 + 1) * c.dim]).map { $0 * embeddingScale } }
        var trace = Trace<Scalar>()

        for layer in 0..<c.layerCount {
            let p = "blk.\(layer)."
            trace.residualL1.append(x.map(l1))
            trace.vectors[.residualPre, default: []].append(x)
            let normed = x.map { rmsNorm($0, weights(p + "attn_norm.weight")) }
            trace.normedInputL1.append(normed.map(l1))
            trace.vectors[.attentionInput, default: []].append(normed)
            var q = normed.map { linear(p + "attn_q", $0) }
            var k = normed.map { linear(p + "attn_k", $0) }
            let v = normed.map { linear(p + "attn_v", $0) }
            if gemma {
                q = q.map { perHeadNorm($0, weights(p + "attn_q_norm.weight")) }
                k = k.map { perHeadNorm($0, weights(p + "attn_k_norm.weight")) }
            }
            let base = Scalar(c.ropeBase(layer: layer))
            for i in 0..<n {
                q[i] = rope(q[i], heads: c.headCount, position: i, base: base)
                k[i] = rope(k[i], heads: c.kvHeadCount, position: i, base: base)
            }
            // Keys a query sees: all earlier ones, or the last `window` in a sliding layer.
            func firstKey(_ i: Int) -> Int {
                guard c.isSliding(layer), let window = c.slidingWindow else { return 0 }
                return max(0, i - window + 1)
            }
            var averaged = [[Scalar]](repeating: [Scalar](repeating: 0, count: n), count: n)
            var mixed = [[Scalar]](repeating: [Scalar](repeating: 0, count: c.dim), count: n)
            for h in 0..<c.headCount {
                let kvHead = h / group
                for i in 0..<n {
                    var scores = [Scalar](repeating: -.infinity, count: n)
                    let keys = firstKey(i)...i
                    for j in keys {
                        var dot: Scalar = 0
                        for d in 0..<headDim {
                            dot += q[i][h * headDim + d] * k[j][kvHead * headDim + d]
                        }
                        scores[j] = dot * scale
                        if layer < bias.count, let b = bias[layer], j < b.count,
                           biasedRows?.contains(i) ?? true {
                            scores[j] += Scalar(b[j])
                        }
                    }
                    let top = scores[keys].max() ?? 0
                    var total: Scalar = 0
                    for j in keys { scores[j] = Scalar.exponential(scores[j] - top); total += scores[j] }
                    for j in keys {
                        let weight = scores[j] / total
                        averaged[i][j] += weight / Scalar(c.headCount)
                        for d in 0..<headDim {
                            mixed[i][h * headDim + d] += weight * v[j][kvHead * headDim + d]
                        }
                    }
                }
            }
            trace.attention.append(averaged)
            let o = mixed.map { linear(p + "attn_output", $0) }
            trace.projectionL1.append(o.map(l1))
            trace.vectors[.attentionProjection, default: []].append(o)
            let a = gemma ? o.map { rmsNorm($0, weights(p + "post_attention_norm.weight")) } : o
            trace.attentionL1.append(a.map(l1))
            trace.vectors[.attentionOutput, default: []].append(a)
            var mid: [[Scalar]] = [], mlp: [[Scalar]] = []
            for i in 0..<n {
                for d in 0..<c.dim { x[i][d] += a[i][d] }
                mid.append(x[i])
                let h = rmsNorm(x[i], weights(p + "ffn_norm.weight"))
                let gate = linear(p + "ffn_gate", h), up = linear(p + "ffn_up", h)
                let act = zip(gate, up).map { g, u in activation(g) * u }
                var down = linear(p + "ffn_down", act)
                if gemma { down = rmsNorm(down, weights(p + "post_ffw_norm.weight")) }
                mlp.append(down)
                for d in 0..<c.dim { x[i][d] += down[d] }
            }
            trace.vectors[.residualMid, default: []].append(mid)
            trace.vectors[.mlpOutput, default: []].append(mlp)
            trace.vectors[.residualPost, default: []].append(x)
        }
        let head = model.hasTensor("output.weight") ? "output" : "token_embd"
        let finalNormed = x.map { rmsNorm($0, weights("output_norm.weight")) }
        trace.vectors[.finalNorm] = [finalNormed]
        trace.logits = finalNormed.map { linear(head, $0) }
        return trace
    }

    /// Influence or Rollout from a full trace: row 0 is `indicator`, row ℓ + 1 layer ℓ.
    static func influence<Scalar: NaiveScalar>(_ trace: Trace<Scalar>, indicator: [Scalar],
                                                method: InfluenceMethod) -> [[Scalar]] {
        var rows = [indicator]
        for layer in trace.attention.indices {
            let previous = rows[layer]
            let attention = trace.attention[layer]
            var next = previous
            for k in previous.indices {
                var attended: Scalar = 0
                for j in previous.indices { attended += attention[k][j] * previous[j] }
                switch method {
                case .influence:
                    let e = trace.residualL1[layer][k], a = trace.attentionL1[layer][k]
                    next[k] = (e * previous[k] + a * attended) / (e + a)
                case .paper:
                    // The paper's code: r = ‖x‖₁ of the previous layer's normalised input.
                    let r = trace.normedInputL1[max(layer - 1, 0)][k], s = trace.projectionL1[layer][k]
                    next[k] = (r * previous[k] + s * attended) / (r + s)
                case .rollout:
                    next[k] = (previous[k] + attended) / 2
                }
            }
            rows.append(next)
        }
        return rows
    }

    /// The values of tensor `name` in the pass's precision.
    private func weights<Scalar: NaiveScalar>(_ name: String) -> [Scalar] {
        model.tensor(name).map { Scalar($0) }
    }

    private func linear<Scalar: NaiveScalar>(_ name: String, _ x: [Scalar]) -> [Scalar] {
        let weight: [Scalar] = weights(name + ".weight")
        let rows = weight.count / x.count
        var y = [Scalar](repeating: 0, count: rows)
        for r in 0..<rows {
            var sum: Scalar = 0
            for c in x.indices { sum += weight[r * x.count + c] * x[c] }
            y[r] = sum
        }
        if model.hasTensor(name + ".bias") {
            let bias: [Scalar] = weights(name + ".bias")
            for r in 0..<rows { y[r] += bias[r] }
        }
        return y
    }

    private func rmsNorm<Scalar: NaiveScalar>(_ x: [Scalar], _ weight: [Scalar]) -> [Scalar] {
        let meanSquare = x.reduce(0) { $0 + $1 * $1 } / Scalar(x.count)
        let factor = 1 / (meanSquare + Scalar(model.config.rmsEpsilon)).squareRoot()
        return zip(x, weight).map { $0 * factor * $1 }
    }

    /// RMSNorm of each head of `x` with the head-wide `weight` (gemma3's QK-norm).
    private func perHeadNorm<Scalar: NaiveScalar>(_ x: [Scalar], _ weight: [Scalar]) -> [Scalar] {
        stride(from: 0, to: x.count, by: weight.count).flatMap { rmsNorm(Array(x[$0..<$0 + weight.count]), weight) }
    }

    /// The gate activation: SiLU, or tanh-approximated GELU for gemma3.
    private func activation<Scalar: NaiveScalar>(_ g: Scalar) -> Scalar {
        guard model.config.flavour == .gemma3 else { return g / (1 + Scalar.exponential(-g)) }
        let inner = Scalar(0.797_884_560_8) * (g + Scalar(0.044_715) * g * g * g)
        return Scalar(0.5) * g * (1 + Scalar.hyperbolicTangent(inner))
    }

    /// Rotary embedding: adjacent pairs for llama, halves (NeoX) for qwen2 and gemma3, as llama.cpp.
    private func rope<Scalar: NaiveScalar>(_ x: [Scalar], heads: Int, position: Int, base: Scalar) -> [Scalar] {
        let headDim = x.count / heads
        var y = x
        for h in 0..<heads {
            for i in 0..<headDim / 2 {
                let theta = Scalar(position) * Scalar.power(base, -2 * Scalar(i) / Scalar(headDim))
                let (cosine, sine) = (Scalar.cosine(theta), Scalar.sine(theta))
                let (a, b) = model.config.flavour == .llama
                    ? (h * headDim + 2 * i, h * headDim + 2 * i + 1)
                    : (h * headDim + i, h * headDim + i + headDim / 2)
                y[a] = x[a] * cosine - x[b] * sine
                y[b] = x[a] * sine + x[b] * cosine
            }
        }
        return y
    }

    private func l1<Scalar: NaiveScalar>(_ x: [Scalar]) -> Scalar { x.reduce(0) { $0 + abs($1) } }
}
