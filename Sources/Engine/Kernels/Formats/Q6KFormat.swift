/// Q6_K: 256 elements in 210 bytes, 6 bits per quant with an int8 scale per 16 elements.
///
///     offset   0  ql[128]     low 4 bits of each quant, two quants per byte
///     offset 128  qh[64]      high 2 bits of each quant, four quants per byte
///     offset 192  scales[16]  int8, one per sub-block of 16 elements
///     offset 208  d           IEEE half, the super-block scale
///
/// x = d · scale · q with q = (4 low bits | 2 high bits << 4) − 32, in −32…31.
/// The block is two halves of 128 elements. In half n, for l < 32, elements l, l+32, l+64,
/// l+96 take the low nibble of ql[64n + l], the low nibble of ql[64n + l + 32], the high
/// nibble of ql[64n + l], the high nibble of ql[64n + l + 32], and bit pairs 0, 2, 4, 6 of
/// qh[32n + l]; element e of the half uses scale 8n + e/16.
///
/// `unpack` is the one place the bits are taken apart: the SIMD decoder (prefill tiles)
/// and the SIMD dot product (decode) both call it; `dequantize` is the scalar reference.
enum Q6KFormat: BlockFormat {
    static let elementsPerBlock = 256
    static let bytesPerBlock = 210
    static let lowBitsOffset = 0
    static let highBitsOffset = 128
    static let scalesOffset = 192
    static let deltaOffset = 208

    /// The quants of 16 consecutive lanes `l0..<l0 + 16` (l0 = 0 or 16) of half `n`, for
    /// the elements at +0, +32, +64 and +96 of the half, as 32-bit lanes in −32…31.
    @inline(__always)
    static func unpack(_ block: UnsafeRawPointer, half n: Int, lanes l0: Int)
        -> (SIMD16<Int32>, SIMD16<Int32>, SIMD16<Int32>, SIMD16<Int32>) {
        let a = Lanes.widen(block.loadUnaligned(fromByteOffset: lowBitsOffset + 64 * n + l0, as: SIMD16<UInt8>.self))
        let c = Lanes.widen(block.loadUnaligned(fromByteOffset: lowBitsOffset + 64 * n + 32 + l0, as: SIMD16<UInt8>.self))
        let h = Lanes.widen(block.loadUnaligned(fromByteOffset: highBitsOffset + 32 * n + l0, as: SIMD16<UInt8>.self))
        return (((a & 0xF) | ((h & 3) &<< 4)) &- 32,
                ((c & 0xF) | (((h &>> 2) & 3) &<< 4)) &- 32,
                ((a &>> 4) | (((h &>> 4) & 3) &<< 4)) &- 32,
                ((c &>> 4) | (((h &>> 6) & 3) &<< 4)) &- 32)
    }

    /// d · scale of the sub-block holding lanes `l0..<l0 + 16` of half `n`, at +32·`k`/2
    /// elements (`k` = 0, 2, 4, 6 for the four quants of `unpack`).
    @inline(__always)
    static func scale(_ block: UnsafeRawPointer, d: Float, half n: Int, lanes l0: Int, _ k: Int) -> SIMD16<Float> {
        SIMD16<Float>(repeating: d * Float(block.load(fromByteOffset: scalesOffset + 8 * n + l0 / 16 + k, as: Int8.self)))
    }

    static var decoder: BlockDecoder.Decoder? { decode }
    static var rowDot: RowDot.Kernel? { dot }

    /// SIMD decoder: `blocks` whole blocks from `source` into Floats at `y`.
    static func decode(_ source: UnsafeRawPointer, _ blocks: Int, _ y: UnsafeMutableRawPointer) {
        for b in 0..<blocks {
            let block = source + bytesPerBlock * b
            let d = Dequantize.half(block, deltaOffset)
            for n in 0..<2 {
                for l0 in [0, 16] {
                    let (q1, q2, q3, q4) = unpack(block, half: n, lanes: l0)
                    let e = elementsPerBlock * b + 128 * n + l0
                    Lanes.store(Lanes.floats(q1) * scale(block, d: d, half: n, lanes: l0, 0), y, e)
                    Lanes.store(Lanes.floats(q2) * scale(block, d: d, half: n, lanes: l0, 2), y, e + 32)
                    Lanes.store(Lanes.floats(q3) * scale(block, d: d, half: n, lanes: l0, 4), y, e + 64)
                    Lanes.store(Lanes.floats(q4) * scale(block, d: d, half: n, lanes: l0, 6), y, e + 96)
                }
            }
        }
    }

    /// SIMD dot product of a row of `count` elements with `x`.
    static func dot(_ row: UnsafeRawPointer, _ x: UnsafePointer<Float>, _ blockSums: UnsafePointer<Float>,
                    _ count: Int) -> Float {
        var acc = SIMD16<Float>()
        for b in 0..<count / elementsPerBlock {
            let block = row + bytesPerBlock * b
            let d = Dequantize.half(block, deltaOffset)
            let xb = x + elementsPerBlock * b
            for n in 0..<2 {
                for l0 in [0, 16] {
                    let (q1, q2, q3, q4) = unpack(block, half: n, lanes: l0)
                    let xs = xb + 128 * n + l0
                    acc.addProduct(Lanes.floats(q1) * Lanes.load16(xs), scale(block, d: d, half: n, lanes: l0, 0))
                    acc.addProduct(Lanes.floats(q2) * Lanes.load16(xs + 32), scale(block, d: d, half: n, lanes: l0, 2))
                    acc.addProduct(Lanes.floats(q3) * Lanes.load16(xs + 64), scale(block, d: d, half: n, lanes: l0, 4))
                    acc.addProduct(Lanes.floats(q4) * Lanes.load16(xs + 96), scale(block, d: d, half: n, lanes: l0, 6))
                }
            }
        }
        return acc.sum()
    }

    /// Scalar reference: one block into 256 Floats at `y`.
    static func dequantize(_ block: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>) {
        let d = Dequantize.half(block, deltaOffset)
        let scale = { (i: Int) in Float(block.load(fromByteOffset: scalesOffset + i, as: Int8.self)) }
        let byte = { (offset: Int) in Dequantize.byte(block, offset) }
        for n in 0..<2 {
            for l in 0..<32 {
                let a = byte(lowBitsOffset + 64 * n + l), b = byte(lowBitsOffset + 64 * n + l + 32)
                let h = byte(highBitsOffset + 32 * n + l)
                let q1 = ((a & 0xF) | (h & 3) << 4) - 32
                let q2 = ((b & 0xF) | ((h >> 2) & 3) << 4) - 32
                let q3 = ((a >> 4) | ((h >> 4) & 3) << 4) - 32
                let q4 = ((b >> 4) | ((h >> 6) & 3) << 4) - 32
                let base = 128 * n, s = 8 * n + l / 16
                y[base + l] = d * scale(s) * Float(q1)
                y[base + l + 32] = d * scale(s + 2) * Float(q2)
                y[base + l + 64] = d * scale(s + 4) * Float(q3)
                y[base + l + 96] = d * scale(s + 6) * Float(q4)
            }
        }
    }
}
