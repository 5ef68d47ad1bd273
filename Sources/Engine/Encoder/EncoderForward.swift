import COpenBLAS
import Foundation

/// The BERT forward pass over a batch of windows: the windows' tokens are concatenated
/// into one `[T × dim]` activation matrix so every weight product streams the weights once
/// for the whole batch (`WeightMatrix.multiply(batch:)`); attention stays inside each
/// window. Positions restart at 0 in every window.
struct EncoderForward {
    let config: EncoderConfig
    let weights: EncoderWeights
    let numerics: EncoderNumerics
    let pool: KernelThreadPool

    /// Final-layer hidden states, `[T × dim]` row-major, for `windows` (each a full input
    /// with its `<s>` and `</s>`). Every id must be below `vocabularySize` and every window
    /// at most `maxPositions` long; the tokenizer's windows are.
    func hiddenStates(_ windows: [[Int]]) -> [Float] {
        let h = config.dim, ff = config.hiddenDim
        let ids = windows.flatMap { $0 }
        let t = ids.count
        guard t > 0 else { return [] }
        var spans: [Range<Int>] = []
        var start = 0
        for window in windows {
            spans.append(start..<start + window.count)
            start += window.count
        }
        let buffers = EncoderBuffers(tokens: t, dim: h, hiddenDim: ff)
        let x = buffers.x, s = buffers.scratch, m = buffers.mid
        for span in spans {
            for row in span {
                let r = x + row * h
                weights.wordEmbedding.dequantizeRow(ids[row], into: r)
                let position = (row - span.lowerBound) * h
                for i in 0..<h { r[i] += weights.positionEmbedding[position + i] + weights.tokenTypeEmbedding[i] }
            }
        }
        layerNorm(x, rows: t, weight: weights.embeddingNormWeight, bias: weights.embeddingNormBias)

        for layer in weights.layers {
            copyRounded(x, into: s, count: t * h)
            project(layer.query, layer.queryBias, s, t, into: buffers.q)
            project(layer.key, layer.keyBias, s, t, into: buffers.k)
            project(layer.value, layer.valueBias, s, t, into: buffers.v)
            attention(buffers.q, buffers.k, buffers.v, spans: spans, into: buffers.context)
            numerics.round(buffers.context, count: t * h)
            project(layer.attentionOutput, layer.attentionOutputBias, buffers.context, t, into: s)
            addLayerNorm(x, s, rows: t, weight: layer.attentionNormWeight, bias: layer.attentionNormBias)
            copyRounded(x, into: s, count: t * h)
            project(layer.feedForwardIn, layer.feedForwardInBias, s, t, into: m)
            gelu(m, count: t * ff)
            numerics.round(m, count: t * ff)
            project(layer.feedForwardOut, layer.feedForwardOutBias, m, t, into: s)
            addLayerNorm(x, s, rows: t, weight: layer.outputNormWeight, bias: layer.outputNormBias)
        }
        return Array(UnsafeBufferPointer(start: x, count: t * h))
    }

    /// y = W·x + b for `rows` rows.
    private func project(_ w: WeightMatrix, _ bias: [Float], _ x: UnsafeMutablePointer<Float>, _ rows: Int,
                         into y: UnsafeMutablePointer<Float>) {
        w.multiply(batch: x, count: rows, into: y)
        let n = w.rows
        for r in 0..<rows {
            let yr = y + r * n
            for i in 0..<n { yr[i] += bias[i] }
        }
    }

    private func copyRounded(_ x: UnsafeMutablePointer<Float>, into y: UnsafeMutablePointer<Float>, count: Int) {
        y.update(from: x, count: count)
        numerics.round(y, count: count)
    }

    /// Scaled dot-product attention per window and head, the (window, head) pairs spread
    /// over the pool; scores and the weighted sum of values are `cblas_sgemm` calls on the
    /// head's strided columns.
    private func attention(_ q: UnsafeMutablePointer<Float>, _ k: UnsafeMutablePointer<Float>,
                           _ v: UnsafeMutablePointer<Float>, spans: [Range<Int>], into ctx: UnsafeMutablePointer<Float>) {
        _ = EngineThreads.blasConfigured
        let h = config.dim, heads = config.headCount, hd = config.headDim
        let scale = 1 / Float(hd).squareRoot()
        let jobs = spans.count * heads
        let job = { (index: Int) in
            let span = spans[index / heads]
            let head = index % heads
            let l = span.count
            let scores = UnsafeMutablePointer<Float>.allocate(capacity: l * l)
            defer { scores.deallocate() }
            let offset = span.lowerBound * h + head * hd
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(l), Int32(l), Int32(hd),
                        scale, q + offset, Int32(h), k + offset, Int32(h), 0, scores, Int32(l))
            for row in 0..<l { VectorMath.softmax(scores + row * l, count: l, lower: 0, upper: l) }
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(l), Int32(hd), Int32(l),
                        1, scores, Int32(l), v + offset, Int32(h), 0, ctx + offset, Int32(h))
        }
        if pool.threadCount > 1, jobs > 1 {
            pool.parallelFor(chunks: jobs, job)
        } else {
            for index in 0..<jobs { job(index) }
        }
    }

    /// x = LayerNorm(x + y) per row.
    private func addLayerNorm(_ x: UnsafeMutablePointer<Float>, _ y: UnsafeMutablePointer<Float>, rows: Int,
                              weight: [Float], bias: [Float]) {
        VectorMath.add(y, into: x, count: rows * config.dim)
        layerNorm(x, rows: rows, weight: weight, bias: bias)
    }

    /// LayerNorm of each row in place: `(x − mean) / sqrt(var + ε) · w + b`.
    private func layerNorm(_ x: UnsafeMutablePointer<Float>, rows: Int, weight: [Float], bias: [Float]) {
        let h = config.dim
        let epsilon = config.layerNormEpsilon
        for row in 0..<rows {
            let r = x + row * h
            var mean: Float = 0
            for i in 0..<h { mean += r[i] }
            mean /= Float(h)
            var variance: Float = 0
            for i in 0..<h {
                let d = r[i] - mean
                variance += d * d
            }
            variance /= Float(h)
            let inverse = 1 / (variance + epsilon).squareRoot()
            for i in 0..<h { r[i] = (r[i] - mean) * inverse * weight[i] + bias[i] }
        }
    }

    /// Exact GELU, `x/2 · (1 + erf(x/√2))`, in parallel chunks.
    private func gelu(_ x: UnsafeMutablePointer<Float>, count: Int) {
        let chunk = 1 << 14
        let chunks = (count + chunk - 1) / chunk
        let job = { (c: Int) in
            for i in c * chunk..<min(count, (c + 1) * chunk) {
                x[i] = 0.5 * x[i] * (1 + erf(x[i] * 0.707_106_781_186_547_524_40))
            }
        }
        if pool.threadCount > 1, chunks > 1 {
            pool.parallelFor(chunks: chunks, job)
        } else {
            for c in 0..<chunks { job(c) }
        }
    }
}

/// The activations of one forward call, allocated together and freed with the object.
private final class EncoderBuffers {
    let x, scratch, q, k, v, context, mid: UnsafeMutablePointer<Float>

    init(tokens t: Int, dim h: Int, hiddenDim ff: Int) {
        func make(_ count: Int) -> UnsafeMutablePointer<Float> {
            let p = UnsafeMutablePointer<Float>.allocate(capacity: count)
            p.initialize(repeating: 0, count: count)
            return p
        }
        (x, scratch, q, k, v, context, mid) = (make(t * h), make(t * max(h, ff)), make(t * h), make(t * h),
                                                make(t * h), make(t * h), make(t * ff))
    }

    deinit {
        for p in [x, scratch, q, k, v, context, mid] { p.deallocate() }
    }
}
