/// SIMD row dot products for the K super-block formats (layouts in
/// `Dequantize+KQuants.swift`).
extension RowDot {
    static func q4_K(_ row: UnsafeRawPointer, _ x: UnsafePointer<Float>, _ blockSums: UnsafePointer<Float>, _ count: Int) -> Float {
        var acc = SIMD16<Float>()
        var minTerm: Float = 0
        for b in 0..<count / 256 {
            let block = row + 144 * b
            let d = half(block, 0), dmin = half(block, 2)
            let xb = x + 256 * b
            var mins: Float = 0
            for c in 0..<4 {
                let (sc1, m1) = Dequantize.scaleMinK4(2 * c, block + 4)
                let (sc2, m2) = Dequantize.scaleMinK4(2 * c + 1, block + 4)
                let low = widen(block.loadUnaligned(fromByteOffset: 16 + 32 * c, as: SIMD16<UInt8>.self))
                let high = widen(block.loadUnaligned(fromByteOffset: 32 + 32 * c, as: SIMD16<UInt8>.self))
                let xc = xb + 64 * c
                var first = floats(low & 0xF) * load16(xc)
                first.addProduct(floats(high & 0xF), load16(xc + 16))
                var second = floats(low &>> 4) * load16(xc + 32)
                second.addProduct(floats(high &>> 4), load16(xc + 48))
                acc.addProduct(first, SIMD16(repeating: d * Float(sc1)))
                acc.addProduct(second, SIMD16(repeating: d * Float(sc2)))
                mins += Float(m1) * blockSums[8 * b + 2 * c] + Float(m2) * blockSums[8 * b + 2 * c + 1]
            }
            minTerm += dmin * mins
        }
        return acc.sum() - minTerm
    }
}
