import Testing
@testable import Engine

/// Little-endian bytes of an IEEE half.
private func half(_ value: Float) -> [UInt8] {
    let bits = HalfPrecision.half(from: value)
    return [UInt8(bits & 0xFF), UInt8(bits >> 8)]
}

private func decode(_ type: GGMLType, _ bytes: [UInt8]) throws -> [Float] {
    #expect(bytes.count == type.bytesPerBlock, "hand-built \(type) block has the right size")
    return try #require(Dequantize.elements(type, from: bytes, count: type.blockSize))
}

// MARK: - 32-element formats, bytes written by hand

@Test func q4_0BlockDecodes() throws {
    let qs = (0..<16).map { UInt8($0 | (15 - $0) << 4) }
    let y = try decode(.q4_0, half(0.5) + qs)
    for j in 0..<16 {
        #expect(y[j] == 0.5 * Float(j - 8))
        #expect(y[j + 16] == 0.5 * Float(7 - j))
    }
}

@Test func q4_1BlockDecodes() throws {
    let qs = (0..<16).map { UInt8($0 | $0 << 4) }
    let y = try decode(.q4_1, half(0.25) + half(-1) + qs)
    for j in 0..<16 {
        #expect(y[j] == 0.25 * Float(j) - 1)
        #expect(y[j + 16] == 0.25 * Float(j) - 1)
    }
}

@Test func q5_0BlockDecodes() throws {
    // qh = 0xAAAA5555: fifth bit set for even j < 16 and odd j ≥ 16.
    let y = try decode(.q5_0, half(1) + [0x55, 0x55, 0xAA, 0xAA] + Array(repeating: 0xC3, count: 16))
    for j in 0..<16 {
        #expect(y[j] == (j % 2 == 0 ? 3 : -13))
        #expect(y[j + 16] == (j % 2 == 1 ? 12 : -4))
    }
}

@Test func q5_1BlockDecodes() throws {
    let y = try decode(.q5_1, half(2) + half(0.5) + [0, 0, 0xFF, 0xFF] + Array(repeating: 0x21, count: 16))
    #expect(y[0..<16].allSatisfy { $0 == 2.5 })   // q = 1
    #expect(y[16..<32].allSatisfy { $0 == 36.5 })  // q = 2 | 16
}

@Test func q8_0AndQ8_1BlocksDecode() throws {
    let qs = (0..<32).map { UInt8(bitPattern: Int8($0 * 8 - 128)) }
    #expect(try decode(.q8_0, half(0.125) + qs) == (0..<32).map { Float($0 - 16) })
    let q1 = (0..<32).map { UInt8(bitPattern: Int8($0 - 16)) }
    #expect(try decode(.q8_1, half(1) + half(99) + q1) == (0..<32).map { Float($0 - 16) })
}

@Test func plainTypesDecode() throws {
    #expect(Dequantize.elements(.f16, from: half(-2.5) + half(65504), count: 2) == [-2.5, 65504])
    #expect(Dequantize.elements(.bf16, from: [0x80, 0x3F, 0x20, 0xC1], count: 2) == [1, -10])
    #expect(Dequantize.elements(.f32, from: [0, 0, 0x80, 0x3F], count: 1) == [1])
    #expect(Dequantize.elements(.q8_0, from: [1, 2, 3], count: 32) == nil)
}

// MARK: - K formats, bytes written by hand

@Test func q2_KBlockDecodes() throws {
    var b = [UInt8](repeating: 0, count: 84)
    b[0] = 0x21; b[2] = 0x13; b[8] = 0x04   // (scale, min) = (1, 2), (3, 1), (4, 0)
    b[16] = 0b0000_1110                     // element 0: q = 2; element 32: q = 3
    b[16 + 32] = 0x01                       // element 128: q = 1
    b.replaceSubrange(80..<84, with: half(1) + half(0.5))
    let y = try decode(.q2_K, b)
    #expect(y[0] == 1 * 1 * 2 - 0.5 * 2)
    #expect(y[32] == 1 * 3 * 3 - 0.5 * 1)
    #expect(y[128] == 4)
    #expect(y[1] == -1)  // q = 0, min 2
}

@Test func q3_KBlockDecodes() throws {
    var b = [UInt8](repeating: 0, count: 110)
    b[0] = 0x10                   // hmask: element 128's high bit
    b[32] = 0b11                  // element 0: low bits 3
    b[64] = 0b10                  // element 128: low bits 2
    b[96] = 0xE1; b[104] = 0x12   // scale 0 stored 33 (→ 1), scale 8 stored 30 (→ −2)
    b.replaceSubrange(108..<110, with: half(0.5))
    let y = try decode(.q3_K, b)
    #expect(y[0] == 0.5 * 1 * -1)    // 3 − 4
    #expect(y[128] == 0.5 * -2 * 2)  // high bit set: no −4
    #expect(y[1] == 0.5 * 1 * -4)
}

@Test func q4_KBlockDecodes() throws {
    var b = [UInt8](repeating: 0, count: 144)
    b.replaceSubrange(0..<4, with: half(1) + half(0.5))
    b[4] = 3 | 0x40   // scale 0 = 3; top bits of scale 4 = 1
    b[5] = 5          // scale 1 = 5
    b[8] = 2          // min 0 = 2
    b[9] = 4          // min 1 = 4
    b[12] = 0x97      // scale 4 low bits 7, min 4 = 9
    b[16] = 0x21      // element 0: q = 1, element 32: q = 2
    b[16 + 64] = 0x01 // element 128: q = 1
    let y = try decode(.q4_K, b)
    #expect(y[0] == 3 * 1 - 0.5 * 2)
    #expect(y[32] == 5 * 2 - 0.5 * 4)
    #expect(y[128] == 23 * 1 - 0.5 * 9)
}

@Test func q5_KBlockDecodes() throws {
    var b = [UInt8](repeating: 0, count: 176)
    b.replaceSubrange(0..<4, with: half(1) + half(0))
    b[4] = 2; b[5] = 1; b[6] = 3   // scales 0, 1, 2
    b[16] = 0b101                  // fifth bits: element 0 and element 64
    b[48] = 0xF5                   // element 0: low 5, element 32: 15
    let y = try decode(.q5_K, b)
    #expect(y[0] == 2 * 21)
    #expect(y[32] == 1 * 15)
    #expect(y[64] == 3 * 16)
}

@Test func q6_KBlockDecodes() throws {
    var b = [UInt8](repeating: 0, count: 210)
    b[0] = 0x5A; b[32] = 0x3C; b[128] = 0xE4   // half 0, l = 0
    b[64] = 0x07                               // half 1, l = 0
    for (index, scale) in [(0, 2), (2, -1), (4, 3), (6, 4), (8, -3)] as [(Int, Int8)] {
        b[192 + index] = UInt8(bitPattern: scale)
    }
    b.replaceSubrange(208..<210, with: half(0.5))
    let y = try decode(.q6_K, b)
    #expect(y[0] == 0.5 * 2 * -22)
    #expect(y[32] == 0.5 * -1 * -4)
    #expect(y[64] == 0.5 * 3 * 5)
    #expect(y[96] == 0.5 * 4 * 19)
    #expect(y[128] == 0.5 * -3 * -25)
    #expect(y[1] == 0.5 * 2 * -32)
    #expect(y[16] == 0)  // scale 1 is 0
}

@Test func q8_KBlockDecodes() throws {
    var b = [UInt8](repeating: 0, count: 292)
    withUnsafeBytes(of: Float(0.25).bitPattern.littleEndian) { b.replaceSubrange(0..<4, with: $0) }
    b[4] = 8; b[259] = UInt8(bitPattern: -4)
    let y = try decode(.q8_K, b)
    #expect(y[0] == 2 && y[255] == -1 && y[1] == 0)
}
