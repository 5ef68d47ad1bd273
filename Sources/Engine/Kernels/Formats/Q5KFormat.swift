/// Q5_K: 256 elements in 176 bytes, Q4_K with a fifth bit per quant.
///
///     offset  0  d           IEEE half, the super-block scale of the scales
///     offset  2  dmin        IEEE half, the super-block scale of the minimums
///     offset  4  scales[12]  as Q4_K (`Q4KFormat.scaleMin`)
///     offset 16  qh[32]      bits 2c and 2c + 1 of qh[l] are the fifth bits of elements l
///                            and 32 + l of chunk c
///     offset 48  qs[128]     the low 4 bits, laid out as Q4_K's
///
/// x = d · scale · q − dmin · min. Decoded by the scalar reference only (no cached model uses it).
enum Q5KFormat: BlockFormat {
    static let elementsPerBlock = 256
    static let bytesPerBlock = 176
    static let deltaOffset = 0
    static let minimumDeltaOffset = 2
    static let scalesOffset = 4
    static let highBitsOffset = 16
    static let quantsOffset = 48

    /// Scalar reference: one block into `elementsPerBlock` Floats at `y`.
    static func dequantize(_ block: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>) {
        let d = Dequantize.half(block, deltaOffset), dmin = Dequantize.half(block, minimumDeltaOffset)
        for c in 0..<4 {
            let (sc1, m1) = Q4KFormat.scaleMin(2 * c, block + scalesOffset)
            let (sc2, m2) = Q4KFormat.scaleMin(2 * c + 1, block + scalesOffset)
            let d1 = d * Float(sc1), min1 = dmin * Float(m1)
            let d2 = d * Float(sc2), min2 = dmin * Float(m2)
            for l in 0..<32 {
                let q = Dequantize.byte(block, quantsOffset + 32 * c + l)
                let h = Dequantize.byte(block, highBitsOffset + l)
                y[64 * c + l] = d1 * Float((q & 0xF) | ((h >> (2 * c)) & 1) << 4) - min1
                y[64 * c + 32 + l] = d2 * Float((q >> 4) | ((h >> (2 * c + 1)) & 1) << 4) - min2
            }
        }
    }
}
