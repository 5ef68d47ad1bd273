/// Q3_K: 256 elements in 110 bytes, 3 bits per quant, 16 sub-blocks of 16 with a 6-bit scale.
///
///     offset   0  hmask[32]   bit 4n + j of hmask[l] is the high bit of element 32j + l of half n
///     offset  32  qs[64]      the 2 low bits, laid out as Q2_K's
///     offset  96  scales[12]  the 16 six-bit scales, stored + 32 (`scales`)
///     offset 108  d           IEEE half, the super-block scale
///
/// q = (2 low bits) − 4 unless the high bit is set; x = d · (scale − 32) · q. Decoded by the
/// scalar reference only.
enum Q3KFormat: BlockFormat {
    static let elementsPerBlock = 256
    static let bytesPerBlock = 110
    static let highBitsOffset = 0
    static let quantsOffset = 32
    static let scalesOffset = 96
    static let deltaOffset = 108

    /// The sixteen 6-bit scales, minus 32.
    static func scales(_ block: UnsafeRawPointer) -> [Int] {
        let q = { (i: Int) in Dequantize.byte(block, scalesOffset + i) }
        return (0..<16).map { s in
            let low = s < 8 ? q(s) & 0xF : q(s - 8) >> 4
            let high = (q(8 + s % 4) >> (2 * (s / 4))) & 3
            return (low | high << 4) - 32
        }
    }

    /// Scalar reference: one block into `elementsPerBlock` Floats at `y`.
    static func dequantize(_ block: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>) {
        let d = Dequantize.half(block, deltaOffset)
        let scales = scales(block)
        for n in 0..<2 {
            for j in 0..<4 {
                for l in 0..<32 {
                    let low = (Dequantize.byte(block, quantsOffset + 32 * n + l) >> (2 * j)) & 3
                    let highSet = (Dequantize.byte(block, highBitsOffset + l) >> (4 * n + j)) & 1 == 1
                    let q = low - (highSet ? 0 : 4)
                    y[128 * n + 32 * j + l] = d * Float(scales[8 * n + 2 * j + l / 16]) * Float(q)
                }
            }
        }
    }
}
