/// Q5_1: 32 elements in 24 bytes, 5 bits per quant with a scale and a minimum.
///
///     offset 0  d       IEEE half, the block scale
///     offset 2  m       IEEE half, the block minimum
///     offset 4  qh      32-bit little-endian: bit j is the fifth bit of element j
///     offset 8  qs[16]  element j < 16 is the low nibble of qs[j], element j + 16 the high nibble
///
/// x = d · q + m. Decoded by the scalar reference only (no cached model uses it).
enum Q5_1Format: BlockFormat {
    static let elementsPerBlock = 32
    static let bytesPerBlock = 24
    static let deltaOffset = 0
    static let minimumOffset = 2
    static let highBitsOffset = 4
    static let quantsOffset = 8

    /// Scalar reference: one block into `elementsPerBlock` Floats at `y`.
    static func dequantize(_ block: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>) {
        let d = Dequantize.half(block, deltaOffset), m = Dequantize.half(block, minimumOffset)
        let qh = Int(block.loadUnaligned(fromByteOffset: highBitsOffset, as: UInt32.self))
        for j in 0..<16 {
            let q = Dequantize.byte(block, quantsOffset + j)
            y[j] = d * Float((q & 0xF) | ((qh >> j) & 1) << 4) + m
            y[j + 16] = d * Float((q >> 4) | ((qh >> (j + 16)) & 1) << 4) + m
        }
    }
}
