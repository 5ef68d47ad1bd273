import CQuantDot

extension WeightMatrix {
    /// Whether the forward pass multiplies this matrix with `multiply(quantizing:into:)`: an
    /// integer kernel exists for its type on this CPU, and, for Q4_1, so does the integer
    /// GEMM for the prefill. With Q4_1 rows in integer lanes after an sgemm prefill,
    /// SmolLM2's reference prompt shared-3 chose a different greedy token at step 14 where
    /// llama.cpp's margin (0.31) exceeds its path noise (0.23), while the float kernel
    /// agreed; with the prefill in integer lanes too, the integer kernel agrees with
    /// llama.cpp under OpenBLAS's SkylakeX, Haswell and Cooperlake kernels alike.
    var hasIntegerKernel: Bool {
        IntegerRowDot.best != nil && IntegerRowDot.supports(type)
            && (type != .q4_1 || IntegerGemm.best != nil)
            && cols % (IntegerRowDot.usesQ8K(type) ? 256 : 32) == 0
    }

    /// y = W·q(x), where q(x) is `x` rounded to the 8-bit blocks llama.cpp multiplies this
    /// weight type with (`LlamaRounding.activations`), in integer lanes (`IntegerRowDot`).
    /// Rows are split over the pool as in `multiply(vector:)`.
    ///
    /// - Precondition: `hasIntegerKernel`, or `isa` names an available variant for the type.
    func multiply(quantizing x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>,
                  isa: IntegerRowDot.ISA? = IntegerRowDot.best) {
        multiply(quantizingVectors: x, count: 1, into: y, isa: isa)
    }

    /// `multiply(quantizing:)` of `count` vectors (`x`: `[count × cols]`, `y`: `[count × rows]`),
    /// each row bit-identical to the one-vector product, with each tile of weight rows read
    /// once for all vectors (as `multiply(vectors:)`) and each weight block unpacked once
    /// for up to four of them (`guide_qdot_rows_vectors`).
    func multiply(quantizingVectors x: UnsafePointer<Float>, count: Int, into y: UnsafeMutablePointer<Float>,
                  isa: IntegerRowDot.ISA? = IntegerRowDot.best) {
        guard let isa else { return }
        // Each vector's blocks start on a 64-byte boundary, as a lone vector's do.
        let stride = (IntegerRowDot.activationBytes(cols: cols, for: type) + 63) & ~63
        withUnsafeTemporaryAllocation(byteCount: max(stride * count, 1), alignment: 64) { buffer in
            guard let activations = buffer.baseAddress else { return }
            for v in 0..<count {
                IntegerRowDot.quantize(x + v * cols, cols: cols, for: type, into: activations + v * stride)
            }
            let quantized = UnsafeRawPointer(activations)
            forEachRowTile(vectorCount: count) { tile in
                _ = guide_qdot_rows_vectors(isa.rawValue, type.rawValue, rowPointer(tile.lowerBound), rowBytes,
                                            Int32(tile.count), quantized, stride, Int32(count), Int32(cols),
                                            y + tile.lowerBound, rows)
            }
        }
    }
}
