import CQuantDot

extension WeightMatrix {
    /// Whether `multiply(quantizing:into:)` runs integer kernels for this matrix on this CPU.
    var hasIntegerKernel: Bool {
        IntegerRowDot.best != nil && IntegerRowDot.supports(type)
            && cols % (IntegerRowDot.usesQ8K(type) ? 256 : 32) == 0
    }

    /// y = W·q(x), where q(x) is `x` rounded to the 8-bit blocks llama.cpp multiplies this
    /// weight type with (`LlamaRounding.activations`), in integer lanes (`IntegerRowDot`).
    /// Rows are split over the pool as in `multiply(vector:)`.
    ///
    /// - Precondition: `hasIntegerKernel`, or `isa` names an available variant for the type.
    func multiply(quantizing x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>,
                  isa: IntegerRowDot.ISA? = IntegerRowDot.best) {
        guard let isa else { return }
        let byteCount = IntegerRowDot.activationBytes(cols: cols, for: type)
        withUnsafeTemporaryAllocation(byteCount: max(byteCount, 1), alignment: 64) { buffer in
            guard let activation = buffer.baseAddress else { return }
            IntegerRowDot.quantize(x, cols: cols, for: type, into: activation)
            let quantized = UnsafeRawPointer(activation)
            forEachRowRange { range in
                _ = guide_qdot_rows(isa.rawValue, type.rawValue, rowPointer(range.lowerBound), rowBytes,
                                    Int32(range.count), quantized, Int32(cols), y + range.lowerBound)
            }
        }
    }
}
