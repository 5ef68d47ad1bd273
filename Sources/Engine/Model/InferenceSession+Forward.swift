import Foundation

extension InferenceSession {
    /// One forward call over `tokens` at positions `position…`: fills the KV cache, advances
    /// `position`, and returns the requested logit rows (row-major `[rows × vocabSize]`).
    ///
    /// Per layer, as llama.cpp runs these architectures:
    ///   h   = x + [postnorm](W_o · attention(rope(W_q·n(x) + b_q), rope(W_k·n(x) + b_k), W_v·n(x) + b_v))
    ///   out = h + [postnorm](W_down · (act(W_gate·n(h)) ⊙ W_up·n(h)))
    /// with n = RMSNorm, optional QK-norm before RoPE, optional embedding scaling by √dim.
    func forward(_ tokens: ArraySlice<Int>, hooks: AttentionHooks, logitRows: LogitRows) -> [Float] {
        let rows = ForwardRows(sequences: [
            .init(cache: cache, firstPosition: position, rows: 0..<tokens.count, bias: hooks.bias),
        ])
        let logits = forward(tokens, rows: rows, probe: hooks.probe, logitRows: logitRows, buffers: buffers)
        advance(by: tokens.count)
        return logits
    }

    /// The forward pass over `rows` (one token each, in `buffers`): the arithmetic of
    /// `forward(_:hooks:logitRows:)` for rows that may belong to several sessions' caches.
    /// Leaves the sessions' positions to the caller. `probe` needs a single sequence.
    func forward(_ tokens: ArraySlice<Int>, rows: ForwardRows, probe: (any AttentionProbe)?,
                 logitRows: LogitRows, buffers b: ForwardBuffers) -> [Float] {
        let c = model.config, weights = model.weights
        let n = tokens.count
        precondition(n == rows.count && n <= b.capacity && (probe == nil || rows.sequences.count == 1))

        // Embedding lookup (scaled by √dim where the architecture says so).
        for (r, token) in zip(0..., tokens) {
            weights.embedding.dequantizeRow(token, into: b.residual + r * c.dim)
        }
        if c.traits.scalesEmbedding {
            let factor = Float(c.dim).squareRoot()
            for i in 0..<n * c.dim { b.residual[i] *= factor }
        }

        // RoPE tables for these positions.
        let ropeWidth = c.ropeDimensionCount
        for r in 0..<n {
            let position = rows.position(ofRow: r)
            globalRope.table(position: position, into: b.globalRopeTable + r * ropeWidth)
            slidingRope.table(position: position, into: b.slidingRopeTable + r * ropeWidth)
        }

        for layer in 0..<c.layerCount {
            runLayer(layer, rows: rows, probe: probe, buffers: b)
        }

        // Final norm and LM head for the requested rows.
        let resultRows: Range<Int>
        switch logitRows {
        case .none: return []
        case .last: resultRows = (n - 1)..<n
        case .all: resultRows = 0..<n
        }
        normRows(b.residual + resultRows.lowerBound * c.dim, weight: weights.outputNorm, count: resultRows.count,
                 into: b.normed)
        if let probe, probe.observedPoints.contains(.finalNorm) {
            let first = rows.position(ofRow: resultRows.lowerBound)
            probe.vectors(at: .finalNorm, layer: c.layerCount, rows: first..<(first + resultRows.count),
                          values: UnsafeBufferPointer(start: b.normed, count: resultRows.count * c.dim), width: c.dim)
        }
        var logits = [Float](repeating: 0, count: resultRows.count * c.vocabSize)
        logits.withUnsafeMutableBufferPointer { out in
            project(weights.output, input: b.normed, count: resultRows.count, independentRows: rows.areIndependentSteps,
                    buffers: b, into: out.baseAddress!)
        }
        return logits
    }

    /// One layer over the call's `n` rows, as llama2.c's `forward()` reads: each block's
    /// arithmetic, with a `tap?.read(…)` line at each named `HookPoint` where a probe attaches
    /// (GUIDE's bias and the attention pattern are handed to the attention itself).
    private func runLayer(_ layer: Int, rows: ForwardRows, probe: (any AttentionProbe)?, buffers b: ForwardBuffers) {
        let c = model.config, w = model.weights.layers[layer], n = rows.count
        let independent = rows.areIndependentSteps
        let tap = probe.map {
            let first = rows.sequences[0].firstPosition
            return LayerTap(probe: $0, layer: layer, rows: first..<(first + n), width: c.dim, headCount: c.headCount)
        }
        tap?.read(.residualPre, b.residual)

        // Attention block: norm, Q/K/V projections (+ biases), QK-norm, RoPE.
        normRows(b.residual, weight: w.attentionNorm, count: n, into: b.normed)
        tap?.read(.attentionInput, b.normed)
        project(w.query, input: b.normed, count: n, independentRows: independent, buffers: b, into: b.queries)
        project(w.key, input: b.normed, count: n, independentRows: independent, buffers: b, into: b.keys)
        project(w.value, input: b.normed, count: n, independentRows: independent, buffers: b, into: b.values)
        addRowBias(w.queryBias, to: b.queries, count: n)
        addRowBias(w.keyBias, to: b.keys, count: n)
        addRowBias(w.valueBias, to: b.values, count: n)
        if let queryNorm = w.queryNorm, let keyNorm = w.keyNorm {
            normHeads(b.queries, weight: queryNorm, heads: n * c.headCount)
            normHeads(b.keys, weight: keyNorm, heads: n * c.kvHeadCount)
        }
        let rope = c.isSlidingLayer[layer] ? slidingRope : globalRope
        let table = c.isSlidingLayer[layer] ? b.slidingRopeTable : b.globalRopeTable
        Parallel.forEachChunk(count: n, minimumPerWorker: 32) { rows in
            for r in rows {
                let t = table + r * c.ropeDimensionCount
                rope.rotate(b.queries + r * c.queryDim, headCount: c.headCount, headDim: c.headDim, table: t)
                rope.rotate(b.keys + r * c.keyDim, headCount: c.kvHeadCount, headDim: c.headDim, table: t)
            }
        }
        rounding.attentionInputs(queries: b.queries, queryCount: n * c.queryDim, keys: b.keys,
                                 keyCount: n * c.keyDim, values: b.values, valueCount: n * c.valueDim)

        // Append each sequence's keys and values to its cache, then attend within it.
        let outputDim = c.headCount * c.valueHeadDim
        for sequence in rows.sequences {
            let r = sequence.rows, first = sequence.firstPosition
            let cache = sequence.cache
            cache.store(layer: layer, at: first, count: r.count, keys: b.keys + r.lowerBound * c.keyDim,
                        values: b.values + r.lowerBound * c.valueDim)
            attentionLayers[layer].run(
                queries: b.queries + r.lowerBound * c.queryDim, rowCount: r.count, firstPosition: first,
                keys: cache.keys(layer: layer), keyHeadStride: cache.keyHeadStride,
                values: cache.values(layer: layer), valueHeadStride: cache.valueHeadStride,
                output: b.attention + r.lowerBound * outputDim,
                bias: sequence.bias?.values(layer: layer), pattern: tap?.pattern)
        }

        // Output projection (+ post-norm), added to the residual stream.
        project(w.attentionOutput, input: b.attention, count: n, independentRows: independent, buffers: b,
                into: b.blockOutput)
        tap?.read(.attentionProjection, b.blockOutput)
        if let norm = w.postAttentionNorm { normRows(b.blockOutput, weight: norm, count: n, into: b.blockOutput) }
        tap?.read(.attentionOutput, b.blockOutput)
        VectorMath.add(b.blockOutput, into: b.residual, count: n * c.dim)
        tap?.read(.residualMid, b.residual)

        // Feed-forward block: norm, gate ⊙ up, down (+ post-norm), residual add.
        normRows(b.residual, weight: w.ffnNorm, count: n, into: b.normed)
        project(w.gate, input: b.normed, count: n, independentRows: independent, buffers: b, into: b.gate)
        project(w.up, input: b.normed, count: n, independentRows: independent, buffers: b, into: b.up)
        let rounding = self.rounding
        Parallel.forEachChunk(count: n, minimumPerWorker: 8) { rows in
            let offset = rows.lowerBound * c.hiddenDim, count = rows.count * c.hiddenDim
            rounding.gatedActivation(c.traits.activation, gate: b.gate + offset, up: b.up + offset, count: count)
        }
        project(w.down, input: b.gate, count: n, independentRows: independent, buffers: b, into: b.blockOutput)
        if let norm = w.postFFNNorm { normRows(b.blockOutput, weight: norm, count: n, into: b.blockOutput) }
        tap?.read(.mlpOutput, b.blockOutput)
        VectorMath.add(b.blockOutput, into: b.residual, count: n * c.dim)
        tap?.read(.residualPost, b.residual)
    }

    /// `output[n × rows] = input[n × cols] · Wᵀ`: quantized mat-vecs for one row (or for rows
    /// that are independent decode steps), dequantize + sgemm for more; with `.llamaCPP`
    /// numerics the input is first rounded as llama.cpp quantizes it, and where this CPU has
    /// integer kernels for the weight type the rounded rows are multiplied in integer lanes
    /// as llama.cpp does: below the sgemm batch row by row, from it on by the integer GEMM.
    func project(_ matrix: WeightMatrix, input: UnsafePointer<Float>, count n: Int, independentRows: Bool = false,
                 buffers b: ForwardBuffers, into output: UnsafeMutablePointer<Float>) {
        if numerics == .llamaCPP, matrix.hasIntegerKernel, n < WeightMatrix.gemmMinimumBatch || independentRows {
            matrix.multiply(quantizingVectors: input, count: n, into: output)
            return
        }
        if numerics == .llamaCPP, matrix.hasIntegerGemm, n >= WeightMatrix.gemmMinimumBatch, !independentRows {
            matrix.multiply(quantizingBatch: input, count: n, into: output)
            return
        }
        var input = input
        if numerics == .llamaCPP, matrix.type != .f32 {
            b.roundedInput.update(from: input, count: n * matrix.cols)
            LlamaRounding.activations(b.roundedInput, rows: n, cols: matrix.cols, for: matrix.type)
            input = UnsafePointer(b.roundedInput)
        }
        if n == 1 || independentRows {
            matrix.multiply(vectors: input, count: n, into: output)
        } else {
            matrix.multiply(batch: input, count: n, into: output)
        }
    }

    /// RMSNorm of `count` rows of width `dim` (in place allowed).
    private func normRows(_ x: UnsafePointer<Float>, weight: [Float], count: Int, into y: UnsafeMutablePointer<Float>) {
        let dim = model.config.dim, epsilon = model.config.rmsEpsilon
        weight.withUnsafeBufferPointer { w in
            Parallel.forEachChunk(count: count, minimumPerWorker: 32) { rows in
                for r in rows {
                    VectorMath.rmsNorm(x + r * dim, weight: w.baseAddress!, count: dim, epsilon: epsilon,
                                       into: y + r * dim)
                }
            }
        }
    }

    /// RMSNorm of each `headDim`-wide head in place (QK-norm).
    private func normHeads(_ x: UnsafeMutablePointer<Float>, weight: [Float], heads: Int) {
        let headDim = model.config.headDim, epsilon = model.config.rmsEpsilon
        weight.withUnsafeBufferPointer { w in
            for h in 0..<heads {
                VectorMath.rmsNorm(x + h * headDim, weight: w.baseAddress!, count: headDim, epsilon: epsilon,
                                   into: x + h * headDim)
            }
        }
    }

    /// Adds `bias` (one row's width) to each of `count` rows.
    private func addRowBias(_ bias: [Float]?, to x: UnsafeMutablePointer<Float>, count: Int) {
        guard let bias else { return }
        for r in 0..<count {
            let row = x + r * bias.count
            for i in 0..<bias.count { row[i] += bias[i] }
        }
    }
}
