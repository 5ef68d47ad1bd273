import Foundation
import Testing
@testable import Engine

/// Metadata of every value type, nested arrays included.
private let everyValue: [(String, GGUFValue)] = [
    ("t.u8", .uint8(200)), ("t.i8", .int8(-100)), ("t.u16", .uint16(60000)), ("t.i16", .int16(-30000)),
    ("t.u32", .uint32(4_000_000_000)), ("t.i32", .int32(-2_000_000_000)),
    ("t.u64", .uint64(UInt64.max)), ("t.i64", .int64(Int64.min)),
    ("t.f32", .float32(1.5e-6)), ("t.f64", .float64(-2.25e300)), ("t.bool", .bool(true)),
    ("t.string", .string("héllo ✓")), ("t.empty", .string("")),
    ("t.strings", .array([.string("a"), .string(""), .string("Ġthe")])),
    ("t.ints", .array([.int32(1), .int32(-2), .int32(3)])),
    ("t.floats", .array([.float32(0.5), .float32(-1)])),
    ("t.nested", .array([.array([.uint8(1), .uint8(2)]), .array([]), .array([.uint8(3)])])),
    ("t.emptyArray", .array([])),
]

@Test(arguments: [2, 3])
func metadataOfEveryTypeRoundTrips(version: Int) throws {
    var writer = try GGUFWriter(version: version)
    for (key, value) in everyValue { try writer.set(key, value) }
    let file = try GGUFFile(bytes: writer.bytes())
    #expect(file.version == version)
    #expect(file.metadataKeys == everyValue.map(\.0))
    for (key, value) in everyValue { #expect(file.metadata[key] == value, "\(key)") }
    #expect(file.tensorNames.isEmpty)
}

@Test func typedGettersConvertAndReportMismatches() throws {
    var writer = try GGUFWriter()
    for (key, value) in everyValue { try writer.set(key, value) }
    let file = try GGUFFile(bytes: writer.bytes())
    #expect(try file.int("t.u32") == 4_000_000_000)
    #expect(try file.int("t.i8") == -100)
    #expect(try file.float("t.f32") == 1.5e-6)
    #expect(try file.string("t.string") == "héllo ✓")
    #expect(try file.bool("t.bool"))
    #expect(try file.stringArray("t.strings") == ["a", "", "Ġthe"])
    #expect(try file.intArray("t.ints") == [1, -2, 3])
    #expect(try file.floatArray("t.floats") == [0.5, -1])
    #expect(throws: GGUFError.missingKey("nope")) { try file.int("nope") }
    #expect(throws: GGUFError.typeMismatch(key: "t.string", found: "STRING", expected: "an integer")) {
        try file.int("t.string")
    }
    #expect(throws: GGUFError.valueOutOfRange(key: "t.u64", found: "uint64(18446744073709551615)")) {
        try file.int("t.u64")
    }
    #expect(throws: GGUFError.typeMismatch(key: "t.ints", found: "an array of INT32", expected: "an array of STRING")) {
        try file.stringArray("t.ints")
    }
}

@Test(arguments: [32, 64, 4096])
func tensorsRoundTripAtAlignment(alignment: Int) throws {
    var writer = try GGUFWriter(alignment: alignment)
    try writer.set("general.architecture", .string("llama"))
    let matrix: [Float] = (0..<12).map { Float($0) - 5.5 }
    try writer.addTensor("m.f32", shape: [4, 3], values: matrix, type: .f32)
    try writer.addTensor("m.f16", shape: [4, 3], values: matrix, type: .f16)
    try writer.addTensor("m.bf16", shape: [4, 3], values: matrix, type: .bf16)
    try writer.addTensor("v", shape: [5], values: [1, 2, 3, 4, 5])
    let file = try GGUFFile(bytes: writer.bytes())
    #expect(file.alignment == alignment)
    #expect(file.dataOffset % alignment == 0)
    #expect(file.tensorNames == ["m.f32", "m.f16", "m.bf16", "v"])
    let f32 = try #require(file.tensor("m.f32"))
    #expect(f32.shape == [4, 3] && f32.rowLength == 4 && f32.rowCount == 3 && f32.byteCount == 48)
    #expect((0..<12).map { f32.data.loadUnaligned(fromByteOffset: $0 * 4, as: Float.self) } == matrix)
    for name in ["m.f16", "m.bf16"] {
        let t = try #require(file.tensor(name))
        #expect(t.byteCount == 24)
        #expect(Int(bitPattern: t.data) % alignment == 0 || alignment > 64, "data is aligned")
        #expect((t.fileOffset - file.dataOffset) % alignment == 0)
    }
    let f16 = try #require(file.tensor("m.f16"))
    let halves = (0..<12).map { HalfPrecision.float(fromHalf: f16.data.loadUnaligned(fromByteOffset: $0 * 2, as: UInt16.self)) }
    #expect(halves == matrix)  // these values are exact in half precision
    #expect(file.tensor("missing") == nil)
}

@Test func writerRejectsInconsistentInput() throws {
    var writer = try GGUFWriter()
    #expect(throws: GGUFError.self) { try writer.set("mixed", .array([.uint8(1), .int8(1)])) }
    #expect(throws: GGUFError.self) { try writer.addTensor("bad", shape: [3, 2], values: [1, 2, 3]) }
    #expect(throws: GGUFError.self) { try writer.addTensor("raw", shape: [32], type: .q8_0, bytes: [0, 1]) }
    #expect(throws: GGUFError.self) { try writer.addTensor("rows", shape: [16, 2], type: .q8_0, bytes: Array(repeating: 0, count: 34)) }
    #expect(throws: GGUFError.self) { try GGUFWriter(alignment: 24) }
    try writer.addTensor("x", shape: [2], values: [1, 2])
    #expect(throws: GGUFError.self) { try writer.addTensor("x", shape: [2], values: [1, 2]) }
}

@Test func writtenFileOpensFromDisk() throws {
    var writer = try GGUFWriter()
    try writer.set("general.name", .string("tiny"))
    try writer.addTensor("w", shape: [2, 2], values: [1, 2, 3, 4])
    let path = "/tmp/gguf-writer-\(UInt64.random(in: 0...UInt64.max)).gguf"
    try writer.write(to: path)
    defer { unlink(path) }
    let file = try GGUFFile(path: path)
    #expect(try file.string("general.name") == "tiny")
    #expect(file.tensor("w")?.data.loadUnaligned(fromByteOffset: 12, as: Float.self) == 4)
    #expect(throws: GGUFError.self) { try GGUFFile(path: "/nonexistent/model.gguf") }
}
