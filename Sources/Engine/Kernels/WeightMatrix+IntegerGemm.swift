import CQuantDot

/// The prefill's integer matrix products (`guide_qgemm`, the C target `CQuantDot`): many
/// activation vectors quantized to Q8_0 as llama.cpp quantizes them, multiplied with the
/// stored weight blocks in integer lanes, each (row, vector) product in a lane of its own.
enum IntegerGemm {
    /// The variant prefill products use on this CPU, or nil where only the scalar reference
    /// exists (those CPUs keep sgemm over dequantized tiles).
    static let best: IntegerRowDot.ISA? = {
        let isa = guide_qgemm_best_isa()
        return isa < 0 ? nil : IntegerRowDot.ISA(rawValue: isa)
    }()

    /// Whether a GEMM exists for weights of `type` (Q4_0, Q4_1, Q5_0, Q8_0).
    static func supports(_ type: GGMLType) -> Bool {
        guide_qgemm_supports(type.rawValue) != 0
    }
}

extension WeightMatrix {
    /// Whether the prefill multiplies this matrix with `multiply(quantizingBatch:)`.
    var hasIntegerGemm: Bool {
        IntegerGemm.best != nil && IntegerGemm.supports(type) && cols % 32 == 0
    }

    /// Y[n × rows] = q(X)[n × cols] · Wᵀ, where q rounds each row of X to Q8_0 as llama.cpp
    /// does, in integer lanes (`guide_qgemm`); each product is the same whatever `n`, the
    /// variant and the split of rows over the pool.
    ///
    /// - Precondition: `hasIntegerGemm`, or `isa` names an available variant for the type.
    func multiply(quantizingBatch x: UnsafePointer<Float>, count n: Int, into y: UnsafeMutablePointer<Float>,
                  isa: IntegerRowDot.ISA? = IntegerGemm.best) {
        guard let isa, n > 0 else { return }
        let vectorsPerGroup = Int(GUIDE_QGEMM_VECTORS), rowsPerPanel = Int(GUIDE_QGEMM_ROWS)
        let blockCount = guide_qgemm_packed_blocks(Int32(n), Int32(cols))
        let packed = UnsafeMutablePointer<guide_qgemm_vector_block>.allocate(capacity: blockCount)
        defer { packed.deallocate() }
        let groups = (n + vectorsPerGroup - 1) / vectorsPerGroup
        let packJob = { (group: Int) in
            let first = group * vectorsPerGroup
            guide_qgemm_pack_vectors(type.rawValue, x + first * cols, Int32(min(vectorsPerGroup, n - first)),
                                     Int32(cols), packed + first / 4 * (cols / 32))
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
        if pool.threadCount > 1 {
            pool.parallelFor(chunks: groups, packJob)
            pool.parallelFor(chunks: chunks, multiplyJob)
        } else {
            for group in 0..<groups { packJob(group) }
            for chunk in 0..<chunks { multiplyJob(chunk) }
        }
    }
}
