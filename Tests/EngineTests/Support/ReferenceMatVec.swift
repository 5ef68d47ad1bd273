@testable import Engine

/// Scalar twins of the fast kernels: decode each row with the scalar dequantizer and
/// accumulate in Double. Tests compare the SIMD and BLAS paths against these.
enum ReferenceMatVec {
    /// y = W·x for a weight matrix, one row at a time.
    static func multiply(_ matrix: WeightMatrix, vector x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>) {
        var row = [Float](repeating: 0, count: matrix.cols)
        for r in 0..<matrix.rows {
            row.withUnsafeMutableBufferPointer { buffer in
                guard let base = buffer.baseAddress else { return }
                Dequantize.elements(matrix.type, from: matrix.rowPointer(r), count: matrix.cols, into: base)
            }
            var sum: Double = 0
            for c in 0..<matrix.cols { sum += Double(row[c]) * Double(x[c]) }
            y[r] = Float(sum)
        }
    }

    /// Y[n × rows] = X[n × cols] · Wᵀ, one vector at a time.
    static func multiply(_ matrix: WeightMatrix, batch x: UnsafePointer<Float>, count n: Int, into y: UnsafeMutablePointer<Float>) {
        for i in 0..<n {
            multiply(matrix, vector: x + i * matrix.cols, into: y + i * matrix.rows)
        }
    }
}
