/// Plain scalar encoders from `Float` to ggml's storage formats, so tests can write
/// synthetic weights of every type a model may use.
public enum ReferenceQuantizer {
    /// `values` encoded as `type`, or nil when the type has no encoder here or the
    /// count is not a whole number of blocks.
    public static func encode(_ values: [Float], as type: GGMLType) -> [UInt8]? {
        guard values.count % type.blockSize == 0 else { return nil }
        switch type {
        case .f32:
            var out: [UInt8] = []
            out.reserveCapacity(values.count * 4)
            for v in values { appendLittleEndian(v.bitPattern, to: &out) }
            return out
        case .f16:
            var out: [UInt8] = []
            out.reserveCapacity(values.count * 2)
            for v in values { appendLittleEndian(HalfPrecision.half(from: v), to: &out) }
            return out
        case .bf16:
            var out: [UInt8] = []
            out.reserveCapacity(values.count * 2)
            for v in values { appendLittleEndian(HalfPrecision.bfloat16(from: v), to: &out) }
            return out
        default:
            return nil
        }
    }

    static func appendLittleEndian<T: FixedWidthInteger>(_ value: T, to out: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) }
    }
}
