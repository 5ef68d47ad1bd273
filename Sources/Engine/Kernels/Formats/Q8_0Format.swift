/// Q8_0: 32 elements in 34 bytes, one signed byte per quant with one scale.
///
///     offset 0  d       IEEE half, the block scale
///     offset 2  qs[32]  int8, element j is qs[j]
///
/// x = d · q. llama.cpp also quantizes activations to this format (`LlamaRounding`).
enum Q8_0Format: BlockFormat {
    static let elementsPerBlock = 32
    static let bytesPerBlock = 34
    static let deltaOffset = 0
    static let quantsOffset = 2

    /// Elements 0..<16 and 16..<32 of the block as 32-bit lanes in −128…127.
    @inline(__always)
    static func unpack(_ block: UnsafeRawPointer) -> (SIMD16<Int32>, SIMD16<Int32>) {
        (Lanes.signedBytes(block, quantsOffset), Lanes.signedBytes(block, quantsOffset + 16))
    }

    static var decoder: BlockDecoder.Decoder? { decode }

    /// SIMD decoder: `blocks` whole blocks from `source` into Floats at `y`.
    static func decode(_ source: UnsafeRawPointer, _ blocks: Int, _ y: UnsafeMutableRawPointer) {
        for b in 0..<blocks {
            let block = source + bytesPerBlock * b
            let d = SIMD16<Float>(repeating: Dequantize.half(block, deltaOffset))
            let (low, high) = unpack(block)
            Lanes.store(Lanes.floats(low) * d, y, 32 * b)
            Lanes.store(Lanes.floats(high) * d, y, 32 * b + 16)
        }
    }

    static var rowDot: RowDot.Kernel? { dot }

    /// SIMD dot product of a row of `count` elements with `x` (`blockSums`: Σx per 32 elements).
    static func dot(_ row: UnsafeRawPointer, _ x: UnsafePointer<Float>, _ blockSums: UnsafePointer<Float>,
                    _ count: Int) -> Float {
        var acc = SIMD16<Float>()
        for b in 0..<count / elementsPerBlock {
            let block = row + bytesPerBlock * b
            let (low, high) = unpack(block)
            let xb = x + 32 * b
            var part = Lanes.floats(low) * Lanes.load16(xb)
            part.addProduct(Lanes.floats(high), Lanes.load16(xb + 16))
            acc.addProduct(part, SIMD16(repeating: Dequantize.half(block, deltaOffset)))
        }
        return acc.sum()
    }

    /// Scalar reference: one block into `elementsPerBlock` Floats at `y`.
    static func dequantize(_ block: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>) {
        let d = Dequantize.half(block, deltaOffset)
        for j in 0..<32 { y[j] = d * Float(block.load(fromByteOffset: quantsOffset + j, as: Int8.self)) }
    }
}
