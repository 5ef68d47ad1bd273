import COpenBLAS

/// What a probe asked to see of one layer's attention, and what the pass measured for it.
struct AttentionMeasurement {
    /// Key-position vectors from `AttentionProbe.keyWeights`.
    let keyWeights: [[Float]]
    /// Whether the head-averaged rows go to `AttentionProbe.attentionRows`.
    let captureRows: Bool
    /// Heads whose own rows go to `AttentionProbe.headRows`.
    let capturedHeads: [Int]
    let probe: any AttentionProbe
    let layer: Int
    /// `weighted[v][r]`: head-averaged attention of row r applied to `keyWeights[v]`.
    var weighted: [[Float]]
}

/// Causal multi-head attention of one layer over its KV cache, with grouped KV heads.
///
/// For query row i (absolute position) and head h: scores `s_j = q_i·k_j · scale` for the keys
/// the pass can see, plus the layer's bias, then the causal / sliding-window mask, then softmax,
/// then `Σ_j p_j v_j`. Rows are processed in blocks so only `blockRows × keyCount` scores exist
/// at a time: prefill blocks use `cblas_sgemm` for QKᵀ and PV; a single row uses plain loops.
struct Attention {
    let headCount: Int
    let kvHeadCount: Int
    let headDim: Int
    let valueHeadDim: Int
    let scale: Float
    /// Keys at distance ≥ window from the query are masked; nil for full causal attention.
    let window: Int?
    /// Round probabilities to F16 before PV, as llama.cpp multiplies them with its F16 values.
    let roundsProbabilities: Bool

    /// Query rows per block in prefill.
    static let blockRows = 64

    /// Attends `rowCount` query rows at positions `firstPosition…` to cached keys `0…last row`.
    ///
    /// - Parameters:
    ///   - queries: `[rowCount × headCount·headDim]`, RoPE applied.
    ///   - keys: `[positions × kvHeadCount·headDim]` of this layer; values likewise with `valueHeadDim`.
    ///   - output: `[rowCount × headCount·valueHeadDim]`.
    func run(queries: UnsafePointer<Float>, rowCount: Int, firstPosition: Int,
             keys: UnsafePointer<Float>, values: UnsafePointer<Float>,
             output: UnsafeMutablePointer<Float>, bias: [Float]?,
             measurement: inout AttentionMeasurement?) {
        let blockRows = rowCount == 1 ? 1 : Self.blockRows
        let keyCapacity = firstPosition + rowCount
        // Heads run in parallel when there is enough work; each worker owns its scores and,
        // with a probe, its share of the head average (summed after every block).
        let workers = rowCount * keyCapacity * headCount >= Self.parallelThreshold
            ? min(Parallel.workerCount, headCount) : 1
        let scratch = ScratchBuffers(workers: workers, floatsEach: blockRows * keyCapacity,
                                     averaging: measurement != nil, headCount: headCount,
                                     capturedHeads: measurement?.capturedHeads ?? [])
        defer { scratch.deallocate() }

        var start = 0
        while start < rowCount {
            let rows = start..<min(rowCount, start + blockRows)
            let keyCount = firstPosition + rows.upperBound
            scratch.clearAverages(count: rows.count * keyCount)
            Parallel.forEachChunk(count: headCount, workers: workers) { worker, heads in
                for head in heads {
                    attendHead(head, rows: rows, firstPosition: firstPosition, keyCount: keyCount,
                               queries: queries, keys: keys, values: values, scores: scratch.scores[worker],
                               output: output, bias: bias, averaged: scratch.averages[worker],
                               captured: scratch.capturedRows(head: head))
                }
            }
            if measurement != nil {
                let averaged = scratch.sumAverages(count: rows.count * keyCount)
                report(block: rows, firstPosition: firstPosition, keyCount: keyCount,
                       averaged: averaged, scratch: scratch, measurement: &measurement!)
            }
            start = rows.upperBound
        }
    }

    /// Work (rows × keys × heads) below which the heads run on the calling thread: about
    /// 8k key vectors, where one head's share of a decode step (a dot product and an
    /// 8-lane update per key) outweighs handing the heads to the pool's spinning workers.
    static let parallelThreshold = 1 << 13

    /// Per-worker score rows and head averages.
    private struct ScratchBuffers {
        let scores: [UnsafeMutablePointer<Float>]
        let averages: [UnsafeMutablePointer<Float>?]
        /// A copy of each captured head's probabilities, indexed by head (each head is one
        /// worker's); empty when no head is captured, which is every decode step without a probe.
        let headRows: [UnsafeMutablePointer<Float>?]

        init(workers: Int, floatsEach: Int, averaging: Bool, headCount: Int, capturedHeads: [Int]) {
            scores = (0..<workers).map { _ in .allocate(capacity: floatsEach) }
            averages = (0..<workers).map { _ in averaging ? .allocate(capacity: floatsEach) : nil }
            var rows = [UnsafeMutablePointer<Float>?](repeating: nil, count: capturedHeads.isEmpty ? 0 : headCount)
            for head in capturedHeads where rows.indices.contains(head) && rows[head] == nil {
                rows[head] = .allocate(capacity: floatsEach)
            }
            headRows = rows
        }

        /// Where `head`'s probabilities are copied, if it is captured.
        @inline(__always)
        func capturedRows(head: Int) -> UnsafeMutablePointer<Float>? {
            head < headRows.count ? headRows[head] : nil
        }

        func clearAverages(count: Int) {
            for a in averages { a?.update(repeating: 0, count: count) }
        }

        /// Adds every worker's average into the first and returns it.
        func sumAverages(count: Int) -> UnsafeMutablePointer<Float> {
            let total = averages[0]!
            for other in averages.dropFirst() {
                if let other { VectorMath.add(other, into: total, count: count) }
            }
            return total
        }

        func deallocate() {
            scores.forEach { $0.deallocate() }
            averages.forEach { $0?.deallocate() }
            headRows.forEach { $0?.deallocate() }
        }
    }

    private func attendHead(_ head: Int, rows: Range<Int>, firstPosition: Int, keyCount: Int,
                            queries: UnsafePointer<Float>, keys: UnsafePointer<Float>,
                            values: UnsafePointer<Float>, scores: UnsafeMutablePointer<Float>,
                            output: UnsafeMutablePointer<Float>, bias: [Float]?,
                            averaged: UnsafeMutablePointer<Float>?, captured: UnsafeMutablePointer<Float>?) {
        let queryDim = headCount * headDim, keyDim = kvHeadCount * headDim
        let valueDim = kvHeadCount * valueHeadDim, outputDim = headCount * valueHeadDim
        let kvHead = head / (headCount / kvHeadCount)
        let q = queries + rows.lowerBound * queryDim + head * headDim
        let k = keys + kvHead * headDim
        let v = values + kvHead * valueHeadDim
        let out = output + rows.lowerBound * outputDim + head * valueHeadDim

        // Scores, scaled: S = scale · Q_h K_hᵀ.
        if rows.count == 1 {
            for j in 0..<keyCount { scores[j] = dot(q, k + j * keyDim, count: headDim) * scale }
        } else {
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows.count), Int32(keyCount),
                        Int32(headDim), scale, q, Int32(queryDim), k, Int32(keyDim), 0, scores, Int32(keyCount))
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
            if roundsProbabilities { LlamaRounding.half(row + lower, count: position + 1 - lower) }
        }

        // This head's rows for the probe, and the head average: averaged += P / H.
        captured?.update(from: scores, count: rows.count * keyCount)
        if let averaged {
            let weight = 1 / Float(headCount)
            for i in 0..<rows.count * keyCount { averaged[i] += scores[i] * weight }
        }

        // Output: O_h = P V_h.
        if rows.count == 1 {
            weightedValueSum(scores, keyCount: keyCount, values: v, stride: valueDim, into: out)
        } else {
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(rows.count), Int32(valueHeadDim),
                        Int32(keyCount), 1, scores, Int32(keyCount), v, Int32(valueDim), 0, out, Int32(outputDim))
        }
    }

    /// `out[d] = Σ_j p[j]·v[j·stride + d]` over `d < valueHeadDim`, keys in order (zero
    /// weights skipped), 32 output lanes at a time held in registers across the keys.
    private func weightedValueSum(_ p: UnsafeMutablePointer<Float>, keyCount: Int, values v: UnsafePointer<Float>,
                                  stride: Int, into out: UnsafeMutablePointer<Float>) {
        var d = 0
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

    /// Hands one block's head-averaged rows (and captured heads' rows) to the probe and
    /// accumulates its weighted sums.
    private func report(block rows: Range<Int>, firstPosition: Int, keyCount: Int,
                        averaged: UnsafeMutablePointer<Float>, scratch: ScratchBuffers,
                        measurement: inout AttentionMeasurement) {
        for (v, weights) in measurement.keyWeights.enumerated() {
            let count = min(weights.count, keyCount)
            weights.withUnsafeBufferPointer { w in
                for r in 0..<rows.count {
                    measurement.weighted[v][rows.lowerBound + r] = w.baseAddress.map {
                        dot(averaged + r * keyCount, $0, count: count)
                    } ?? 0
                }
            }
        }
        let absolute = (firstPosition + rows.lowerBound)..<(firstPosition + rows.upperBound)
        if measurement.captureRows {
            measurement.probe.attentionRows(
                layer: measurement.layer, rows: absolute,
                averaged: UnsafeBufferPointer(start: averaged, count: rows.count * keyCount), keyCount: keyCount)
        }
        for head in measurement.capturedHeads {
            guard let probabilities = scratch.capturedRows(head: head) else { continue }
            measurement.probe.headRows(
                layer: measurement.layer, head: head, rows: absolute,
                probabilities: UnsafeBufferPointer(start: probabilities, count: rows.count * keyCount),
                keyCount: keyCount)
        }
    }

    @inline(__always)
    private func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        var lanes = SIMD8<Float>()
        var i = 0
        while i + 8 <= count {
            lanes += UnsafeRawPointer(a + i).loadUnaligned(as: SIMD8<Float>.self)
                * UnsafeRawPointer(b + i).loadUnaligned(as: SIMD8<Float>.self)
            i += 8
        }
        var total = lanes.sum()
        while i < count { total += a[i] * b[i]; i += 1 }
        return total
    }
}
