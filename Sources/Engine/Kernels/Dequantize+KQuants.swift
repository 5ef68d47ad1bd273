// Layouts of the 256-element "K" super-blocks (d, dmin are IEEE halves unless noted):
//
//   Q2_K (84)   scales[16], qs[64], d, dmin
//               16 sub-blocks of 16; scales byte = scale (low 4 bits) | min (high 4 bits);
//               x = d·scale·q − dmin·min, q 2 bits.
//   Q3_K (110)  hmask[32], qs[64], scales[12], d
//               16 sub-blocks of 16 with 6-bit scales stored +32; q = 2 low bits from qs,
//               minus 4 unless the hmask bit is set; x = d·(scale − 32)·q.
//   Q4_K (144)  d, dmin, scales[12], qs[128]
//               8 sub-blocks of 32 with 6-bit scale and min; x = d·scale·q − dmin·min, q 4 bits.
//   Q5_K (176)  d, dmin, scales[12], qh[32], qs[128]   as Q4_K with a fifth bit from qh.
//   Q6_K (210)  in Formats/Q6KFormat.swift, with its decoder, dot product and reference.
//   Q8_K (292)  d (Float32), qs[256] (int8), bsums[16] (int16)  x = d·q.
//
// Q2_K and Q3_K walk two halves of 128 elements; in half n, element 32·j + l
// (j = 0..3, l = 0..31) takes bits 2j, 2j+1 of qs[32n + l] and uses scale 8n + 2j + l/16;
// Q3_K's high bit is bit 4n + j of hmask[l].
// Q4_K and Q5_K walk four chunks of 64: in chunk c, element l < 32 is the low nibble of
// qs[32c + l] with scale 2c, element 32 + l the high nibble with scale 2c + 1; Q5_K's
// fifth bits are bits 2c and 2c + 1 of qh[l].

extension Dequantize {
    /// The six-bit scale and min of sub-block `j` (0..<8) from Q4_K / Q5_K's 12 scale bytes.
    @inline(__always)
    static func scaleMinK4(_ j: Int, _ scales: UnsafeRawPointer) -> (scale: Int, min: Int) {
        let q = { (i: Int) in Int(scales.load(fromByteOffset: i, as: UInt8.self)) }
        if j < 4 { return (q(j) & 63, q(j + 4) & 63) }
        return ((q(j + 4) & 0xF) | ((q(j - 4) >> 6) << 4), (q(j + 4) >> 4) | ((q(j) >> 6) << 4))
    }

    /// The sixteen 6-bit scales of a Q3_K block, minus 32.
    @inline(__always)
    static func scalesQ3K(_ scales: UnsafeRawPointer) -> [Int] {
        let q = { (i: Int) in Int(scales.load(fromByteOffset: i, as: UInt8.self)) }
        return (0..<16).map { s in
            let low = s < 8 ? q(s) & 0xF : q(s - 8) >> 4
            let high = (q(8 + s % 4) >> (2 * (s / 4))) & 3
            return (low | high << 4) - 32
        }
    }

    static func q2_K(_ block: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>) {
        let d = half(block, 80), dmin = half(block, 82)
        for n in 0..<2 {
            for j in 0..<4 {
                for l in 0..<32 {
                    let sc = byte(block, 8 * n + 2 * j + l / 16)
                    let q = (byte(block, 16 + 32 * n + l) >> (2 * j)) & 3
                    y[128 * n + 32 * j + l] = d * Float(sc & 0xF) * Float(q) - dmin * Float(sc >> 4)
                }
            }
        }
    }

    static func q3_K(_ block: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>) {
        let d = half(block, 108)
        let scales = scalesQ3K(block + 96)
        for n in 0..<2 {
            for j in 0..<4 {
                for l in 0..<32 {
                    let low = (byte(block, 32 + 32 * n + l) >> (2 * j)) & 3
                    let highSet = (byte(block, l) >> (4 * n + j)) & 1 == 1
                    let q = low - (highSet ? 0 : 4)
                    y[128 * n + 32 * j + l] = d * Float(scales[8 * n + 2 * j + l / 16]) * Float(q)
                }
            }
        }
    }

    static func q4_K(_ block: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>) {
        let d = half(block, 0), dmin = half(block, 2)
        for c in 0..<4 {
            let (sc1, m1) = scaleMinK4(2 * c, block + 4)
            let (sc2, m2) = scaleMinK4(2 * c + 1, block + 4)
            let d1 = d * Float(sc1), min1 = dmin * Float(m1)
            let d2 = d * Float(sc2), min2 = dmin * Float(m2)
            for l in 0..<32 {
                let q = byte(block, 16 + 32 * c + l)
                y[64 * c + l] = d1 * Float(q & 0xF) - min1
                y[64 * c + 32 + l] = d2 * Float(q >> 4) - min2
            }
        }
    }

    static func q5_K(_ block: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>) {
        let d = half(block, 0), dmin = half(block, 2)
        for c in 0..<4 {
            let (sc1, m1) = scaleMinK4(2 * c, block + 4)
            let (sc2, m2) = scaleMinK4(2 * c + 1, block + 4)
            let d1 = d * Float(sc1), min1 = dmin * Float(m1)
            let d2 = d * Float(sc2), min2 = dmin * Float(m2)
            for l in 0..<32 {
                let q = byte(block, 48 + 32 * c + l)
                let h = byte(block, 16 + l)
                y[64 * c + l] = d1 * Float((q & 0xF) | ((h >> (2 * c)) & 1) << 4) - min1
                y[64 * c + 32 + l] = d2 * Float((q >> 4) | ((h >> (2 * c + 1)) & 1) << 4) - min2
            }
        }
    }

    static func q8_K(_ block: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>) {
        let d = block.loadUnaligned(fromByteOffset: 0, as: Float.self)
        for j in 0..<256 { y[j] = d * Float(block.load(fromByteOffset: 4 + j, as: Int8.self)) }
    }
}
