import Testing
@testable import Engine

/// The prefill's integer GEMM (`WeightMatrix.multiply(quantizingBatch:)`, `guide_qgemm`)
/// against its scalar reference (bit for bit: every (row, vector) product has its own lane
/// and the same operations in every variant) and against a Double computation of what it
/// stands for.
@Suite struct IntegerGemmTests {
    static let types: [GGMLType] = [.q4_0, .q4_1, .q5_0, .q8_0, .q4_K, .q5_K, .q6_K]

    /// The scalar reference and every SIMD variant this CPU runs.
    static var availableISAs: [IntegerRowDot.ISA] {
        [.scalar] + [IntegerGemm.best].compactMap { $0 }
    }

    static func product(_ matrix: WeightMatrix, _ x: [Float], count: Int, isa: IntegerRowDot.ISA) -> [Float] {
        var y = [Float](repeating: .nan, count: count * matrix.rows)
        x.withUnsafeBufferPointer { matrix.multiply(quantizingBatch: $0.baseAddress!, count: count, into: &y, isa: isa) }
        return y
    }

    /// Shapes cover rows that do not fill a panel of eight, vector counts that do not fill a
    /// tile of eight, and rows of more blocks than a panel unpacks at once (16 blocks of 32,
    /// 2 super-blocks of 256).
    @Test(arguments: types)
    func variantsAreBitIdenticalToTheScalarReference(type: GGMLType) throws {
        let shapes = type.blockSize == 256 ? [(13, 768), (40, 256)] : [(13, 544), (40, 96)]
        for (rows, cols) in shapes {
            let matrix = try KernelIntegerDotTests.randomBlockMatrix(type, rows: rows, cols: cols,
                                                                     seed: UInt64(rows * cols) &+ UInt64(type.rawValue))
            for count in [1, 5, 8, 13] {
                let x = DecodeBatchTests.randomVectors(count, cols: cols, seed: UInt64(count))
                let scalar = Self.product(matrix, x, count: count, isa: .scalar)
                #expect(scalar.allSatisfy { $0.isFinite }, "\(type) \(rows)×\(cols), \(count) vectors: non-finite values")
                for isa in Self.availableISAs where isa != .scalar {
                    let simd = Self.product(matrix, x, count: count, isa: isa)
                    #expect(simd.map(\.bitPattern) == scalar.map(\.bitPattern),
                            "\(type) \(isa) \(rows)×\(cols), \(count) vectors")
                }
            }
        }
    }

    /// A vector's products are the same bits whatever else is in the batch: a prompt gives
    /// the same values whether it is prefilled in one call or several.
    @Test(arguments: types)
    func aVectorsProductsDoNotDependOnTheBatch(type: GGMLType) throws {
        let (rows, cols) = (24, 256)
        let matrix = try KernelIntegerDotTests.randomBlockMatrix(type, rows: rows, cols: cols, seed: 5 &+ UInt64(type.rawValue))
        let count = 11
        let x = DecodeBatchTests.randomVectors(count, cols: cols, seed: 3)
        for isa in Self.availableISAs {
            let together = Self.product(matrix, x, count: count, isa: isa)
            for v in [0, 6, 10] {
                let alone = Self.product(matrix, Array(x[(v * cols)..<((v + 1) * cols)]), count: 1, isa: isa)
                #expect(together[(v * rows)..<((v + 1) * rows)].map(\.bitPattern) == alone.map(\.bitPattern),
                        "\(type) \(isa): vector \(v) of \(count)")
            }
        }
    }

    /// The reference variant against Double arithmetic on the weights' values and the
    /// activations rounded as llama.cpp rounds them (Q8_0: `LlamaRounding`), which the
    /// integer sums reproduce exactly; what remains is float rounding: each block's scale
    /// product and fused add (≤ 2 ulp per block of Σ|term|, `termBound`) and, for Q4_1, the
    /// Q8_1 sum, the unrounded scale times Σq stored as F16 where the rounded activations
    /// carry the F16 scale times Σq (together within 2⁻¹⁰ of each block's |m·d·Σq|).
    @Test(arguments: types)
    func matchesDoubleArithmeticOnRoundedActivations(type: GGMLType) throws {
        let (rows, cols, count) = (21, 512, 6)
        let matrix = try randomWeightMatrix(type, rows: rows, cols: cols, seed: 11 &+ UInt64(type.rawValue))
        let x = DecodeBatchTests.randomVectors(count, cols: cols, seed: 23)
        let y = Self.product(matrix, x, count: count, isa: .scalar)
        var weights = [Float](repeating: 0, count: cols)
        for v in 0..<count {
            let rounded = KernelIntegerDotTests.rounded(Array(x[(v * cols)..<((v + 1) * cols)]), for: type)
            let bound = KernelIntegerDotTests.termBound(matrix, rounded)
            for r in 0..<rows {
                matrix.dequantizeRow(r, into: &weights)
                let exact = zip(weights, rounded).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
                var allowed = Double(bound[r]) * Double(2 * (cols / 32 + 2)) * 0x1p-24
                if type == .q4_1 {
                    let row = matrix.rowPointer(r)
                    for b in 0..<cols / 32 {
                        let m = abs(Double(Dequantize.half(row + 20 * b, 2)))
                        let sum = rounded[(32 * b)..<(32 * b + 32)].reduce(0.0) { $0 + Double($1) }
                        allowed += m * abs(sum) * 0x1p-10 * 1.01
                    }
                }
                let error = abs(Double(y[v * rows + r]) - exact)
                #expect(error <= allowed, "\(type) row \(r) vector \(v): |error| \(error) > \(allowed)")
            }
        }
    }
}
