/// Lane helpers shared by the block formats' SIMD decoders and dot products.
///
/// Lane conversions are written as plain loops on purpose: the standard library's generic
/// SIMD conversions are not inlined into the kernels (each becomes a call), while LLVM turns
/// these loops into one or two vector instructions in place. Bit fiddling then happens on
/// 32-bit lanes with the built-in vector operators.
enum Lanes {
    /// 16 Floats from `x` (no alignment needed).
    @inline(__always)
    static func load16(_ x: UnsafePointer<Float>) -> SIMD16<Float> {
        UnsafeRawPointer(x).loadUnaligned(as: SIMD16<Float>.self)
    }

    /// Stores 16 Floats at element `element` of `destination`.
    @inline(__always)
    static func store(_ v: SIMD16<Float>, _ destination: UnsafeMutableRawPointer, _ element: Int) {
        destination.storeBytes(of: v, toByteOffset: 4 * element, as: SIMD16<Float>.self)
    }

    /// 16 bytes at `offset` of `block`, zero-extended to 32-bit lanes.
    @inline(__always)
    static func bytes(_ block: UnsafeRawPointer, _ offset: Int) -> SIMD16<Int32> {
        widen(block.loadUnaligned(fromByteOffset: offset, as: SIMD16<UInt8>.self))
    }

    /// 16 signed bytes at `offset` of `block`, sign-extended to 32-bit lanes.
    @inline(__always)
    static func signedBytes(_ block: UnsafeRawPointer, _ offset: Int) -> SIMD16<Int32> {
        widen(block.loadUnaligned(fromByteOffset: offset, as: SIMD16<Int8>.self))
    }

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
}
