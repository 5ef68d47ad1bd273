import Testing
@testable import Engine

/// The fast kernels agree with their scalar twins on the real models' weights, for
/// every quantized type the two models use.
struct KernelRealModelTests {
    @Test(arguments: [
        (GGUFTestModels.qwen, "blk.0.attn_q.weight", GGMLType.q5_0),
        (GGUFTestModels.qwen, "blk.0.attn_v.weight", .q8_0),
        (GGUFTestModels.qwen, "blk.0.ffn_down.weight", .q6_K),
        (GGUFTestModels.qwen, "blk.2.ffn_down.weight", .q4_K),
        (GGUFTestModels.smolLM, "blk.0.ffn_up.weight", .q4_1),
    ])
    func matVecMatchesTwinOnRealWeights(model: String, name: String, type: GGMLType) throws {
        let file = try GGUFTestModels.open(model)
        let matrix = try WeightMatrix(try #require(file.tensor(name)))
        #expect(matrix.type == type)
        let x = randomVector(matrix.cols, seed: 21)
        var fast = [Float](repeating: .nan, count: matrix.rows)
        var reference = [Float](repeating: .nan, count: matrix.rows)
        x.withUnsafeBufferPointer { xp in
            matrix.multiply(vector: xp.baseAddress!, into: &fast)
            ReferenceMatVec.multiply(matrix, vector: xp.baseAddress!, into: &reference)
        }
        expectClose(fast, reference, scale: magnitudes(matrix, x), "\(name) (\(type))")

        let n = 5
        let batch = randomVector(n * matrix.cols, seed: 22)
        var batched = [Float](repeating: .nan, count: n * matrix.rows)
        batch.withUnsafeBufferPointer { matrix.multiply(batch: $0.baseAddress!, count: n, into: &batched) }
        var row = [Float](repeating: .nan, count: matrix.rows)
        Array(batch[(n - 1) * matrix.cols..<n * matrix.cols]).withUnsafeBufferPointer {
            ReferenceMatVec.multiply(matrix, vector: $0.baseAddress!, into: &row)
        }
        let lastRow = Array(batched[(n - 1) * matrix.rows..<n * matrix.rows])
        expectClose(lastRow, row, scale: magnitudes(matrix, Array(batch[(n - 1) * matrix.cols..<n * matrix.cols])), "\(name) batch")
    }

    @Test func embeddingRowsDecodeAsTheScalarDequantizer() throws {
        let file = try GGUFTestModels.open(GGUFTestModels.qwen)
        let embedding = try WeightMatrix(try #require(file.tensor("token_embd.weight")))
        #expect(embedding.rows == 151_936 && embedding.cols == 896 && embedding.type == .q5_0)
        for token in [0, 198, 151_935] {
            var row = [Float](repeating: .nan, count: 896)
            row.withUnsafeMutableBufferPointer { embedding.dequantizeRow(token, into: $0.baseAddress!) }
            let bytes = Array(UnsafeRawBufferPointer(start: embedding.tensor.data + token * 616, count: 616))
            #expect(row == Dequantize.elements(.q5_0, from: bytes, count: 896), "token \(token)")
        }
    }
}
