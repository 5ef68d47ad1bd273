import CQuantDot

/// Integer dot products of quantized rows with 8-bit activations (the C target
/// `CQuantDot`), what llama.cpp's CPU backend runs: the activation vector is quantized once
/// per product to int8 blocks with a scale (Q8_0 blocks of 32 for Q4_0, Q4_1, Q5_0 and Q8_0
/// weights; Q8_K blocks of 256 for Q4_K, Q5_K and Q6_K), rounding exactly as `LlamaRounding`
/// does, then each weight block is multiplied in integer lanes and scaled by d_w·d_x in float.
///
/// The integer sums are exact, so the result equals the float kernels' on the rounded
/// activation up to the order in which per-block partials are added in float.
enum IntegerRowDot {
    /// An instruction-set variant of the kernels (`guide_qdot_isa`).
    struct ISA: Hashable, CustomStringConvertible, Sendable {
        let rawValue: Int32

        static let scalar = ISA(rawValue: Int32(GUIDE_QDOT_SCALAR.rawValue))
        static let avx2 = ISA(rawValue: Int32(GUIDE_QDOT_AVX2.rawValue))
        static let avxVNNI = ISA(rawValue: Int32(GUIDE_QDOT_AVX_VNNI.rawValue))
        static let avx512VNNI = ISA(rawValue: Int32(GUIDE_QDOT_AVX512_VNNI.rawValue))
        static let all: [ISA] = [.scalar, .avx2, .avxVNNI, .avx512VNNI]

        /// Whether this CPU runs the variant (asked of CPUID, not of the build flags).
        var isAvailable: Bool { guide_qdot_isa_available(rawValue) != 0 }

        var description: String {
            switch self {
            case .scalar: return "scalar"
            case .avx2: return "AVX2"
            case .avxVNNI: return "AVX-VNNI"
            case .avx512VNNI: return "AVX-512 VNNI"
            default: return "isa \(rawValue)"
            }
        }
    }

    /// The variant products use on this CPU, or nil when there is none faster than the float
    /// kernels (no SIMD variant for this architecture: the scalar one is only the reference).
    static let best: ISA? = {
        let isa = guide_qdot_best_isa()
        return isa < 0 ? nil : ISA(rawValue: isa)
    }()

    /// Whether a kernel exists for rows of `type`.
    static func supports(_ type: GGMLType) -> Bool {
        guide_qdot_supports(type.rawValue) != 0
    }

    /// Whether `type` multiplies Q8_K activations (blocks of 256) rather than Q8_0 (32).
    static func usesQ8K(_ type: GGMLType) -> Bool {
        guide_qdot_uses_q8_K(type.rawValue) != 0
    }

    /// Bytes of the quantized form of `cols` activations for weights of `type`.
    static func activationBytes(cols: Int, for type: GGMLType) -> Int {
        usesQ8K(type)
            ? cols / 256 * MemoryLayout<guide_block_q8_K>.stride
            : cols / 32 * MemoryLayout<guide_block_q8_0>.stride
    }

    /// Quantizes `cols` floats at `x` into `destination` (`activationBytes` bytes) in the
    /// activation format of `type`.
    static func quantize(_ x: UnsafePointer<Float>, cols: Int, for type: GGMLType,
                         into destination: UnsafeMutableRawPointer) {
        if usesQ8K(type) {
            guide_quantize_q8_K(x, Int32(cols), destination.assumingMemoryBound(to: guide_block_q8_K.self))
        } else {
            guide_quantize_q8_0(x, Int32(cols), destination.assumingMemoryBound(to: guide_block_q8_0.self))
        }
    }
}
