/// A quantized block format, one file each (`Q4_0Format.swift` …): the byte layout in the
/// file's comment, named offsets, one `unpack` taking the bits apart for both the SIMD
/// decoder (prefill tiles, embedding rows) and the SIMD dot product (decode), and the scalar
/// `dequantize` both are tested against. `GGMLType.format` is the one table from a type to
/// its format.
protocol BlockFormat {
    /// Elements in one block.
    static var elementsPerBlock: Int { get }
    /// Bytes one block takes in a file.
    static var bytesPerBlock: Int { get }
    /// Scalar reference: one block into `elementsPerBlock` Floats at `y`.
    static func dequantize(_ block: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>)
    /// SIMD decoder of whole blocks; nil where the scalar reference is the decoder.
    static var decoder: BlockDecoder.Decoder? { get }
    /// SIMD dot product of a stored row with Floats; nil where rows are decoded first.
    static var rowDot: RowDot.Kernel? { get }
}

extension BlockFormat {
    static var decoder: BlockDecoder.Decoder? { nil }
    static var rowDot: RowDot.Kernel? { nil }
}

extension GGMLType {
    /// The block format of a quantized type; nil for the plain types (F32, F16, BF16).
    var format: (any BlockFormat.Type)? {
        switch self {
        case .f32, .f16, .bf16: return nil
        case .q4_0: return Q4_0Format.self
        case .q4_1: return Q4_1Format.self
        case .q5_0: return Q5_0Format.self
        case .q5_1: return Q5_1Format.self
        case .q8_0: return Q8_0Format.self
        case .q8_1: return Q8_1Format.self
        case .q2_K: return Q2KFormat.self
        case .q3_K: return Q3KFormat.self
        case .q4_K: return Q4KFormat.self
        case .q5_K: return Q5KFormat.self
        case .q6_K: return Q6KFormat.self
        case .q8_K: return Q8KFormat.self
        }
    }
}
