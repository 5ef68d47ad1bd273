/// SIMD dot products of one stored row with a Float vector, without materializing the
/// row: each block is decoded in registers and multiplied into 16-lane accumulators.
///
/// `x` has the row's length; `blockSums` holds Σx over each 32-element block of `x`
/// (used by formats with an additive min: Q4_1, Q5_1, Q4_K, Q5_K). The quantized formats'
/// kernels live with their layouts (`BlockFormat`); the plain types' are here.
enum RowDot {
    typealias Kernel = (_ row: UnsafeRawPointer, _ x: UnsafePointer<Float>, _ blockSums: UnsafePointer<Float>, _ count: Int) -> Float

    /// The SIMD kernel for `type`, or nil when rows of that type are decoded first.
    static func kernel(for type: GGMLType) -> Kernel? {
        switch type {
        case .f32: return f32
        case .f16: return f16
        default: return type.format?.rowDot
        }
    }

    static func f32(_ row: UnsafeRawPointer, _ x: UnsafePointer<Float>, _ blockSums: UnsafePointer<Float>, _ count: Int) -> Float {
        let w = row.assumingMemoryBound(to: Float.self)
        var acc = SIMD16<Float>()
        var i = 0
        while i + 16 <= count {
            acc.addProduct(Lanes.load16(w + i), Lanes.load16(x + i))
            i += 16
        }
        var sum = acc.sum()
        while i < count { sum += w[i] * x[i]; i += 1 }
        return sum
    }

    static func f16(_ row: UnsafeRawPointer, _ x: UnsafePointer<Float>, _ blockSums: UnsafePointer<Float>, _ count: Int) -> Float {
        var acc = SIMD16<Float>()
        var i = 0
        while i + 16 <= count {
            let h = row.loadUnaligned(fromByteOffset: 2 * i, as: SIMD16<Float16>.self)
            acc.addProduct(SIMD16<Float>(h), Lanes.load16(x + i))
            i += 16
        }
        var sum = acc.sum()
        while i < count {
            sum += HalfPrecision.float(fromHalf: row.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)) * x[i]
            i += 1
        }
        return sum
    }
}
