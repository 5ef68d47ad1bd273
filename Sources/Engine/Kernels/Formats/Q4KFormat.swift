/// Q4_K: 256 elements in 144 bytes, 4 bits per quant, 8 sub-blocks of 32 with a 6-bit scale
/// and a 6-bit minimum each.
///
///     offset  0  d           IEEE half, the super-block scale of the scales
///     offset  2  dmin        IEEE half, the super-block scale of the minimums
///     offset  4  scales[12]  the 8 six-bit scales and 8 six-bit minimums (`scaleMin`)
///     offset 16  qs[128]     chunk c (of 4, 64 elements each): element l < 32 is the low
///                            nibble of qs[32c + l] (sub-block 2c), element 32 + l the high
///                            nibble (sub-block 2c + 1)
///
/// x = d · scale · q − dmin · min. The dot product takes the minimums' part from the
/// 32-element block sums of x.
enum Q4KFormat: BlockFormat {
    static let elementsPerBlock = 256
    static let bytesPerBlock = 144
    static let deltaOffset = 0
    static let minimumDeltaOffset = 2
    static let scalesOffset = 4
    static let quantsOffset = 16

    /// The six-bit scale and minimum of sub-block `j` (0..<8) from the 12 scale bytes at
    /// `scales` (shared with Q5_K).
    @inline(__always)
    static func scaleMin(_ j: Int, _ scales: UnsafeRawPointer) -> (scale: Int, min: Int) {
        let q = { (i: Int) in Int(scales.load(fromByteOffset: i, as: UInt8.self)) }
        if j < 4 { return (q(j) & 63, q(j + 4) & 63) }
        return ((q(j + 4) & 0xF) | ((q(j - 4) >> 6) << 4), (q(j + 4) >> 4) | ((q(j) >> 6) << 4))
    }

    /// The quants of chunk `c` as four runs of 16 lanes in 0…15: elements +0, +16 (sub-block
    /// 2c) and +32, +48 (sub-block 2c + 1).
    @inline(__always)
    static func unpack(_ block: UnsafeRawPointer, chunk c: Int)
        -> (SIMD16<Int32>, SIMD16<Int32>, SIMD16<Int32>, SIMD16<Int32>) {
        let low = Lanes.bytes(block, quantsOffset + 32 * c)
        let high = Lanes.bytes(block, quantsOffset + 16 + 32 * c)
        return (low & 0xF, high & 0xF, low &>> 4, high &>> 4)
    }

    static var decoder: BlockDecoder.Decoder? { decode }

    /// SIMD decoder: `blocks` whole blocks from `source` into Floats at `y`.
    static func decode(_ source: UnsafeRawPointer, _ blocks: Int, _ y: UnsafeMutableRawPointer) {
        for b in 0..<blocks {
            let block = source + bytesPerBlock * b
            let d = Dequantize.half(block, deltaOffset), dmin = Dequantize.half(block, minimumDeltaOffset)
            for c in 0..<4 {
                let (sc1, m1) = scaleMin(2 * c, block + scalesOffset)
                let (sc2, m2) = scaleMin(2 * c + 1, block + scalesOffset)
                let d1 = SIMD16<Float>(repeating: d * Float(sc1)), min1 = SIMD16<Float>(repeating: dmin * Float(m1))
                let d2 = SIMD16<Float>(repeating: d * Float(sc2)), min2 = SIMD16<Float>(repeating: dmin * Float(m2))
                let (q1, q2, q3, q4) = unpack(block, chunk: c)
                let e = 256 * b + 64 * c
                Lanes.store(Lanes.floats(q1) * d1 - min1, y, e)
                Lanes.store(Lanes.floats(q2) * d1 - min1, y, e + 16)
                Lanes.store(Lanes.floats(q3) * d2 - min2, y, e + 32)
                Lanes.store(Lanes.floats(q4) * d2 - min2, y, e + 48)
            }
        }
    }

    static var rowDot: RowDot.Kernel? { dot }

    /// SIMD dot product of a row of `count` elements with `x` (`blockSums`: Σx per 32 elements).
    static func dot(_ row: UnsafeRawPointer, _ x: UnsafePointer<Float>, _ blockSums: UnsafePointer<Float>,
                    _ count: Int) -> Float {
        var acc = SIMD16<Float>()
        var minTerm: Float = 0
        for b in 0..<count / elementsPerBlock {
            let block = row + bytesPerBlock * b
            let d = Dequantize.half(block, deltaOffset), dmin = Dequantize.half(block, minimumDeltaOffset)
            let xb = x + 256 * b
            var mins: Float = 0
            for c in 0..<4 {
                let (sc1, m1) = scaleMin(2 * c, block + scalesOffset)
                let (sc2, m2) = scaleMin(2 * c + 1, block + scalesOffset)
                let (q1, q2, q3, q4) = unpack(block, chunk: c)
                let xc = xb + 64 * c
                var first = Lanes.floats(q1) * Lanes.load16(xc)
                first.addProduct(Lanes.floats(q2), Lanes.load16(xc + 16))
                var second = Lanes.floats(q3) * Lanes.load16(xc + 32)
                second.addProduct(Lanes.floats(q4), Lanes.load16(xc + 48))
                acc.addProduct(first, SIMD16(repeating: d * Float(sc1)))
                acc.addProduct(second, SIMD16(repeating: d * Float(sc2)))
                mins += Float(m1) * blockSums[8 * b + 2 * c] + Float(m2) * blockSums[8 * b + 2 * c + 1]
            }
            minTerm += dmin * mins
        }
        return acc.sum() - minTerm
    }

    /// Scalar reference: one block into `elementsPerBlock` Floats at `y`.
    static func dequantize(_ block: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>) {
        let d = Dequantize.half(block, deltaOffset), dmin = Dequantize.half(block, minimumDeltaOffset)
        for c in 0..<4 {
            let (sc1, m1) = scaleMin(2 * c, block + scalesOffset)
            let (sc2, m2) = scaleMin(2 * c + 1, block + scalesOffset)
            let d1 = d * Float(sc1), min1 = dmin * Float(m1)
            let d2 = d * Float(sc2), min2 = dmin * Float(m2)
            for l in 0..<32 {
                let q = Dequantize.byte(block, quantsOffset + 32 * c + l)
                y[64 * c + l] = d1 * Float(q & 0xF) - min1
                y[64 * c + 32 + l] = d2 * Float(q >> 4) - min2
            }
        }
    }
}
