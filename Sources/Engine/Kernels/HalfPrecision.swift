/// Conversions between `Float` and the 16-bit formats ggml stores (IEEE half, bfloat16).
enum HalfPrecision {
    /// IEEE 754 half (bit pattern) to Float.
    @inline(__always)
    static func float(fromHalf bits: UInt16) -> Float {
        Float(Float16(bitPattern: bits))
    }

    /// Float to IEEE 754 half (bit pattern), rounding to nearest even.
    @inline(__always)
    static func half(from value: Float) -> UInt16 {
        Float16(value).bitPattern
    }

    /// bfloat16 (bit pattern) to Float: the upper 16 bits of a Float.
    @inline(__always)
    static func float(fromBFloat16 bits: UInt16) -> Float {
        Float(bitPattern: UInt32(bits) << 16)
    }

    /// Float to bfloat16 (bit pattern), rounding to nearest even; NaN stays a quiet NaN.
    @inline(__always)
    static func bfloat16(from value: Float) -> UInt16 {
        let bits = value.bitPattern
        if value.isNaN { return UInt16(truncatingIfNeeded: bits >> 16) | 0x40 }
        let rounding = UInt32(0x7FFF) + ((bits >> 16) & 1)
        return UInt16(truncatingIfNeeded: (bits &+ rounding) >> 16)
    }
}
