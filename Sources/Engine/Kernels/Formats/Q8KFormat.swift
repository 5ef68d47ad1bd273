/// Q8_K: 256 elements in 292 bytes, one signed byte per quant with an F32 scale.
///
///     offset   0  d          IEEE single, the block scale
///     offset   4  qs[256]    int8, element j is qs[j]
///     offset 260  bsums[16]  int16, the sums of each 16 quants (used only by ggml's dot products)
///
/// x = d · q. llama.cpp quantizes activations to this format for K-quant weights
/// (`LlamaRounding`); decoded by the scalar reference only.
enum Q8KFormat: BlockFormat {
    static let elementsPerBlock = 256
    static let bytesPerBlock = 292
    static let deltaOffset = 0
    static let quantsOffset = 4

    /// Scalar reference: one block into `elementsPerBlock` Floats at `y`.
    static func dequantize(_ block: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>) {
        let d = block.loadUnaligned(fromByteOffset: deltaOffset, as: Float.self)
        for j in 0..<256 { y[j] = d * Float(block.load(fromByteOffset: quantsOffset + j, as: Int8.self)) }
    }
}
