/// Q4_0: 32 elements in 18 bytes, 4 bits per quant with one scale.
///
///     offset 0  d       IEEE half, the block scale
///     offset 2  qs[16]  element j < 16 is the low nibble of qs[j], element j + 16 the high nibble
///
/// x = d · (q − 8).
enum Q4_0Format: BlockFormat {
    static let elementsPerBlock = 32
    static let bytesPerBlock = 18
    static let deltaOffset = 0
    static let quantsOffset = 2

    /// Elements 0..<16 and 16..<32 of the block as 32-bit lanes in −8…7.
    @inline(__always)
    static func unpack(_ block: UnsafeRawPointer) -> (SIMD16<Int32>, SIMD16<Int32>) {
        let q = Lanes.bytes(block, quantsOffset)
        return ((q & 0xF) &- 8, (q &>> 4) &- 8)
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
        for j in 0..<16 {
            let q = Dequantize.byte(block, quantsOffset + j)
            y[j] = d * Float((q & 0xF) - 8)
            y[j + 16] = d * Float((q >> 4) - 8)
        }
    }
}
