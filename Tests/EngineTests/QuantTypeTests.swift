import Testing
@testable import Engine

/// Block sizes and bytes per block of every type, as ggml defines them.
@Test(arguments: [
    (GGMLType.f32, 0, 1, 4), (.f16, 1, 1, 2), (.q4_0, 2, 32, 18), (.q4_1, 3, 32, 20),
    (.q5_0, 6, 32, 22), (.q5_1, 7, 32, 24), (.q8_0, 8, 32, 34), (.q8_1, 9, 32, 36),
    (.q2_K, 10, 256, 84), (.q3_K, 11, 256, 110), (.q4_K, 12, 256, 144), (.q5_K, 13, 256, 176),
    (.q6_K, 14, 256, 210), (.q8_K, 15, 256, 292), (.bf16, 30, 1, 2),
])
func blockGeometryIsPinned(type: GGMLType, id: UInt32, blockSize: Int, bytesPerBlock: Int) {
    #expect(type.rawValue == id)
    #expect(type.blockSize == blockSize)
    #expect(type.bytesPerBlock == bytesPerBlock)
    #expect(type.byteCount(elements: blockSize * 3) == bytesPerBlock * 3)
    #expect(GGMLType(rawValue: id) == type)
}

@Test func everyTypeIsPinnedAndSizesAreChecked() {
    #expect(GGMLType.allCases.count == 15)
    #expect(GGMLType(rawValue: 4) == nil)  // Q4_2, removed from ggml
    #expect(GGMLType.q4_K.byteCount(elements: 100) == nil)
    #expect(GGMLType.q8_0.byteCount(elements: Int.max - 31) == nil)
    #expect(GGMLType.q6_K.name == "Q6_K")
}
