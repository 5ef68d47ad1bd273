import CQuantDot

/// The prefill's integer matrix products (`guide_qgemm`, the C target `CQuantDot`): many
/// activation vectors quantized to 8 bits as llama.cpp quantizes them for the weight type,
/// multiplied with the stored weight blocks in integer lanes, each (row, vector) product in
/// a lane of its own.
enum IntegerGemm {
    /// The variant prefill products use on this CPU, or nil where only the scalar reference
    /// exists (those CPUs keep sgemm over dequantized tiles).
    static let best: IntegerRowDot.ISA? = {
        let isa = guide_qgemm_best_isa()
        return isa < 0 ? nil : IntegerRowDot.ISA(rawValue: isa)
    }()

    /// Whether a GEMM exists for weights of `type` (Q4_0, Q4_1, Q5_0, Q8_0, Q4_K, Q5_K, Q6_K).
    static func supports(_ type: GGMLType) -> Bool {
        guide_qgemm_supports(type.rawValue) != 0
    }

    /// Elements per activation block for weights of `type` (32, or 256 for the K formats).
    static func blockSize(_ type: GGMLType) -> Int {
        Int(guide_qgemm_block_size(type.rawValue))
    }
}

extension WeightMatrix {
    /// Whether the prefill multiplies this matrix with `multiply(quantizingBatch:)`.
    var hasIntegerGemm: Bool {
        IntegerGemm.best != nil && IntegerGemm.supports(type) && cols % IntegerGemm.blockSize(type) == 0
    }

    /// Y[n × rows] = q(X)[n × cols] · Wᵀ, where q rounds each row of X to the 8-bit blocks
    /// llama.cpp multiplies this weight type with (Q8_0; Q8_1 for Q4_1; Q8_K for the K
    /// formats), in integer lanes (`guide_qgemm`); each product is the same whatever `n`, the
    /// variant and the split of rows over the pool.
    ///
    /// - Precondition: `hasIntegerGemm`, or `isa` names an available variant for the type.
    func multiply(quantizingBatch x: UnsafePointer<Float>, count n: Int, into y: UnsafeMutablePointer<Float>,
                  isa: IntegerRowDot.ISA? = IntegerGemm.best) {
        guard let isa, n > 0 else { return }
        let vectorsPerTile = Int(GUIDE_QGEMM_VECTORS), rowsPerPanel = Int(GUIDE_QGEMM_ROWS)
        let packedBytes = guide_qgemm_packed_bytes(type.rawValue, Int32(n), Int32(cols))
        let groupBytes = guide_qgemm_group_bytes(type.rawValue, Int32(cols))
        let packed = UnsafeMutableRawPointer.allocate(byteCount: packedBytes, alignment: 64)
        defer { packed.deallocate() }
        let tiles = (n + vectorsPerTile - 1) / vectorsPerTile
        let packJob = { (tile: Int) in
            let first = tile * vectorsPerTile
            guide_qgemm_pack_vectors(type.rawValue, x + first * cols, Int32(min(vectorsPerTile, n - first)),
                                     Int32(cols), packed + first / 4 * groupBytes)
        }
        let panels = (rows + rowsPerPanel - 1) / rowsPerPanel
        let panelsPerChunk = max(1, panels / (pool.threadCount * 4))
        let chunks = (panels + panelsPerChunk - 1) / panelsPerChunk
        let multiplyJob = { (chunk: Int) in
            let first = chunk * panelsPerChunk * rowsPerPanel
            let count = min(panelsPerChunk * rowsPerPanel, rows - first)
            _ = guide_qgemm(isa.rawValue, type.rawValue, rowPointer(first), rowBytes, Int32(count), packed,
                            Int32(n), Int32(cols), y + first, rows)
        }
        pool.parallelFor(chunks: tiles, packJob)
        pool.parallelFor(chunks: chunks, multiplyJob)
    }
}
