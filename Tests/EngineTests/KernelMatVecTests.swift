import TestSupport
import Testing
@testable import Engine

/// Fast products may differ from the Double-accumulating scalar twin by this fraction
/// of Σ|wᵢ·xᵢ| (Float accumulation in a different order).
let kernelRelativeTolerance: Float = 2e-5

/// A random matrix of `type` with `rows` × `cols` elements, through a real GGUF file.
func randomWeightMatrix(_ type: GGMLType, rows: Int, cols: Int, seed: UInt64,
                        pool: KernelThreadPool = .shared) throws -> WeightMatrix {
    var rng = SplitMix64(seed: seed)
    let values = (0..<rows * cols).map { _ in Float.random(in: -1...1, using: &rng) }
    var writer = try GGUFWriter()
    try writer.addTensor("w", shape: [cols, rows], values: values, type: type)
    let file = try GGUFFile(bytes: writer.bytes())
    return try WeightMatrix(try #require(file.tensor("w")), pool: pool)
}

func randomVector(_ count: Int, seed: UInt64) -> [Float] {
    var rng = SplitMix64(seed: seed)
    return (0..<count).map { _ in Float.random(in: -2...2, using: &rng) }
}

/// Σ|wᵢ·xᵢ| per row, the scale the tolerance is relative to.
func magnitudes(_ matrix: WeightMatrix, _ x: [Float]) -> [Float] {
    var row = [Float](repeating: 0, count: matrix.cols)
    return (0..<matrix.rows).map { r in
        row.withUnsafeMutableBufferPointer { matrix.dequantizeRow(r, into: $0.baseAddress!) }
        return zip(row, x).reduce(0) { $0 + abs($1.0 * $1.1) }
    }
}

func expectClose(_ fast: [Float], _ reference: [Float], scale: [Float], _ label: String) {
    var worst: Float = 0
    for i in fast.indices {
        worst = max(worst, abs(fast[i] - reference[i]) / max(scale[i % scale.count], 1e-6))
    }
    #expect(worst <= kernelRelativeTolerance, "\(label): worst relative error \(worst)")
}

private let allTypes: [GGMLType] = [.f32, .f16, .bf16, .q4_0, .q4_1, .q5_0, .q5_1, .q8_0, .q8_1,
                                    .q2_K, .q3_K, .q4_K, .q5_K, .q6_K, .q8_K]

@Test(arguments: allTypes)
func matVecMatchesScalarTwin(type: GGMLType) throws {
    for (rows, cols) in [(37, 512), (300, 768)] {  // small (serial) and large (parallel)
        let matrix = try randomWeightMatrix(type, rows: rows, cols: cols, seed: UInt64(rows) &* 31 &+ UInt64(type.rawValue))
        let x = randomVector(cols, seed: 99)
        var fast = [Float](repeating: .nan, count: rows)
        var reference = [Float](repeating: .nan, count: rows)
        x.withUnsafeBufferPointer { xp in
            matrix.multiply(vector: xp.baseAddress!, into: &fast)
            ReferenceMatVec.multiply(matrix, vector: xp.baseAddress!, into: &reference)
        }
        expectClose(fast, reference, scale: magnitudes(matrix, x), "\(type) \(rows)×\(cols)")
    }
}

@Test(arguments: [GGMLType.f32, .q4_1, .q5_0, .q8_0, .q4_K, .q6_K], [1, 3, 4, 17])
func batchMatchesScalarTwin(type: GGMLType, count: Int) throws {
    let (rows, cols) = (150, 512)
    let matrix = try randomWeightMatrix(type, rows: rows, cols: cols, seed: 5)
    let x = randomVector(count * cols, seed: 6)
    var fast = [Float](repeating: .nan, count: count * rows)
    var reference = [Float](repeating: .nan, count: count * rows)
    x.withUnsafeBufferPointer { xp in
        matrix.multiply(batch: xp.baseAddress!, count: count, into: &fast)
        ReferenceMatVec.multiply(matrix, batch: xp.baseAddress!, count: count, into: &reference)
    }
    let scale = magnitudes(matrix, Array(x[0..<cols])).map { $0 * 4 }  // every X row is of similar size
    expectClose(fast, reference, scale: scale, "\(type) batch of \(count)")
}

@Test func singleThreadedPoolGivesTheSameResult() throws {
    let pool = KernelThreadPool(threadCount: 1)
    let serial = try randomWeightMatrix(.q4_K, rows: 256, cols: 512, seed: 3, pool: pool)
    let parallel = try randomWeightMatrix(.q4_K, rows: 256, cols: 512, seed: 3)
    let x = randomVector(512, seed: 4)
    var a = [Float](repeating: 0, count: 256), b = [Float](repeating: 1, count: 256)
    x.withUnsafeBufferPointer { serial.multiply(vector: $0.baseAddress!, into: &a); parallel.multiply(vector: $0.baseAddress!, into: &b) }
    #expect(a == b)
}

@Test func poolRunsEveryChunkOnce() {
    let pool = KernelThreadPool(threadCount: 3)
    for chunks in [0, 1, 2, 7, 1000] {
        let counts = UnsafeMutablePointer<Int>.allocate(capacity: max(chunks, 1))
        counts.initialize(repeating: 0, count: max(chunks, 1))
        for _ in 0..<50 { pool.parallelFor(chunks: chunks) { counts[$0] += 1 } }
        #expect((0..<chunks).allSatisfy { counts[$0] == 50 }, "\(chunks) chunks")
        counts.deallocate()
    }
}

@Test func higherDimensionalTensorIsNotAMatrix() throws {
    var writer = try GGUFWriter()
    try writer.addTensor("t", shape: [2, 2, 2], values: Array(repeating: 1, count: 8))
    let file = try GGUFFile(bytes: writer.bytes())
    #expect(throws: KernelError.notAMatrix(tensor: "t", shape: [2, 2, 2])) { try WeightMatrix(file.tensor("t")!) }
}

@Test func nestedParallelLoopsRunInline() {
    let pool = KernelThreadPool(threadCount: 2)
    let total = UnsafeMutablePointer<Int>.allocate(capacity: 8)
    total.initialize(repeating: 0, count: 8)
    pool.parallelFor(chunks: 8) { outer in
        pool.parallelFor(chunks: 4) { _ in total[outer] += 1 }
    }
    #expect((0..<8).allSatisfy { total[$0] == 4 })
    total.deallocate()
}
