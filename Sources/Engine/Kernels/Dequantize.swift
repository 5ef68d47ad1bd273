// Block layouts of the 32-element formats (all little-endian, d and m are IEEE halves):
//
//   Q4_0  (18 bytes)  d, qs[16]           x = d·(q − 8)
//   Q4_1  (20 bytes)  d, m, qs[16]        x = d·q + m
//   Q5_0  (22 bytes)  d, qh[4], qs[16]    x = d·(q − 16)
//   Q5_1  (24 bytes)  d, m, qh[4], qs[16] x = d·q + m
//   Q8_0  (34 bytes)  d, qs[32] (int8)    x = d·q
//   Q8_1  (36 bytes)  d, s, qs[32] (int8) x = d·q   (s = d·Σq, used only by dot products)
//
// In the 4- and 5-bit formats element j < 16 is the low nibble of qs[j] and element
// j + 16 the high nibble of qs[j]; in the 5-bit formats bit j of the 32-bit qh is the
// fifth bit of element j.

/// Conversion of stored tensor data of any `GGMLType` to `Float`.
public enum Dequantize {
    /// Decodes `count` elements starting at `source` (a whole number of blocks of
    /// `type`) into `destination`.
    public static func elements(_ type: GGMLType, from source: UnsafeRawPointer, count: Int,
                                into destination: UnsafeMutablePointer<Float>) {
        let blocks = count / type.blockSize
        let stride = type.bytesPerBlock
        let decode: (UnsafeRawPointer, UnsafeMutablePointer<Float>) -> Void
        switch type {
        case .f32:
            destination.update(from: source.assumingMemoryBound(to: Float.self), count: count)
            return
        case .f16:
            for i in 0..<count { destination[i] = HalfPrecision.float(fromHalf: source.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)) }
            return
        case .bf16:
            for i in 0..<count { destination[i] = HalfPrecision.float(fromBFloat16: source.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)) }
            return
        case .q4_0: decode = q4_0
        case .q4_1: decode = q4_1
        case .q5_0: decode = q5_0
        case .q5_1: decode = q5_1
        case .q8_0: decode = q8_0
        case .q8_1: decode = q8_1
        case .q2_K: decode = q2_K
        case .q3_K: decode = q3_K
        case .q4_K: decode = q4_K
        case .q5_K: decode = q5_K
        case .q6_K: decode = Q6KFormat.dequantize
        case .q8_K: decode = q8_K
        }
        for b in 0..<blocks {
            decode(source + b * stride, destination + b * type.blockSize)
        }
    }

    /// Decodes `count` elements of `type` stored in `bytes`, or nil when `count` is not
    /// a whole number of blocks or `bytes` is too short.
    public static func elements(_ type: GGMLType, from bytes: [UInt8], count: Int) -> [Float]? {
        guard let needed = type.byteCount(elements: count), needed <= bytes.count else { return nil }
        return [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            bytes.withUnsafeBytes { raw in
                if let base = raw.baseAddress, let out = buffer.baseAddress {
                    elements(type, from: base, count: count, into: out)
                }
            }
            initialized = count
        }
    }

    @inline(__always)
    static func half(_ block: UnsafeRawPointer, _ offset: Int) -> Float {
        HalfPrecision.float(fromHalf: block.loadUnaligned(fromByteOffset: offset, as: UInt16.self))
    }

    @inline(__always)
    static func byte(_ block: UnsafeRawPointer, _ offset: Int) -> Int {
        Int(block.load(fromByteOffset: offset, as: UInt8.self))
    }

    static func q4_0(_ block: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>) {
        let d = half(block, 0)
        for j in 0..<16 {
            let q = byte(block, 2 + j)
            y[j] = d * Float((q & 0xF) - 8)
            y[j + 16] = d * Float((q >> 4) - 8)
        }
    }

    static func q4_1(_ block: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>) {
        let d = half(block, 0), m = half(block, 2)
        for j in 0..<16 {
            let q = byte(block, 4 + j)
            y[j] = d * Float(q & 0xF) + m
            y[j + 16] = d * Float(q >> 4) + m
        }
    }

    static func q5_0(_ block: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>) {
        let d = half(block, 0)
        let qh = Int(block.loadUnaligned(fromByteOffset: 2, as: UInt32.self))
        for j in 0..<16 {
            let q = byte(block, 6 + j)
            y[j] = d * Float(((q & 0xF) | ((qh >> j) & 1) << 4) - 16)
            y[j + 16] = d * Float(((q >> 4) | ((qh >> (j + 16)) & 1) << 4) - 16)
        }
    }

    static func q5_1(_ block: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>) {
        let d = half(block, 0), m = half(block, 2)
        let qh = Int(block.loadUnaligned(fromByteOffset: 4, as: UInt32.self))
        for j in 0..<16 {
            let q = byte(block, 8 + j)
            y[j] = d * Float((q & 0xF) | ((qh >> j) & 1) << 4) + m
            y[j + 16] = d * Float((q >> 4) | ((qh >> (j + 16)) & 1) << 4) + m
        }
    }

    static func q8_0(_ block: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>) {
        let d = half(block, 0)
        for j in 0..<32 { y[j] = d * Float(block.load(fromByteOffset: 2 + j, as: Int8.self)) }
    }

    static func q8_1(_ block: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>) {
        let d = half(block, 0)
        for j in 0..<32 { y[j] = d * Float(block.load(fromByteOffset: 4 + j, as: Int8.self)) }
    }
}
