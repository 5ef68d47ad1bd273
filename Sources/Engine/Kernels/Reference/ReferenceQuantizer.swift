/// Plain scalar encoders from `Float` to ggml's storage formats, so tests can write
/// synthetic weights of every type a model may use.
///
/// The 32-element formats follow ggml's reference rounding (`quantize_row_*_ref`); the
/// K formats use a simple per-sub-block min/max fit (not ggml's iterative search), which
/// is enough for synthetic weights.
enum ReferenceQuantizer {
    /// `values` encoded as `type`, or nil when the count is not a whole number of blocks.
    static func encode(_ values: [Float], as type: GGMLType) -> [UInt8]? {
        guard values.count % type.blockSize == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(type.byteCount(elements: values.count) ?? 0)
        switch type {
        case .f32:
            for v in values { appendLittleEndian(v.bitPattern, to: &out) }
            return out
        case .f16:
            for v in values { appendLittleEndian(HalfPrecision.half(from: v), to: &out) }
            return out
        case .bf16:
            for v in values { appendLittleEndian(HalfPrecision.bfloat16(from: v), to: &out) }
            return out
        default:
            break
        }
        let size = type.blockSize
        for start in stride(from: 0, to: values.count, by: size) {
            let block = Array(values[start..<start + size])
            switch type {
            case .q4_0: out += q4_0(block)
            case .q4_1: out += q4_1(block)
            case .q5_0: out += q5_0(block)
            case .q5_1: out += q5_1(block)
            case .q8_0: out += q8_0(block)
            case .q8_1: out += q8_1(block)
            case .q8_K: out += q8_K(block)
            case .q2_K, .q3_K, .q4_K, .q5_K, .q6_K: out += KQuantEncoder.encode(block, as: type)
            case .f32, .f16, .bf16: break
            }
        }
        return out
    }

    static func appendLittleEndian<T: FixedWidthInteger>(_ value: T, to out: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) }
    }

    /// The element of largest magnitude, sign kept.
    private static func signedMax(_ x: [Float]) -> Float {
        x.max { abs($0) < abs($1) } ?? 0
    }

    private static func inverse(_ d: Float) -> Float { d != 0 ? 1 / d : 0 }

    /// Packs 32 values of 4 bits (and a fifth bit into a UInt32) as the Q4/Q5 formats store them.
    private static func packNibbles(_ q: [Int], fifthBits: Bool, into out: inout [UInt8]) {
        if fifthBits {
            var qh: UInt32 = 0
            for j in 0..<32 where q[j] & 0x10 != 0 { qh |= 1 << UInt32(j) }
            appendLittleEndian(qh, to: &out)
        }
        for j in 0..<16 { out.append(UInt8((q[j] & 0xF) | (q[j + 16] & 0xF) << 4)) }
    }

    static func q4_0(_ x: [Float]) -> [UInt8] {
        let d = signedMax(x) / -8, id = inverse(d)
        var out: [UInt8] = []
        appendLittleEndian(HalfPrecision.half(from: d), to: &out)
        packNibbles(x.map { min(15, Int($0 * id + 8.5)) }, fifthBits: false, into: &out)
        return out
    }

    static func q4_1(_ x: [Float]) -> [UInt8] {
        let lo = x.min() ?? 0, hi = x.max() ?? 0
        let d = (hi - lo) / 15, id = inverse(d)
        var out: [UInt8] = []
        appendLittleEndian(HalfPrecision.half(from: d), to: &out)
        appendLittleEndian(HalfPrecision.half(from: lo), to: &out)
        packNibbles(x.map { min(15, Int(($0 - lo) * id + 0.5)) }, fifthBits: false, into: &out)
        return out
    }

    static func q5_0(_ x: [Float]) -> [UInt8] {
        let d = signedMax(x) / -16, id = inverse(d)
        var out: [UInt8] = []
        appendLittleEndian(HalfPrecision.half(from: d), to: &out)
        packNibbles(x.map { min(31, Int($0 * id + 16.5)) }, fifthBits: true, into: &out)
        return out
    }

    static func q5_1(_ x: [Float]) -> [UInt8] {
        let lo = x.min() ?? 0, hi = x.max() ?? 0
        let d = (hi - lo) / 31, id = inverse(d)
        var out: [UInt8] = []
        appendLittleEndian(HalfPrecision.half(from: d), to: &out)
        appendLittleEndian(HalfPrecision.half(from: lo), to: &out)
        packNibbles(x.map { min(31, Int(($0 - lo) * id + 0.5)) }, fifthBits: true, into: &out)
        return out
    }

    static func q8_0(_ x: [Float]) -> [UInt8] {
        let d = (x.map(abs).max() ?? 0) / 127, id = inverse(d)
        var out: [UInt8] = []
        appendLittleEndian(HalfPrecision.half(from: d), to: &out)
        for v in x { out.append(UInt8(bitPattern: Int8((v * id).rounded()))) }
        return out
    }

    static func q8_1(_ x: [Float]) -> [UInt8] {
        let d = (x.map(abs).max() ?? 0) / 127, id = inverse(d)
        let q = x.map { Int8(($0 * id).rounded()) }
        var out: [UInt8] = []
        appendLittleEndian(HalfPrecision.half(from: d), to: &out)
        appendLittleEndian(HalfPrecision.half(from: d * Float(q.reduce(0) { $0 + Int($1) })), to: &out)
        for v in q { out.append(UInt8(bitPattern: v)) }
        return out
    }

    static func q8_K(_ x: [Float]) -> [UInt8] {
        let d = (x.map(abs).max() ?? 0) / 127, id = inverse(d)
        let q = x.map { Int8(($0 * id).rounded()) }
        var out: [UInt8] = []
        appendLittleEndian(d.bitPattern, to: &out)
        for v in q { out.append(UInt8(bitPattern: v)) }
        for group in 0..<16 {
            let sum = q[16 * group..<16 * group + 16].reduce(0) { $0 + Int($1) }
            appendLittleEndian(Int16(sum), to: &out)
        }
        return out
    }
}
