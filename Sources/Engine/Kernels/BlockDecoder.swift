/// SIMD decoding of whole blocks to Floats, for the tiles that prefill multiplies with
/// `cblas_sgemm` and for embedding rows. Same lane arithmetic as `RowDot`; the scalar
/// `Dequantize` is its reference (and handles the types without a decoder here).
enum BlockDecoder {
    typealias Decoder = (_ source: UnsafeRawPointer, _ blocks: Int, _ destination: UnsafeMutableRawPointer) -> Void

    /// The SIMD decoder for `type`, or nil when `Dequantize` handles it.
    static func decoder(for type: GGMLType) -> Decoder? {
        switch type {
        case .q4_0: return q4_0
        case .q4_1: return q4_1
        case .q5_0: return q5_0
        case .q8_0: return q8_0
        case .q4_K: return q4_K
        case .q6_K: return Q6KFormat.decode
        default: return nil
        }
    }

    /// Decodes `count` elements of `type` (whole blocks) into `destination`.
    static func decode(_ type: GGMLType, from source: UnsafeRawPointer, count: Int, into destination: UnsafeMutablePointer<Float>) {
        if let decoder = decoder(for: type) {
            decoder(source, count / type.blockSize, UnsafeMutableRawPointer(destination))
        } else {
            Dequantize.elements(type, from: source, count: count, into: destination)
        }
    }

    @inline(__always)
    static func store(_ v: SIMD16<Float>, _ destination: UnsafeMutableRawPointer, _ element: Int) {
        destination.storeBytes(of: v, toByteOffset: 4 * element, as: SIMD16<Float>.self)
    }

    static func q4_0(_ source: UnsafeRawPointer, _ blocks: Int, _ y: UnsafeMutableRawPointer) {
        for b in 0..<blocks {
            let block = source + 18 * b
            let d = SIMD16<Float>(repeating: RowDot.half(block, 0))
            let q = RowDot.widen(block.loadUnaligned(fromByteOffset: 2, as: SIMD16<UInt8>.self))
            store(RowDot.floats((q & 0xF) &- 8) * d, y, 32 * b)
            store(RowDot.floats((q &>> 4) &- 8) * d, y, 32 * b + 16)
        }
    }

    static func q4_1(_ source: UnsafeRawPointer, _ blocks: Int, _ y: UnsafeMutableRawPointer) {
        for b in 0..<blocks {
            let block = source + 20 * b
            let d = SIMD16<Float>(repeating: RowDot.half(block, 0))
            let m = SIMD16<Float>(repeating: RowDot.half(block, 2))
            let q = RowDot.widen(block.loadUnaligned(fromByteOffset: 4, as: SIMD16<UInt8>.self))
            store(RowDot.floats(q & 0xF) * d + m, y, 32 * b)
            store(RowDot.floats(q &>> 4) * d + m, y, 32 * b + 16)
        }
    }

    static func q5_0(_ source: UnsafeRawPointer, _ blocks: Int, _ y: UnsafeMutableRawPointer) {
        for b in 0..<blocks {
            let block = source + 22 * b
            let d = SIMD16<Float>(repeating: RowDot.half(block, 0))
            let qh = Int32(bitPattern: block.loadUnaligned(fromByteOffset: 2, as: UInt32.self))
            let q = RowDot.widen(block.loadUnaligned(fromByteOffset: 6, as: SIMD16<UInt8>.self))
            store(RowDot.floats(((q & 0xF) | RowDot.fifthBits(qh)) &- 16) * d, y, 32 * b)
            store(RowDot.floats(((q &>> 4) | RowDot.fifthBits(qh &>> 16)) &- 16) * d, y, 32 * b + 16)
        }
    }

    static func q8_0(_ source: UnsafeRawPointer, _ blocks: Int, _ y: UnsafeMutableRawPointer) {
        for b in 0..<blocks {
            let block = source + 34 * b
            let d = SIMD16<Float>(repeating: RowDot.half(block, 0))
            store(RowDot.floats(RowDot.widen(block.loadUnaligned(fromByteOffset: 2, as: SIMD16<Int8>.self))) * d, y, 32 * b)
            store(RowDot.floats(RowDot.widen(block.loadUnaligned(fromByteOffset: 18, as: SIMD16<Int8>.self))) * d, y, 32 * b + 16)
        }
    }

    static func q4_K(_ source: UnsafeRawPointer, _ blocks: Int, _ y: UnsafeMutableRawPointer) {
        for b in 0..<blocks {
            let block = source + 144 * b
            let d = RowDot.half(block, 0), dmin = RowDot.half(block, 2)
            for c in 0..<4 {
                let (sc1, m1) = Dequantize.scaleMinK4(2 * c, block + 4)
                let (sc2, m2) = Dequantize.scaleMinK4(2 * c + 1, block + 4)
                let d1 = SIMD16<Float>(repeating: d * Float(sc1)), min1 = SIMD16<Float>(repeating: dmin * Float(m1))
                let d2 = SIMD16<Float>(repeating: d * Float(sc2)), min2 = SIMD16<Float>(repeating: dmin * Float(m2))
                let low = RowDot.widen(block.loadUnaligned(fromByteOffset: 16 + 32 * c, as: SIMD16<UInt8>.self))
                let high = RowDot.widen(block.loadUnaligned(fromByteOffset: 32 + 32 * c, as: SIMD16<UInt8>.self))
                let e = 256 * b + 64 * c
                store(RowDot.floats(low & 0xF) * d1 - min1, y, e)
                store(RowDot.floats(high & 0xF) * d1 - min1, y, e + 16)
                store(RowDot.floats(low &>> 4) * d2 - min2, y, e + 32)
                store(RowDot.floats(high &>> 4) * d2 - min2, y, e + 48)
            }
        }
    }
}
