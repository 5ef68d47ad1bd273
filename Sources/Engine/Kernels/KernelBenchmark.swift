import Foundation

/// Micro-benchmarks of the matrix kernels on synthetic weights, for `guide bench` and
/// kernel tuning: milliseconds per product and weight bytes streamed per second.
public enum KernelBenchmark {
    /// Timing of one kernel on one matrix shape.
    public struct Result: CustomStringConvertible, Sendable {
        public var label: String
        public var type: GGMLType
        public var rows: Int
        public var cols: Int
        /// Vectors per product (1 for matrix-vector).
        public var batch: Int
        public var iterations: Int
        /// Milliseconds per product: fastest, median and 95th percentile.
        public var minMilliseconds: Double
        public var medianMilliseconds: Double
        public var p95Milliseconds: Double
        /// Stored weight bytes read per second at the median, in GB/s (10⁹ bytes).
        public var gigabytesPerSecond: Double
        /// Multiply-adds ×2 per second at the median, in GFLOP/s.
        public var gigaflops: Double

        public var description: String {
            String(format: "%@ %@ %d×%d n=%d: min %.3f ms, median %.3f ms, p95 %.3f ms, %.1f GB/s, %.1f GFLOP/s (%d iterations)",
                   label, type.name, rows, cols, batch, minMilliseconds, medianMilliseconds, p95Milliseconds,
                   gigabytesPerSecond, gigaflops, iterations)
        }
    }

    /// A matrix of random weights in [-1, 1] stored as `type`.
    public static func syntheticMatrix(_ type: GGMLType, rows: Int, cols: Int, seed: UInt64 = 1) throws -> WeightMatrix {
        var state = seed
        let values = (0..<rows * cols).map { _ -> Float in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(Int64(bitPattern: state) >> 40) / Float(1 << 23)
        }
        var writer = try GGUFWriter()
        try writer.addTensor("w", shape: [cols, rows], values: values, type: type)
        let file = try GGUFFile(bytes: writer.bytes())
        guard let tensor = file.tensor("w") else { throw GGUFError.missingKey("w") }
        return try WeightMatrix(tensor)
    }

    /// Times `matrix.multiply(vector:)` (batch 1) or `multiply(batch:)` after a warm-up.
    public static func measure(_ matrix: WeightMatrix, batch: Int = 1, iterations: Int = 50,
                               label: String = "matvec") -> Result {
        let iterations = max(1, iterations), batch = max(1, batch)
        let x = (0..<batch * matrix.cols).map { Float(($0 * 7919) % 1000) / 500 - 1 }
        var y = [Float](repeating: 0, count: batch * matrix.rows)
        var times: [Double] = []
        x.withUnsafeBufferPointer { xp in
            y.withUnsafeMutableBufferPointer { yp in
                guard let xBase = xp.baseAddress, let yBase = yp.baseAddress else { return }
                let run = {
                    if batch == 1 { matrix.multiply(vector: xBase, into: yBase) }
                    else { matrix.multiply(batch: xBase, count: batch, into: yBase) }
                }
                for _ in 0..<max(1, iterations / 10) { run() }
                for _ in 0..<iterations {
                    let start = DispatchTime.now().uptimeNanoseconds
                    run()
                    times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
                }
            }
        }
        times.sort()
        let median = times[times.count / 2]
        let bytes = Double(matrix.tensor.byteCount)
        return Result(label: label, type: matrix.type, rows: matrix.rows, cols: matrix.cols, batch: batch,
                      iterations: iterations, minMilliseconds: times[0], medianMilliseconds: median,
                      p95Milliseconds: times[min(times.count - 1, times.count * 95 / 100)],
                      gigabytesPerSecond: bytes / (median / 1e3) / 1e9,
                      gigaflops: 2 * Double(matrix.rows * matrix.cols * batch) / (median / 1e3) / 1e9)
    }

    /// Times decoding the whole matrix to Floats row by row (the prefill tile cost), in
    /// the same units (GFLOP/s counts one operation per element).
    public static func measureDecode(_ matrix: WeightMatrix, iterations: Int = 10) -> Result {
        let iterations = max(1, iterations)
        var row = [Float](repeating: 0, count: matrix.cols)
        var times: [Double] = []
        row.withUnsafeMutableBufferPointer { buffer in
            guard let out = buffer.baseAddress else { return }
            for iteration in 0..<iterations + 1 {
                let start = DispatchTime.now().uptimeNanoseconds
                for r in 0..<matrix.rows { matrix.dequantizeRow(r, into: out) }
                if iteration > 0 { times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6) }
            }
        }
        times.sort()
        let median = times[times.count / 2]
        return Result(label: "decode", type: matrix.type, rows: matrix.rows, cols: matrix.cols, batch: 1,
                      iterations: iterations, minMilliseconds: times[0], medianMilliseconds: median,
                      p95Milliseconds: times[min(times.count - 1, times.count * 95 / 100)],
                      gigabytesPerSecond: Double(matrix.tensor.byteCount) / (median / 1e3) / 1e9,
                      gigaflops: Double(matrix.rows * matrix.cols) / (median / 1e3) / 1e9)
    }

    /// The decode-shape matrix-vector product for each type the models use: 4864×896
    /// (ffn_up/gate) for 32-element formats, 896×4864 (ffn_down) for K formats.
    public static func matVecSuite(types: [GGMLType] = [.q4_0, .q4_1, .q5_0, .q8_0, .q4_K, .q6_K, .f16, .f32],
                                   iterations: Int = 50) throws -> [Result] {
        try types.map { type in
            let (rows, cols) = type.blockSize == 256 ? (896, 4864) : (4864, 896)
            return measure(try syntheticMatrix(type, rows: rows, cols: cols), iterations: iterations)
        }
    }
}
