import TestSupport
import Testing
@testable import Engine

private func f16(_ v: Float) -> Float { Float(Float16(v)) }

/// Random integer parts packed by `KQuantBlock` decode to exactly the formula of the
/// format, for every element (checks every sub-block's scale packing and element order).
struct KQuantBlockTests {
    var rng = SplitMix64(seed: 7)

    mutating func ints(_ count: Int, _ range: ClosedRange<Int>) -> [Int] {
        (0..<count).map { _ in Int.random(in: range, using: &rng) }
    }

    @Test mutating func q2_K() throws {
        let (sc, m, q) = (ints(16, 0...15), ints(16, 0...15), ints(256, 0...3))
        let bytes = try #require(KQuantBlock.q2_K(d: 0.5, dmin: 0.25, scales: sc, mins: m, quants: q))
        let y = try #require(Dequantize.elements(.q2_K, from: bytes, count: 256))
        for e in 0..<256 { #expect(y[e] == 0.5 * Float(sc[e / 16]) * Float(q[e]) - 0.25 * Float(m[e / 16]), "element \(e)") }
    }

    @Test mutating func q3_K() throws {
        let (sc, q) = (ints(16, -32...31), ints(256, -4...3))
        let bytes = try #require(KQuantBlock.q3_K(d: 0.5, scales: sc, quants: q))
        let y = try #require(Dequantize.elements(.q3_K, from: bytes, count: 256))
        for e in 0..<256 { #expect(y[e] == 0.5 * Float(sc[e / 16]) * Float(q[e]), "element \(e)") }
    }

    @Test mutating func q4_K() throws {
        let (sc, m, q) = (ints(8, 0...63), ints(8, 0...63), ints(256, 0...15))
        let bytes = try #require(KQuantBlock.q4_K(d: 0.5, dmin: 0.125, scales: sc, mins: m, quants: q))
        let y = try #require(Dequantize.elements(.q4_K, from: bytes, count: 256))
        for e in 0..<256 { #expect(y[e] == 0.5 * Float(sc[e / 32]) * Float(q[e]) - 0.125 * Float(m[e / 32]), "element \(e)") }
    }

    @Test mutating func q5_K() throws {
        let (sc, m, q) = (ints(8, 0...63), ints(8, 0...63), ints(256, 0...31))
        let bytes = try #require(KQuantBlock.q5_K(d: 0.5, dmin: 0.125, scales: sc, mins: m, quants: q))
        let y = try #require(Dequantize.elements(.q5_K, from: bytes, count: 256))
        for e in 0..<256 { #expect(y[e] == 0.5 * Float(sc[e / 32]) * Float(q[e]) - 0.125 * Float(m[e / 32]), "element \(e)") }
    }

    @Test mutating func q6_K() throws {
        let (sc, q) = (ints(16, -128...127), ints(256, -32...31))
        let bytes = try #require(KQuantBlock.q6_K(d: 0.5, scales: sc, quants: q))
        let y = try #require(Dequantize.elements(.q6_K, from: bytes, count: 256))
        for e in 0..<256 { #expect(y[e] == 0.5 * Float(sc[e / 16]) * Float(q[e]), "element \(e)") }
    }

    @Test func wrongPartCountsGiveNil() {
        #expect(KQuantBlock.q6_K(d: 1, scales: [1], quants: []) == nil)
        #expect(KQuantBlock.q4_K(d: 1, dmin: 1, scales: [], mins: [], quants: []) == nil)
    }
}

/// f32 → type → f32 stays within a named tolerance (a fraction of the data's range [-1, 1]).
/// Q4_0 and Q5_0 map the largest magnitude to −8 (−16) steps, so the opposite extreme
/// clips by one step: up to max/8 (max/16).
@Test(arguments: [
    (GGMLType.f16, Float(0.0005)), (.bf16, 0.004), (.q8_0, 0.006), (.q8_1, 0.006), (.q8_K, 0.006),
    (.q4_0, 0.13), (.q4_1, 0.07), (.q5_0, 0.065), (.q5_1, 0.035),
    (.q2_K, 0.45), (.q3_K, 0.3), (.q4_K, 0.12), (.q5_K, 0.06), (.q6_K, 0.03),
])
func encodeDecodeRoundTrip(type: GGMLType, tolerance: Float) throws {
    var rng = SplitMix64(seed: UInt64(type.rawValue) + 1)
    let values = (0..<1024).map { _ in Float.random(in: -1...1, using: &rng) }
    let bytes = try #require(ReferenceQuantizer.encode(values, as: type))
    #expect(bytes.count == type.byteCount(elements: values.count))
    let decoded = try #require(Dequantize.elements(type, from: bytes, count: values.count))
    let maxError = zip(values, decoded).map { abs($0 - $1) }.max() ?? .infinity
    #expect(maxError <= tolerance, "\(type): max error \(maxError)")
}

@Test func q8_0EncodingMatchesGGMLRounding() throws {
    var values = [Float](repeating: 0, count: 32)
    values[0] = 1.27; values[1] = -0.5; values[2] = 0.004
    let bytes = try #require(ReferenceQuantizer.encode(values, as: .q8_0))
    #expect(HalfPrecision.float(fromHalf: UInt16(bytes[0]) | UInt16(bytes[1]) << 8) == f16(0.01))
    #expect(Int8(bitPattern: bytes[2]) == 127 && Int8(bitPattern: bytes[3]) == -50 && Int8(bitPattern: bytes[4]) == 0)
}

@Test func zeroBlocksEncodeToZeros() throws {
    for type in GGMLType.allCases {
        let values = [Float](repeating: 0, count: type.blockSize * 2)
        let bytes = try #require(ReferenceQuantizer.encode(values, as: type))
        #expect(Dequantize.elements(type, from: bytes, count: values.count) == values, "\(type)")
    }
}
