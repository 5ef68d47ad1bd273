/// Q5_0: 32 elements in 22 bytes, 5 bits per quant with one scale.
///
///     offset 0  d       IEEE half, the block scale
///     offset 2  qh      32-bit little-endian: bit j is the fifth bit of element j
///     offset 6  qs[16]  element j < 16 is the low nibble of qs[j], element j + 16 the high nibble
///
/// x = d · (q − 16).
enum Q5_0Format: BlockFormat {
    static let elementsPerBlock = 32
    static let bytesPerBlock = 22
    static let deltaOffset = 0
    static let highBitsOffset = 2
    static let quantsOffset = 6

    /// Elements 0..<16 and 16..<32 of the block as 32-bit lanes in −16…15.
    @inline(__always)
    static func unpack(_ block: UnsafeRawPointer) -> (SIMD16<Int32>, SIMD16<Int32>) {
        let qh = Int32(bitPattern: block.loadUnaligned(fromByteOffset: highBitsOffset, as: UInt32.self))
        let q = Lanes.bytes(block, quantsOffset)
        return (((q & 0xF) | Lanes.fifthBits(qh)) &- 16, ((q &>> 4) | Lanes.fifthBits(qh &>> 16)) &- 16)
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
        let qh = Int(block.loadUnaligned(fromByteOffset: highBitsOffset, as: UInt32.self))
        for j in 0..<16 {
            let q = Dequantize.byte(block, quantsOffset + j)
            y[j] = d * Float(((q & 0xF) | ((qh >> j) & 1) << 4) - 16)
            y[j + 16] = d * Float(((q >> 4) | ((qh >> (j + 16)) & 1) << 4) - 16)
        }
    }
}
