/// Simple f32 → K-quant encoders: each sub-block gets a min/max (or max-magnitude) fit,
/// sub-block scales are quantized against one super-block scale, and the parts are
/// packed by `KQuantBlock`.
enum KQuantEncoder {
    /// One 256-element super-block of `type` (Q2_K ... Q6_K).
    static func encode(_ x: [Float], as type: GGMLType) -> [UInt8] {
        switch type {
        case .q2_K: return withMins(x, subBlock: 16, maxQuant: 3, maxScale: 15) {
            KQuantBlock.q2_K(d: $0, dmin: $1, scales: $2, mins: $3, quants: $4)
        }
        case .q4_K: return withMins(x, subBlock: 32, maxQuant: 15, maxScale: 63) {
            KQuantBlock.q4_K(d: $0, dmin: $1, scales: $2, mins: $3, quants: $4)
        }
        case .q5_K: return withMins(x, subBlock: 32, maxQuant: 31, maxScale: 63) {
            KQuantBlock.q5_K(d: $0, dmin: $1, scales: $2, mins: $3, quants: $4)
        }
        case .q3_K: return symmetric(x, quantRange: -4...3, maxScale: 31) {
            KQuantBlock.q3_K(d: $0, scales: $1, quants: $2)
        }
        case .q6_K: return symmetric(x, quantRange: -32...31, maxScale: 127) {
            KQuantBlock.q6_K(d: $0, scales: $1, quants: $2)
        }
        default: return []
        }
    }

    private static func rounded(_ v: Float, in range: ClosedRange<Int>) -> Int {
        guard v.isFinite else { return range.lowerBound }
        return min(range.upperBound, max(range.lowerBound, Int(v.rounded())))
    }

    /// x ≈ d·scale·q − dmin·min with q in 0...maxQuant, scale and min in 0...maxScale.
    private static func withMins(_ x: [Float], subBlock: Int, maxQuant: Int, maxScale: Int,
                                 pack: (Float, Float, [Int], [Int], [Int]) -> [UInt8]?) -> [UInt8] {
        let groups = stride(from: 0, to: x.count, by: subBlock).map { Array(x[$0..<$0 + subBlock]) }
        let lows = groups.map { min(0, $0.min() ?? 0) }
        let steps = zip(groups, lows).map { (($0.max() ?? 0) - $1) / Float(maxQuant) }
        let d = Float(Float16((steps.max() ?? 0) / Float(maxScale)))
        let dmin = Float(Float16(-(lows.min() ?? 0) / Float(maxScale)))
        let scales = steps.map { d > 0 ? rounded($0 / d, in: 0...maxScale) : 0 }
        let mins = lows.map { dmin > 0 ? rounded(-$0 / dmin, in: 0...maxScale) : 0 }
        var quants: [Int] = []
        for (g, group) in groups.enumerated() {
            let step = d * Float(scales[g]), offset = dmin * Float(mins[g])
            quants += group.map { step > 0 ? rounded(($0 + offset) / step, in: 0...maxQuant) : 0 }
        }
        return pack(d, dmin, scales, mins, quants) ?? []
    }

    /// x ≈ d·scale·q with q in `quantRange` and scale in 0...maxScale (16 sub-blocks of 16).
    private static func symmetric(_ x: [Float], quantRange: ClosedRange<Int>, maxScale: Int,
                                  pack: (Float, [Int], [Int]) -> [UInt8]?) -> [UInt8] {
        let groups = stride(from: 0, to: x.count, by: 16).map { Array(x[$0..<$0 + 16]) }
        let steps = groups.map { ($0.map(abs).max() ?? 0) / Float(quantRange.upperBound) }
        let d = Float(Float16((steps.max() ?? 0) / Float(maxScale)))
        let scales = steps.map { d > 0 ? rounded($0 / d, in: 0...maxScale) : 0 }
        var quants: [Int] = []
        for (g, group) in groups.enumerated() {
            let step = d * Float(scales[g])
            quants += group.map { step > 0 ? rounded($0 / step, in: quantRange) : 0 }
        }
        return pack(d, scales, quants) ?? []
    }
}
