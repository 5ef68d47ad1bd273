import TestSupport
import Testing
@testable import Engine

/// The integer dot kernels (`IntegerRowDot`, C target `CQuantDot`) against their scalar
/// twins, the float kernels and the Double reference, on the rounded activations they
/// stand for, for every instruction-set variant this CPU runs.
@Suite struct KernelIntegerDotTests {
    static let types: [GGMLType] = [.q4_0, .q4_1, .q5_0, .q8_0, .q4_K, .q5_K, .q6_K]

    static var availableISAs: [IntegerRowDot.ISA] { IntegerRowDot.ISA.all.filter(\.isAvailable) }

    /// A matrix of `rows` rows of random bytes (every bit pattern of quants, scales and high
    /// bits, negative Q6_K scales and −128 Q8_0 quants included) whose F16 scales are set to
    /// random finite values of moderate size, so products stay far from overflow.
    static func randomBlockMatrix(_ type: GGMLType, rows: Int, cols: Int, seed: UInt64) throws -> WeightMatrix {
        var rng = SplitMix64(seed: seed)
        let blocks = rows * cols / type.blockSize
        var bytes = (0..<blocks * type.bytesPerBlock).map { _ in UInt8.random(in: 0...255, using: &rng) }
        let halfOffsets: [Int]
        switch type {
        case .q4_1, .q4_K, .q5_K: halfOffsets = [0, 2]
        case .q6_K: halfOffsets = [Q6KFormat.deltaOffset]
        default: halfOffsets = [0]
        }
        for b in 0..<blocks {
            for offset in halfOffsets {
                // Sign random, exponent 5…12 (2⁻¹⁰…2⁻³), mantissa random.
                let half = UInt16.random(in: 0...1, using: &rng) << 15 | UInt16.random(in: 5...12, using: &rng) << 10
                    | UInt16.random(in: 0...0x3FF, using: &rng)
                bytes[b * type.bytesPerBlock + offset] = UInt8(half & 0xFF)
                bytes[b * type.bytesPerBlock + offset + 1] = UInt8(half >> 8)
            }
        }
        var writer = try GGUFWriter()
        try writer.addTensor("w", shape: [cols, rows], type: type, bytes: bytes)
        let file = try GGUFFile(bytes: writer.bytes())
        return try WeightMatrix(try #require(file.tensor("w")))
    }

    /// `x` rounded as llama.cpp quantizes it for `type` (what the integer kernels multiply).
    static func rounded(_ x: [Float], for type: GGMLType) -> [Float] {
        var copy = x
        copy.withUnsafeMutableBufferPointer {
            LlamaRounding.activations($0.baseAddress!, rows: 1, cols: x.count, for: type)
        }
        return copy
    }

    static func integerProduct(_ matrix: WeightMatrix, _ x: [Float], isa: IntegerRowDot.ISA) -> [Float] {
        var y = [Float](repeating: .nan, count: matrix.rows)
        x.withUnsafeBufferPointer { matrix.multiply(quantizing: $0.baseAddress!, into: &y, isa: isa) }
        return y
    }

    /// Largest |a − b| over the rows, relative to each row's `scale`.
    static func worstRelative(_ a: [Float], _ b: [Float], scale: [Float]) -> Float {
        zip(zip(a, b), scale).map { abs($0.0 - $0.1) / max($1, 1e-30) }.max() ?? .nan
    }

    /// Quantizing through the C kernels keeps exactly the values `LlamaRounding` keeps:
    /// quants × scale reproduce its round trip exactly, including blocks of zeros,
    /// ties at .5 and blocks whose largest magnitude is negative.
    @Test(arguments: [GGMLType.q8_0, .q6_K])
    func activationQuantizationMatchesLlamaRounding(type: GGMLType) {
        let cols = 1024
        var x = randomVector(cols, seed: 41)
        for i in 0..<32 { x[i] = 0 }                                  // an all-zero Q8_0 block
        for i in 32..<64 { x[i] = Float(i - 48) * 0.5 }               // ties after scaling
        x[300] = -7                                                    // a negative maximum
        if type == .q6_K { for i in 512..<768 { x[i] = 0 } }           // an all-zero Q8_K block
        let expected = Self.rounded(x, for: type)
        let bytes = IntegerRowDot.activationBytes(cols: cols, for: type)
        var decoded = [Float](repeating: .nan, count: cols)
        var sumsMatch = false
        withUnsafeTemporaryAllocation(byteCount: bytes, alignment: 64) { buffer in
            x.withUnsafeBufferPointer { IntegerRowDot.quantize($0.baseAddress!, cols: cols, for: type, into: buffer.baseAddress!) }
            sumsMatch = Self.decode(UnsafeRawPointer(buffer.baseAddress!), cols: cols, q8K: type == .q6_K, into: &decoded)
        }
        let mismatches = (0..<cols).filter { decoded[$0] != expected[$0] }  // −0 == +0
        #expect(mismatches.isEmpty, "\(type): \(mismatches.count) values differ, first at \(mismatches.first ?? -1)")
        #expect(sumsMatch, "\(type): the stored block sums are not the sums of the quants")
    }

    /// Quants × scale of the activation blocks at `blocks` (layouts of `guide_block_q8_0`:
    /// d, sum, qs[32]; `guide_block_q8_K`: d, qs[256], bsums[16]); returns whether the
    /// stored sums are the sums of the quants.
    static func decode(_ blocks: UnsafeRawPointer, cols: Int, q8K: Bool, into y: inout [Float]) -> Bool {
        let size = q8K ? 256 : 32, stride = q8K ? 292 : 40, quants = q8K ? 4 : 8
        #expect(IntegerRowDot.activationBytes(cols: cols, for: q8K ? .q6_K : .q8_0) == cols / size * stride)
        var sumsMatch = true
        for b in 0..<cols / size {
            let block = blocks + b * stride
            let d = block.load(as: Float.self)
            let q = (0..<size).map { Int(block.load(fromByteOffset: quants + $0, as: Int8.self)) }
            for i in 0..<size { y[b * size + i] = Float(q[i]) * d }
            if q8K {
                for s in 0..<16 where Int(block.loadUnaligned(fromByteOffset: 260 + 2 * s, as: Int16.self))
                    != q[(16 * s)..<(16 * s + 16)].reduce(0, +) { sumsMatch = false }
            } else if Int(block.load(fromByteOffset: 4, as: Int32.self)) != q.reduce(0, +) {
                sumsMatch = false
            }
        }
        return sumsMatch
    }

    /// Every SIMD variant against the scalar C twin on random blocks. The integer sums are
    /// exact on both sides; what differs is how the partials d_w·d_x·(integer sum) of blocks
    /// and lanes are added in float (and their conversion to float past 2²⁴): recursive
    /// summation of n terms errs by at most (n − 1)·2⁻²⁴·Σ|term| per side, with n ≤ blocks +
    /// 16 (two accumulators, eight lanes, the min term). `termBound` bounds Σ|term|.
    @Test(arguments: types)
    func simdVariantsMatchTheScalarTwin(type: GGMLType) throws {
        for (rows, cols) in [(33, 512), (200, 1536)] {
            let matrix = try Self.randomBlockMatrix(type, rows: rows, cols: cols, seed: UInt64(cols) &+ UInt64(type.rawValue))
            let x = randomVector(cols, seed: 7)
            let scalar = Self.integerProduct(matrix, x, isa: .scalar)
            let bound = Self.termBound(matrix, Self.rounded(x, for: type))
            let blocks = cols / type.blockSize
            let tolerance = Float(2 * (blocks + 16)) * 0x1p-24
            for isa in Self.availableISAs where isa != .scalar {
                let simd = Self.integerProduct(matrix, x, isa: isa)
                let worst = Self.worstRelative(simd, scalar, scale: bound)
                #expect(worst <= tolerance, "\(type) \(isa) \(rows)×\(cols): worst \(worst) of Σ|term| (allowed \(tolerance))")
            }
            #expect(scalar.allSatisfy { $0.isFinite }, "\(type): the scalar twin gave non-finite values")
        }
    }

    /// Several vectors at once (`multiply(quantizingVectors:)`, whose kernels unpack each
    /// weight block once for up to four vectors) give, for every vector, the bits of its
    /// one-vector product: the same operations in the same order, so no tolerance.
    @Test(arguments: types)
    func vectorsAtOnceAreBitIdenticalToOneAtATime(type: GGMLType) throws {
        let (rows, cols) = (19, 512)
        let matrix = try Self.randomBlockMatrix(type, rows: rows, cols: cols, seed: 99 &+ UInt64(type.rawValue))
        for count in [1, 3, 4, 6, 9] {
            let vectors = (0..<count).map { randomVector(cols, seed: 40 + UInt64($0)) }
            let flat = vectors.flatMap { $0 }
            for isa in Self.availableISAs {
                var together = [Float](repeating: .nan, count: count * rows)
                flat.withUnsafeBufferPointer {
                    matrix.multiply(quantizingVectors: $0.baseAddress!, count: count, into: &together, isa: isa)
                }
                for (v, x) in vectors.enumerated() {
                    let alone = Self.integerProduct(matrix, x, isa: isa)
                    let bits = together[(v * rows)..<((v + 1) * rows)].map(\.bitPattern)
                    #expect(bits == alone.map(\.bitPattern), "\(type) \(isa): vector \(v) of \(count)")
                }
            }
        }
    }

    /// Per row, Σ over blocks of (|d_w|·F + |m_w|·M)·Σ_block|x̂|, where x̂ = d_x·q_x is the
    /// rounded activation, F the largest |integer weight factor| a lane multiplies q_x by
    /// (the unsigned quant, times the sub-block scale for K formats, plus the offset taken
    /// out: 8 for Q4_0, 16 for Q5_0, 32 for Q6_K) and M the largest min factor (1 for Q4_1's
    /// m, 63 for the K formats' 6-bit mins times dmin).
    static func termBound(_ matrix: WeightMatrix, _ rounded: [Float]) -> [Float] {
        let type = matrix.type
        let (factor, minFactor): (Float, Float)
        switch type {
        case .q4_0: (factor, minFactor) = (15 + 8, 0)
        case .q4_1: (factor, minFactor) = (15, 1)
        case .q5_0: (factor, minFactor) = (31 + 16, 0)
        case .q8_0: (factor, minFactor) = (128, 0)
        case .q4_K: (factor, minFactor) = (63 * 15, 63)
        case .q5_K: (factor, minFactor) = (63 * 31, 63)
        default: (factor, minFactor) = (128 * (63 + 32), 0)
        }
        let hasMin = minFactor > 0
        return (0..<matrix.rows).map { r in
            let row = matrix.rowPointer(r)
            var total: Float = 0
            for b in 0..<matrix.cols / type.blockSize {
                let block = row + b * type.bytesPerBlock
                let d = abs(Dequantize.half(block, type == .q6_K ? Q6KFormat.deltaOffset : 0))
                let m = hasMin ? abs(Dequantize.half(block, 2)) : 0
                let xs = rounded[(b * type.blockSize)..<((b + 1) * type.blockSize)].reduce(0) { $0 + abs($1) }
                total += (d * factor + m * minFactor) * xs
            }
            return total
        }
    }

    /// The integer path against the Double reference on the rounded activations, with the
    /// float kernels' tolerance (`kernelRelativeTolerance` of Σ|wᵢ·x̂ᵢ|), on weights quantized
    /// from random values as a model's are; and against the float kernels on the same
    /// rounded activations, where each side is within that tolerance of the reference.
    @Test(arguments: types)
    func integerPathMatchesTheFloatPathOnRoundedInputs(type: GGMLType) throws {
        guard let best = IntegerRowDot.best else { return }
        for (rows, cols) in [(37, 512), (300, 1024)] {
            let matrix = try randomWeightMatrix(type, rows: rows, cols: cols, seed: UInt64(rows) &* 131 &+ UInt64(type.rawValue))
            let x = Self.rounded(randomVector(cols, seed: 17), for: type)
            let integer = Self.integerProduct(matrix, x, isa: best)
            var float = [Float](repeating: .nan, count: rows)
            var reference = [Float](repeating: .nan, count: rows)
            x.withUnsafeBufferPointer { xp in
                matrix.multiply(vector: xp.baseAddress!, into: &float)
                ReferenceMatVec.multiply(matrix, vector: xp.baseAddress!, into: &reference)
            }
            let scale = magnitudes(matrix, x)
            expectClose(integer, reference, scale: scale, "\(type) \(best) \(rows)×\(cols) vs reference")
            let worst = Self.worstRelative(integer, float, scale: scale)
            #expect(worst <= 2 * kernelRelativeTolerance, "\(type) \(rows)×\(cols) vs float kernel: worst \(worst)")
        }
    }

    /// The same on the real models' weights, every quantized type they use, with the
    /// float kernels' tolerance against the Double reference on the rounded activation.
    @Test(arguments: [
        (GGUFTestModels.qwen, "blk.0.attn_q.weight", GGMLType.q5_0),
        (GGUFTestModels.qwen, "blk.0.attn_v.weight", .q8_0),
        (GGUFTestModels.qwen, "blk.0.ffn_down.weight", .q6_K),
        (GGUFTestModels.qwen, "blk.2.ffn_down.weight", .q4_K),
        (GGUFTestModels.smolLM, "blk.0.ffn_up.weight", .q4_1),
        (GGUFTestModels.smolLM, "token_embd.weight", .q8_0),
    ])
    func integerPathMatchesTheReferenceOnRealWeights(model: String, name: String, type: GGMLType) throws {
        let file = try GGUFTestModels.open(model)
        let matrix = try WeightMatrix(try #require(file.tensor(name)))
        #expect(matrix.type == type)
        let x = Self.rounded(randomVector(matrix.cols, seed: 23), for: type)
        var reference = [Float](repeating: .nan, count: matrix.rows)
        x.withUnsafeBufferPointer { ReferenceMatVec.multiply(matrix, vector: $0.baseAddress!, into: &reference) }
        for isa in Self.availableISAs {
            expectClose(Self.integerProduct(matrix, x, isa: isa), reference, scale: magnitudes(matrix, x), "\(name) (\(type)) \(isa)")
        }
    }

    /// Q4_1 takes the integer kernel in the forward pass only where the prefill's integer
    /// GEMM exists too (see `WeightMatrix.hasIntegerKernel`); other types wherever a variant does.
    @Test func q4_1MatricesTakeTheIntegerKernelOnlyWithTheIntegerGemm() throws {
        let q4_1 = try randomWeightMatrix(.q4_1, rows: 8, cols: 64, seed: 1)
        #expect(q4_1.hasIntegerKernel == (IntegerRowDot.best != nil && IntegerGemm.best != nil))
        #expect(try randomWeightMatrix(.q5_0, rows: 8, cols: 64, seed: 1).hasIntegerKernel == (IntegerRowDot.best != nil))
    }

    @Test func theBestVariantRunsHere() {
        #if arch(x86_64)
        // Every x86-64 machine this project runs on has AVX2 (the portable build's floor).
        #expect(IntegerRowDot.best != nil)
        #endif
        if let best = IntegerRowDot.best { #expect(best.isAvailable && best != .scalar) }
        #expect(IntegerRowDot.ISA.scalar.isAvailable)
    }
}
