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
        let c = model.config, weights = model.weights, b = buffers
        let n = tokens.count, first = position

        // Embedding lookup (scaled by √dim where the architecture says so).
        for (r, token) in tokens.enumerated() {
            weights.embedding.dequantizeRow(token, into: b.residual + r * c.dim)
        }
        if c.traits.scalesEmbedding {
            let factor = Float(c.dim).squareRoot()
            for i in 0..<n * c.dim { b.residual[i] *= factor }
        }

        // RoPE tables for these positions.
        let ropeWidth = c.ropeDimensionCount
        for r in 0..<n {
            globalRope.table(position: first + r, into: b.globalRopeTable + r * ropeWidth)
            slidingRope.table(position: first + r, into: b.slidingRopeTable + r * ropeWidth)
        }

        for layer in 0..<c.layerCount {
            runLayer(layer, rowCount: n, firstPosition: first, hooks: hooks)
        }
        advance(by: n)

        // Final norm and LM head for the requested rows.
        let rows: Range<Int>
        switch logitRows {
        case .none: return []
        case .last: rows = (n - 1)..<n
        case .all: rows = 0..<n
        }
        normRows(b.residual + rows.lowerBound * c.dim, weight: weights.outputNorm, count: rows.count,
                 into: b.normed)
        var logits = [Float](repeating: 0, count: rows.count * c.vocabSize)
        logits.withUnsafeMutableBufferPointer { out in
            project(weights.output, input: b.normed, count: rows.count, into: out.baseAddress!)
        }
        return logits
    }

    /// ‖row‖₁ of each of the first `count` rows of a `dim`-wide buffer.
    private func rowL1(_ rows: UnsafeMutablePointer<Float>, count: Int) -> [Float] {
        let dim = model.config.dim
        return (0..<count).map { VectorMath.l1Norm(rows + $0 * dim, count: dim) }
    }

    private func runLayer(_ layer: Int, rowCount n: Int, firstPosition first: Int, hooks: AttentionHooks) {
        let c = model.config, w = model.weights.layers[layer], b = buffers
        let probe = hooks.probe

        // Measurements the probe wants from this layer, and the residual entering it.
        var measurement: AttentionMeasurement?
        var residualL1: [Float] = []
        if let probe {
            let vectors = probe.keyWeights(layer: layer, keyCount: first + n)
            let capture = probe.capturedLayers.contains(layer)
            let heads = probe.capturedHeads(layer: layer).filter { (0..<c.headCount).contains($0) }
            if !vectors.isEmpty || capture || !heads.isEmpty {
                measurement = AttentionMeasurement(
                    keyWeights: vectors, captureRows: capture, capturedHeads: heads, probe: probe, layer: layer,
                    weighted: Array(repeating: Array(repeating: 0, count: n), count: vectors.count))
            }
            residualL1 = rowL1(b.residual, count: n)
        }

        // Attention block: norm, Q/K/V projections (+ biases), QK-norm, RoPE.
        normRows(b.residual, weight: w.attentionNorm, count: n, into: b.normed)
        let normedInputL1 = probe == nil ? [] : rowL1(b.normed, count: n)
        project(w.query, input: b.normed, count: n, into: b.queries)
        project(w.key, input: b.normed, count: n, into: b.keys)
        project(w.value, input: b.normed, count: n, into: b.values)
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

        // llama.cpp keeps K and V as F16 and multiplies Q with K in F16.
        if numerics == .llamaCPP {
            LlamaRounding.half(b.queries, count: n * c.queryDim)
            LlamaRounding.half(b.keys, count: n * c.keyDim)
            LlamaRounding.half(b.values, count: n * c.valueDim)
        }

        // Append this call's keys and values to the cache, then attend.
        let cachedKeys = cache.keys(layer: layer), cachedValues = cache.values(layer: layer)
        (cachedKeys + first * c.keyDim).update(from: b.keys, count: n * c.keyDim)
        (cachedValues + first * c.valueDim).update(from: b.values, count: n * c.valueDim)
        attentionLayers[layer].run(
            queries: b.queries, rowCount: n, firstPosition: first, keys: cachedKeys, values: cachedValues,
            output: b.attention, bias: hooks.bias?.values(layer: layer), measurement: &measurement)

        // Output projection (+ post-norm), reported to the probe, added to the residual stream.
        project(w.attentionOutput, input: b.attention, count: n, into: b.blockOutput)
        let projectionL1 = probe == nil ? [] : rowL1(b.blockOutput, count: n)
        if let norm = w.postAttentionNorm { normRows(b.blockOutput, weight: norm, count: n, into: b.blockOutput) }
        if let probe {
            // Influence's `a` is computed here: exactly what joins the residual stream, i.e. the
            // output projection after the post-attention norm where the architecture has one
            // (Gemma 3: `h = x + post_attention_norm(W_o · attention)`), the projection itself
            // otherwise. The paper's variant reads the projection before that norm.
            let attentionL1 = w.postAttentionNorm == nil ? projectionL1 : rowL1(b.blockOutput, count: n)
            let norms = LayerNorms(residual: residualL1, normedInput: normedInputL1,
                                   attentionProjection: projectionL1, attention: attentionL1)
            probe.layerFinished(layer: layer, rows: first..<(first + n), weighted: measurement?.weighted ?? [],
                                norms: norms)
        }
        VectorMath.add(b.blockOutput, into: b.residual, count: n * c.dim)

        // Feed-forward block: norm, gate ⊙ up, down (+ post-norm), residual add.
        normRows(b.residual, weight: w.ffnNorm, count: n, into: b.normed)
        project(w.gate, input: b.normed, count: n, into: b.gate)
        project(w.up, input: b.normed, count: n, into: b.up)
        let tabledGELU = numerics == .llamaCPP && c.traits.activation == .geluTanh
        Parallel.forEachChunk(count: n, minimumPerWorker: 8) { rows in
            let offset = rows.lowerBound * c.hiddenDim, count = rows.count * c.hiddenDim
            if tabledGELU {
                LlamaRounding.gatedGELU(gate: b.gate + offset, up: b.up + offset, count: count)
            } else {
                VectorMath.gatedActivation(c.traits.activation, gate: b.gate + offset, up: b.up + offset, count: count)
            }
        }
        project(w.down, input: b.gate, count: n, into: b.blockOutput)
        if let norm = w.postFFNNorm { normRows(b.blockOutput, weight: norm, count: n, into: b.blockOutput) }
        VectorMath.add(b.blockOutput, into: b.residual, count: n * c.dim)
    }

    /// `output[n × rows] = input[n × cols] · Wᵀ`: a quantized mat-vec for one row, dequantize + sgemm
    /// for more; with `.llamaCPP` numerics the input is first rounded as llama.cpp quantizes it,
    /// and below the sgemm batch the rounded rows are multiplied in integer lanes as llama.cpp
    /// does where this CPU has integer kernels for the weight type.
    func project(_ matrix: WeightMatrix, input: UnsafePointer<Float>, count n: Int,
                 into output: UnsafeMutablePointer<Float>) {
        if numerics == .llamaCPP, n < WeightMatrix.gemmMinimumBatch, matrix.hasIntegerKernel {
            for r in 0..<n { matrix.multiply(quantizing: input + r * matrix.cols, into: output + r * matrix.rows) }
            return
        }
        var input = input
        if numerics == .llamaCPP, matrix.type != .f32 {
            buffers.roundedInput.update(from: input, count: n * matrix.cols)
            LlamaRounding.activations(buffers.roundedInput, rows: n, cols: matrix.cols, for: matrix.type)
            input = UnsafePointer(buffers.roundedInput)
        }
        if n == 1 {
            matrix.multiply(vector: input, into: output)
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
