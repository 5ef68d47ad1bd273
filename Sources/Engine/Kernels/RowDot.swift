/// SIMD dot products of one stored row with a Float vector, without materializing the
/// row: each block is decoded in registers and multiplied into 16-lane accumulators.
///
/// `x` has the row's length; `blockSums` holds Σx over each 32-element block of `x`
/// (used by formats with an additive min: Q4_1, Q5_1, Q4_K, Q5_K).
enum RowDot {
    typealias Kernel = (_ row: UnsafeRawPointer, _ x: UnsafePointer<Float>, _ blockSums: UnsafePointer<Float>, _ count: Int) -> Float

    /// The SIMD kernel for `type`, or nil when rows of that type are decoded first.
    static func kernel(for type: GGMLType) -> Kernel? {
        switch type {
        case .f32: return f32
        case .f16: return f16
        case .q4_0: return q4_0
        case .q4_1: return q4_1
        case .q5_0: return q5_0
        case .q8_0: return q8_0
        case .q4_K: return q4_K
        case .q6_K: return Q6KFormat.dot
        default: return nil
        }
    }

    @inline(__always)
    static func load16(_ x: UnsafePointer<Float>) -> SIMD16<Float> {
        UnsafeRawPointer(x).loadUnaligned(as: SIMD16<Float>.self)
    }

    // Lane conversions are written as plain loops on purpose: the standard library's
    // generic SIMD conversions are not inlined into these kernels (each becomes a call),
    // while LLVM turns these loops into one or two vector instructions in place. Bit
    // fiddling then happens on 32-bit lanes with the built-in vector operators.

    @inline(__always)
    static func widen(_ v: SIMD16<UInt8>) -> SIMD16<Int32> {
        var r = SIMD16<Int32>()
        for i in 0..<16 { r[i] = Int32(v[i]) }
        return r
    }

    @inline(__always)
    static func widen(_ v: SIMD16<Int8>) -> SIMD16<Int32> {
        var r = SIMD16<Int32>()
        for i in 0..<16 { r[i] = Int32(v[i]) }
        return r
    }

    @inline(__always)
    static func floats(_ v: SIMD16<Int32>) -> SIMD16<Float> {
        var r = SIMD16<Float>()
        for i in 0..<16 { r[i] = Float(v[i]) }
        return r
    }

    static let laneIndex = SIMD16<Int32>(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)

    /// Lane i: bit i of `bits`, moved to bit 4 (the fifth bit of a 5-bit quant).
    @inline(__always)
    static func fifthBits(_ bits: Int32) -> SIMD16<Int32> {
        ((SIMD16<Int32>(repeating: bits) &>> laneIndex) & 1) &<< 4
    }

    @inline(__always)
    static func half(_ p: UnsafeRawPointer, _ offset: Int) -> Float {
        HalfPrecision.float(fromHalf: p.loadUnaligned(fromByteOffset: offset, as: UInt16.self))
    }

    static func f32(_ row: UnsafeRawPointer, _ x: UnsafePointer<Float>, _ blockSums: UnsafePointer<Float>, _ count: Int) -> Float {
        let w = row.assumingMemoryBound(to: Float.self)
        var acc = SIMD16<Float>()
        var i = 0
        while i + 16 <= count {
            acc.addProduct(load16(w + i), load16(x + i))
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
            acc.addProduct(SIMD16<Float>(h), load16(x + i))
            i += 16
        }
        var sum = acc.sum()
        while i < count {
            sum += HalfPrecision.float(fromHalf: row.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)) * x[i]
            i += 1
        }
        return sum
    }

    static func q4_0(_ row: UnsafeRawPointer, _ x: UnsafePointer<Float>, _ blockSums: UnsafePointer<Float>, _ count: Int) -> Float {
        var acc = SIMD16<Float>()
        for b in 0..<count / 32 {
            let block = row + 18 * b
            let q = widen(block.loadUnaligned(fromByteOffset: 2, as: SIMD16<UInt8>.self))
            let xb = x + 32 * b
            var part = floats((q & 0xF) &- 8) * load16(xb)
            part.addProduct(floats((q &>> 4) &- 8), load16(xb + 16))
            acc.addProduct(part, SIMD16(repeating: half(block, 0)))
        }
        return acc.sum()
    }

    static func q4_1(_ row: UnsafeRawPointer, _ x: UnsafePointer<Float>, _ blockSums: UnsafePointer<Float>, _ count: Int) -> Float {
        var acc = SIMD16<Float>()
        var minTerm: Float = 0
        for b in 0..<count / 32 {
            let block = row + 20 * b
            let q = widen(block.loadUnaligned(fromByteOffset: 4, as: SIMD16<UInt8>.self))
            let xb = x + 32 * b
            var part = floats(q & 0xF) * load16(xb)
            part.addProduct(floats(q &>> 4), load16(xb + 16))
            acc.addProduct(part, SIMD16(repeating: half(block, 0)))
            minTerm += half(block, 2) * blockSums[b]
        }
        return acc.sum() + minTerm
    }

    static func q5_0(_ row: UnsafeRawPointer, _ x: UnsafePointer<Float>, _ blockSums: UnsafePointer<Float>, _ count: Int) -> Float {
        var acc = SIMD16<Float>()
        for b in 0..<count / 32 {
            let block = row + 22 * b
            let qh = Int32(bitPattern: block.loadUnaligned(fromByteOffset: 2, as: UInt32.self))
            let q = widen(block.loadUnaligned(fromByteOffset: 6, as: SIMD16<UInt8>.self))
            let xb = x + 32 * b
            var part = floats(((q & 0xF) | fifthBits(qh)) &- 16) * load16(xb)
            part.addProduct(floats(((q &>> 4) | fifthBits(qh &>> 16)) &- 16), load16(xb + 16))
            acc.addProduct(part, SIMD16(repeating: half(block, 0)))
        }
        return acc.sum()
    }

    static func q8_0(_ row: UnsafeRawPointer, _ x: UnsafePointer<Float>, _ blockSums: UnsafePointer<Float>, _ count: Int) -> Float {
        var acc = SIMD16<Float>()
        for b in 0..<count / 32 {
            let block = row + 34 * b
            let xb = x + 32 * b
            var part = floats(widen(block.loadUnaligned(fromByteOffset: 2, as: SIMD16<Int8>.self))) * load16(xb)
            part.addProduct(floats(widen(block.loadUnaligned(fromByteOffset: 18, as: SIMD16<Int8>.self))), load16(xb + 16))
            acc.addProduct(part, SIMD16(repeating: half(block, 0)))
        }
        return acc.sum()
    }
}
