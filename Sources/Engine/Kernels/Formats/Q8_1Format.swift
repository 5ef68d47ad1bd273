/// Q8_1: 32 elements in 36 bytes, one signed byte per quant with a scale and a sum.
///
///     offset 0  d       IEEE half, the block scale
///     offset 2  s       IEEE half, d · Σq (used only by ggml's dot products)
///     offset 4  qs[32]  int8, element j is qs[j]
///
/// x = d · q. Decoded by the scalar reference only (an activation format, not a weight format).
enum Q8_1Format: BlockFormat {
    static let elementsPerBlock = 32
    static let bytesPerBlock = 36
    static let deltaOffset = 0
    static let quantsOffset = 4

    /// Scalar reference: one block into `elementsPerBlock` Floats at `y`.
    static func dequantize(_ block: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>) {
        let d = Dequantize.half(block, deltaOffset)
        for j in 0..<32 { y[j] = d * Float(block.load(fromByteOffset: quantsOffset + j, as: Int8.self)) }
    }
}
