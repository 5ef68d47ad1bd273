import Testing
@testable import Engine

/// The SIMD block decoders agree with the scalar dequantizer on random blocks.
@Test(arguments: [GGMLType.q4_0, .q4_1, .q5_0, .q8_0, .q4_K, .q6_K])
func blockDecoderMatchesScalarDequantizer(type: GGMLType) throws {
    #expect(BlockDecoder.decoder(for: type) != nil)
    let count = 1024
    let values = randomVector(count, seed: UInt64(type.rawValue) + 40)
    let bytes = try #require(ReferenceQuantizer.encode(values, as: type))
    let expected = try #require(Dequantize.elements(type, from: bytes, count: count))
    var decoded = [Float](repeating: .nan, count: count)
    bytes.withUnsafeBytes { raw in
        decoded.withUnsafeMutableBufferPointer { BlockDecoder.decode(type, from: raw.baseAddress!, count: count, into: $0.baseAddress!) }
    }
    let worst = zip(decoded, expected).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? .infinity
    #expect(worst <= 1e-6, "\(type): \(worst)")
}

@Test func dequantizeRowReadsTheRightRow() throws {
    let matrix = try randomWeightMatrix(.q6_K, rows: 5, cols: 512, seed: 9)
    var row = [Float](repeating: 0, count: 512)
    row.withUnsafeMutableBufferPointer { matrix.dequantizeRow(3, into: $0.baseAddress!) }
    let expected = try #require(Dequantize.elements(.q6_K, from: Array(UnsafeRawBufferPointer(start: matrix.tensor.data + 3 * 420, count: 420)), count: 512))
    #expect(row == expected)
}
