/// Builds one 256-element K-quant super-block from its integer parts, so tests can
/// write blocks whose every scale and quant is chosen by hand (layouts in
/// `Dequantize+KQuants.swift`). Out-of-range parts are masked to their bit width;
/// wrong counts give nil.
enum KQuantBlock {
    /// Q2_K: 16 scales and 16 mins (0...15, one per 16 elements), 256 quants (0...3).
    static func q2_K(d: Float, dmin: Float, scales: [Int], mins: [Int], quants: [Int]) -> [UInt8]? {
        guard scales.count == 16, mins.count == 16, quants.count == 256 else { return nil }
        var out = (0..<16).map { UInt8((scales[$0] & 0xF) | (mins[$0] & 0xF) << 4) }
        out += twoBitQuants(quants)
        appendHalf(d, &out)
        appendHalf(dmin, &out)
        return out
    }

    /// Q3_K: 16 scales (-32...31, one per 16 elements), 256 quants (-4...3).
    static func q3_K(d: Float, scales: [Int], quants: [Int]) -> [UInt8]? {
        guard scales.count == 16, quants.count == 256 else { return nil }
        var hmask = [UInt8](repeating: 0, count: 32)
        for n in 0..<2 {
            for j in 0..<4 {
                for l in 0..<32 where (quants[128 * n + 32 * j + l] + 4) & 4 != 0 {
                    hmask[l] |= UInt8(1 << (4 * n + j))
                }
            }
        }
        var out = hmask
        out += twoBitQuants(quants.map { ($0 + 4) & 3 })
        let stored = scales.map { ($0 + 32) & 63 }
        var packed = [UInt8](repeating: 0, count: 12)
        for s in 0..<16 {
            let low = UInt8(stored[s] & 0xF)
            packed[s % 8] |= s < 8 ? low : low << 4
            packed[8 + s % 4] |= UInt8(stored[s] >> 4) << UInt8(2 * (s / 4))
        }
        out += packed
        appendHalf(d, &out)
        return out
    }

    /// Q4_K: 8 scales and 8 mins (0...63, one per 32 elements), 256 quants (0...15).
    static func q4_K(d: Float, dmin: Float, scales: [Int], mins: [Int], quants: [Int]) -> [UInt8]? {
        guard scales.count == 8, mins.count == 8, quants.count == 256 else { return nil }
        var out: [UInt8] = []
        appendHalf(d, &out)
        appendHalf(dmin, &out)
        out += packedScalesK4(scales, mins)
        for c in 0..<4 {
            for l in 0..<32 {
                out.append(UInt8((quants[64 * c + l] & 0xF) | (quants[64 * c + 32 + l] & 0xF) << 4))
            }
        }
        return out
    }

    /// Q5_K: 8 scales and 8 mins (0...63, one per 32 elements), 256 quants (0...31).
    static func q5_K(d: Float, dmin: Float, scales: [Int], mins: [Int], quants: [Int]) -> [UInt8]? {
        guard scales.count == 8, mins.count == 8, quants.count == 256 else { return nil }
        var out: [UInt8] = []
        appendHalf(d, &out)
        appendHalf(dmin, &out)
        out += packedScalesK4(scales, mins)
        var qh = [UInt8](repeating: 0, count: 32)
        for c in 0..<4 {
            for l in 0..<32 {
                if quants[64 * c + l] & 0x10 != 0 { qh[l] |= UInt8(1 << (2 * c)) }
                if quants[64 * c + 32 + l] & 0x10 != 0 { qh[l] |= UInt8(1 << (2 * c + 1)) }
            }
        }
        out += qh
        for c in 0..<4 {
            for l in 0..<32 {
                out.append(UInt8((quants[64 * c + l] & 0xF) | (quants[64 * c + 32 + l] & 0xF) << 4))
            }
        }
        return out
    }

    /// Q6_K: 16 scales (-128...127, one per 16 elements), 256 quants (-32...31).
    static func q6_K(d: Float, scales: [Int], quants: [Int]) -> [UInt8]? {
        guard scales.count == 16, quants.count == 256 else { return nil }
        let q = quants.map { ($0 + 32) & 63 }
        var ql = [UInt8](repeating: 0, count: 128), qh = [UInt8](repeating: 0, count: 64)
        for n in 0..<2 {
            for l in 0..<32 {
                let e = 128 * n + l
                ql[64 * n + l] = UInt8((q[e] & 0xF) | (q[e + 64] & 0xF) << 4)
                ql[64 * n + l + 32] = UInt8((q[e + 32] & 0xF) | (q[e + 96] & 0xF) << 4)
                qh[32 * n + l] = UInt8((q[e] >> 4) | (q[e + 32] >> 4) << 2 | (q[e + 64] >> 4) << 4 | (q[e + 96] >> 4) << 6)
            }
        }
        var out = ql + qh
        out += scales.map { UInt8(truncatingIfNeeded: $0) }
        appendHalf(d, &out)
        return out
    }

    private static func appendHalf(_ value: Float, _ out: inout [UInt8]) {
        ReferenceQuantizer.appendLittleEndian(HalfPrecision.half(from: value), to: &out)
    }

    /// 256 two-bit values as Q2_K / Q3_K store them (64 bytes).
    private static func twoBitQuants(_ quants: [Int]) -> [UInt8] {
        var qs = [UInt8](repeating: 0, count: 64)
        for n in 0..<2 {
            for j in 0..<4 {
                for l in 0..<32 {
                    qs[32 * n + l] |= UInt8(quants[128 * n + 32 * j + l] & 3) << UInt8(2 * j)
                }
            }
        }
        return qs
    }

    /// Eight 6-bit scales and mins packed into Q4_K / Q5_K's 12 bytes.
    private static func packedScalesK4(_ scales: [Int], _ mins: [Int]) -> [UInt8] {
        let sc = scales.map { $0 & 63 }, m = mins.map { $0 & 63 }
        var packed = [UInt8](repeating: 0, count: 12)
        for j in 0..<4 {
            packed[j] = UInt8(sc[j] | (sc[j + 4] >> 4) << 6)
            packed[j + 4] = UInt8(m[j] | (m[j + 4] >> 4) << 6)
            packed[j + 8] = UInt8((sc[j + 4] & 0xF) | (m[j + 4] & 0xF) << 4)
        }
        return packed
    }
}
