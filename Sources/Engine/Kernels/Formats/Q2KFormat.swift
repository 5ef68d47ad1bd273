/// Q2_K: 256 elements in 84 bytes, 2 bits per quant, 16 sub-blocks of 16 with a 4-bit scale
/// and a 4-bit minimum each.
///
///     offset  0  scales[16]  scale (low 4 bits) | minimum (high 4 bits) per sub-block
///     offset 16  qs[64]      half n (of 2, 128 elements each): element 32j + l (j < 4,
///                            l < 32) is bits 2j, 2j + 1 of qs[32n + l], sub-block 8n + 2j + l/16
///     offset 80  d           IEEE half, the super-block scale of the scales
///     offset 82  dmin        IEEE half, the super-block scale of the minimums
///
/// x = d · scale · q − dmin · min. Decoded by the scalar reference only.
enum Q2KFormat: BlockFormat {
    static let elementsPerBlock = 256
    static let bytesPerBlock = 84
    static let scalesOffset = 0
    static let quantsOffset = 16
    static let deltaOffset = 80
    static let minimumDeltaOffset = 82

    /// Scalar reference: one block into `elementsPerBlock` Floats at `y`.
    static func dequantize(_ block: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>) {
        let d = Dequantize.half(block, deltaOffset), dmin = Dequantize.half(block, minimumDeltaOffset)
        for n in 0..<2 {
            for j in 0..<4 {
                for l in 0..<32 {
                    let sc = Dequantize.byte(block, scalesOffset + 8 * n + 2 * j + l / 16)
                    let q = (Dequantize.byte(block, quantsOffset + 32 * n + l) >> (2 * j)) & 3
                    y[128 * n + 32 * j + l] = d * Float(sc & 0xF) * Float(q) - dmin * Float(sc >> 4)
                }
            }
        }
    }
}
