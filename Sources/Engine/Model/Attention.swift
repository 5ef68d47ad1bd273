import COpenBLAS

/// Causal multi-head attention of one layer over its KV cache, with grouped KV heads.
///
/// For query row i (absolute position) and head h: scores `s_j = q_i·k_j · scale` for the keys
/// the pass can see, plus the layer's bias, then the causal / sliding-window mask, then softmax,
/// then `Σ_j p_j v_j`. Rows are processed in blocks so only `blockRows × keyCount` scores exist
/// at a time: prefill blocks use `cblas_sgemm` for QKᵀ and PV; a single row uses plain loops.
/// The bias is the `attentionScores` hook point, the probabilities after softmax the
/// `attentionPattern` point (`HookPoint`).
struct Attention {
    let headCount: Int
    let kvHeadCount: Int
    let headDim: Int
    let valueHeadDim: Int
    let scale: Float
    /// Keys at distance ≥ window from the query are masked; nil for full causal attention.
    let window: Int?
    /// Rounds the probabilities before PV (`ForwardRounding.probabilities`).
    let rounding: any ForwardRounding

    /// Query rows per block in prefill.
    static let blockRows = 64

    /// Attends `rowCount` query rows at positions `firstPosition…` to cached keys `0…last row`.
    ///
    /// - Parameters:
    ///   - queries: `[rowCount × headCount·headDim]`, RoPE applied.
    ///   - keys: this layer's keys, head by head: KV head h's key at position p starts at
    ///     `h · keyHeadStride + p · headDim` (`KVCache`); values likewise with `valueHeadDim`.
    ///   - output: `[rowCount × headCount·valueHeadDim]`.
    ///   - bias: added to every head's scores over key positions (`HookPoint.attentionScores`).
    ///   - pattern: receives every head's probabilities (`HookPoint.attentionPattern`).
    func run(queries: UnsafePointer<Float>, rowCount: Int, firstPosition: Int,
             keys: UnsafePointer<Float>, keyHeadStride: Int, values: UnsafePointer<Float>, valueHeadStride: Int,
             output: UnsafeMutablePointer<Float>, bias: [Float]?, pattern: AttentionPatternTap?) {
        let blockRows = rowCount == 1 ? 1 : Self.blockRows
        let keyCapacity = firstPosition + rowCount
        // Heads run in parallel when there is enough work; each worker owns its scores.
        let workers = rowCount * keyCapacity * headCount >= Self.parallelThreshold
            ? min(Parallel.workerCount, headCount) : 1
        let scores = (0..<workers).map { _ in UnsafeMutablePointer<Float>.allocate(capacity: blockRows * keyCapacity) }
        defer { scores.forEach { $0.deallocate() } }
        pattern?.prepare(workers: workers, floatsEach: blockRows * keyCapacity)

        var start = 0
        while start < rowCount {
            let rows = start..<min(rowCount, start + blockRows)
            let keyCount = firstPosition + rows.upperBound
            pattern?.beginBlock(count: rows.count * keyCount)
            Parallel.forEachChunk(count: headCount, workers: workers) { worker, heads in
                for head in heads {
                    attendHead(head, rows: rows, firstPosition: firstPosition, keyCount: keyCount,
                               queries: queries, keys: keys + kvHead(of: head) * keyHeadStride,
                               values: values + kvHead(of: head) * valueHeadStride, scores: scores[worker],
                               output: output, bias: bias, pattern: pattern, worker: worker)
                }
            }
            pattern?.endBlock(rows: rows, firstPosition: firstPosition, keyCount: keyCount)
            start = rows.upperBound
        }
    }

    /// Work (rows × keys × heads) below which the heads run on the calling thread: about
    /// 1k key vectors, above which the pool's hand-off costs less than the heads' share. At
    /// depth 512 a decode step's attention is about a fifth of SmolLM2's one-thread step
    /// (9 heads × 513 keys); with the heads on the pool and the four-key scores below, its
    /// 2-thread decode went from 61 to 70 tok/s.
    static let parallelThreshold = 1 << 10

    /// The KV head whose keys and values query head `head` reads.
    private func kvHead(of head: Int) -> Int { head / (headCount / kvHeadCount) }

    /// Attends query head `head` of `rows`; `keys` and `values` are its KV head's, a position
    /// per `headDim` (`valueHeadDim`) floats.
    private func attendHead(_ head: Int, rows: Range<Int>, firstPosition: Int, keyCount: Int,
                            queries: UnsafePointer<Float>, keys: UnsafePointer<Float>,
                            values: UnsafePointer<Float>, scores: UnsafeMutablePointer<Float>,
                            output: UnsafeMutablePointer<Float>, bias: [Float]?,
                            pattern: AttentionPatternTap?, worker: Int) {
        let queryDim = headCount * headDim, outputDim = headCount * valueHeadDim
        let q = queries + rows.lowerBound * queryDim + head * headDim
        let out = output + rows.lowerBound * outputDim + head * valueHeadDim

        // Scores, scaled: S = scale · Q_h K_hᵀ.
        if rows.count == 1 {
            scaledScores(query: q, keys: keys, stride: headDim, keyCount: keyCount, into: scores)
        } else {
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows.count), Int32(keyCount),
                        Int32(headDim), scale, q, Int32(queryDim), keys, Int32(headDim), 0, scores, Int32(keyCount))
        }

        // Bias, then causal / sliding-window mask, then softmax, row by row. The mask wins:
        // a key outside the window (before `lower`) keeps probability 0 whatever its bias, so
        // GUIDE's bias in a sliding layer reaches only the keys the window lets through.
        for r in 0..<rows.count {
            let row = scores + r * keyCount
            let position = firstPosition + rows.lowerBound + r
            if let bias {
                for j in 0..<min(bias.count, position + 1) { row[j] += bias[j] }
            }
            let lower = window.map { max(0, position - $0 + 1) } ?? 0
            VectorMath.softmax(row, count: keyCount, lower: lower, upper: position + 1)
            rounding.probabilities(row + lower, count: position + 1 - lower)
        }
        pattern?.record(head: head, worker: worker, probabilities: scores, count: rows.count * keyCount)

        // Output: O_h = P V_h.
        if rows.count == 1 {
            weightedValueSum(scores, keyCount: keyCount, values: values, stride: valueHeadDim, into: out)
        } else {
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(rows.count), Int32(valueHeadDim),
                        Int32(keyCount), 1, scores, Int32(keyCount), values, Int32(valueHeadDim), 0, out, Int32(outputDim))
        }
    }

    /// `scores[j] = (q·k_j)·scale` for one query row, four keys at a time: each key's products
    /// and sums run exactly as `VectorMath.dot`'s, so every score is bit-identical to it, and the
    /// four independent chains keep the adder busy where one key's chain would wait on it.
    private func scaledScores(query q: UnsafePointer<Float>, keys k: UnsafePointer<Float>, stride: Int,
                              keyCount: Int, into scores: UnsafeMutablePointer<Float>) {
        var j = 0
        while j + 4 <= keyCount {
            let k0 = k + j * stride, k1 = k0 + stride, k2 = k1 + stride, k3 = k2 + stride
            var l0 = SIMD8<Float>(), l1 = SIMD8<Float>(), l2 = SIMD8<Float>(), l3 = SIMD8<Float>()
            var i = 0
            while i + 8 <= headDim {
                let x = UnsafeRawPointer(q + i).loadUnaligned(as: SIMD8<Float>.self)
                l0 += x * UnsafeRawPointer(k0 + i).loadUnaligned(as: SIMD8<Float>.self)
                l1 += x * UnsafeRawPointer(k1 + i).loadUnaligned(as: SIMD8<Float>.self)
                l2 += x * UnsafeRawPointer(k2 + i).loadUnaligned(as: SIMD8<Float>.self)
                l3 += x * UnsafeRawPointer(k3 + i).loadUnaligned(as: SIMD8<Float>.self)
                i += 8
            }
            var t0 = l0.sum(), t1 = l1.sum(), t2 = l2.sum(), t3 = l3.sum()
            while i < headDim {
                t0 += q[i] * k0[i]
                t1 += q[i] * k1[i]
                t2 += q[i] * k2[i]
                t3 += q[i] * k3[i]
                i += 1
            }
            scores[j] = t0 * scale
            scores[j + 1] = t1 * scale
            scores[j + 2] = t2 * scale
            scores[j + 3] = t3 * scale
            j += 4
        }
        while j < keyCount {
            scores[j] = VectorMath.dot(q, k + j * stride, count: headDim) * scale
            j += 1
        }
    }

    /// `out[d] = Σ_j p[j]·v[j·stride + d]` over `d < valueHeadDim`, keys in order (zero
    /// weights skipped): 64 output lanes at a time (then 32) held in registers across the keys,
    /// so each weight is read once per 64 lanes; every lane adds its terms in key order.
    private func weightedValueSum(_ p: UnsafeMutablePointer<Float>, keyCount: Int, values v: UnsafePointer<Float>,
                                  stride: Int, into out: UnsafeMutablePointer<Float>) {
        var d = 0
        while d + 64 <= valueHeadDim {
            var a = (SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(),
                     SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>())
            for j in 0..<keyCount where p[j] != 0 {
                let w = SIMD8<Float>(repeating: p[j]), row = UnsafeRawPointer(v + j * stride + d)
                a.0 += w * row.loadUnaligned(as: SIMD8<Float>.self)
                a.1 += w * row.loadUnaligned(fromByteOffset: 32, as: SIMD8<Float>.self)
                a.2 += w * row.loadUnaligned(fromByteOffset: 64, as: SIMD8<Float>.self)
                a.3 += w * row.loadUnaligned(fromByteOffset: 96, as: SIMD8<Float>.self)
                a.4 += w * row.loadUnaligned(fromByteOffset: 128, as: SIMD8<Float>.self)
                a.5 += w * row.loadUnaligned(fromByteOffset: 160, as: SIMD8<Float>.self)
                a.6 += w * row.loadUnaligned(fromByteOffset: 192, as: SIMD8<Float>.self)
                a.7 += w * row.loadUnaligned(fromByteOffset: 224, as: SIMD8<Float>.self)
            }
            let o = UnsafeMutableRawPointer(out + d)
            o.storeBytes(of: a.0, as: SIMD8<Float>.self)
            o.storeBytes(of: a.1, toByteOffset: 32, as: SIMD8<Float>.self)
            o.storeBytes(of: a.2, toByteOffset: 64, as: SIMD8<Float>.self)
            o.storeBytes(of: a.3, toByteOffset: 96, as: SIMD8<Float>.self)
            o.storeBytes(of: a.4, toByteOffset: 128, as: SIMD8<Float>.self)
            o.storeBytes(of: a.5, toByteOffset: 160, as: SIMD8<Float>.self)
            o.storeBytes(of: a.6, toByteOffset: 192, as: SIMD8<Float>.self)
            o.storeBytes(of: a.7, toByteOffset: 224, as: SIMD8<Float>.self)
            d += 64
        }
        while d + 32 <= valueHeadDim {
            var a0 = SIMD8<Float>(), a1 = SIMD8<Float>(), a2 = SIMD8<Float>(), a3 = SIMD8<Float>()
            for j in 0..<keyCount where p[j] != 0 {
                let w = SIMD8<Float>(repeating: p[j]), row = UnsafeRawPointer(v + j * stride + d)
                a0 += w * row.loadUnaligned(as: SIMD8<Float>.self)
                a1 += w * row.loadUnaligned(fromByteOffset: 32, as: SIMD8<Float>.self)
                a2 += w * row.loadUnaligned(fromByteOffset: 64, as: SIMD8<Float>.self)
                a3 += w * row.loadUnaligned(fromByteOffset: 96, as: SIMD8<Float>.self)
            }
            let o = UnsafeMutableRawPointer(out + d)
            o.storeBytes(of: a0, as: SIMD8<Float>.self)
            o.storeBytes(of: a1, toByteOffset: 32, as: SIMD8<Float>.self)
            o.storeBytes(of: a2, toByteOffset: 64, as: SIMD8<Float>.self)
            o.storeBytes(of: a3, toByteOffset: 96, as: SIMD8<Float>.self)
            d += 32
        }
        while d < valueHeadDim {
            var total: Float = 0
            for j in 0..<keyCount where p[j] != 0 { total += p[j] * v[j * stride + d] }
            out[d] = total
            d += 1
        }
    }
}
