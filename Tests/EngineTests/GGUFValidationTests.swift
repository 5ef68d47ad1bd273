import Testing
@testable import Engine

/// A file with no metadata and one tensor named "w", its info starting at byte 24.
private func oneTensorFile(dims: [UInt64], type: UInt32 = 0, offset: UInt64 = 0, dataBytes: Int = 64) -> [UInt8] {
    var b = GGUFBytes.header(tensors: 1, keys: 0)
    b.string("w")
    b.u32(UInt32(dims.count))
    for dim in dims { b.u64(dim) }
    b.u32(type)
    b.u64(offset)
    while b.count % 32 != 0 { b.u8(0) }
    b.bytes.append(contentsOf: repeatElement(0, count: dataBytes))
    return b.bytes
}

/// A file with one metadata key "k" whose value (type id and payload) starts at byte 24 + 8 + 1.
private func oneKeyFile(_ value: (inout GGUFBytes) -> Void) -> [UInt8] {
    var b = GGUFBytes.header(tensors: 0, keys: 1)
    b.string("k")
    value(&b)
    return b.bytes
}

@Test func emptyAndForeignFilesAreRejectedAtTheHeader() {
    #expect(throws: GGUFError.truncated(what: "header (magic)", offset: 0, needed: 4, available: 0)) {
        try GGUFFile(bytes: [])
    }
    #expect(throws: GGUFError.badMagic(found: 0x4C4D_4747)) { try GGUFFile(bytes: Array("GGMLxxxx".utf8)) }
    for version: UInt32 in [0, 1, 4, .max] {
        #expect(throws: GGUFError.unsupportedVersion(found: Int(version), supported: 2...3)) {
            try GGUFFile(bytes: GGUFBytes.header(version: version, tensors: 0, keys: 0).bytes)
        }
    }
    #expect(throws: GGUFError.truncated(what: "tensor count", offset: 8, needed: 8, available: 3)) {
        try GGUFFile(bytes: Array(GGUFBytes.header(tensors: 0, keys: 0).bytes.prefix(11)))
    }
}

@Test func hostileCountsAreRejectedBeforeAllocating() {
    #expect(throws: GGUFError.countTooLarge(what: "tensor count", offset: 8, found: .max, limit: 0)) {
        try GGUFFile(bytes: GGUFBytes.header(tensors: .max, keys: 0).bytes)
    }
    #expect(throws: GGUFError.countTooLarge(what: "metadata key count", offset: 16, found: 1 << 40, limit: 0)) {
        try GGUFFile(bytes: GGUFBytes.header(tensors: 0, keys: 1 << 40).bytes)
    }
    let hugeArray = oneKeyFile { b in b.u32(9); b.u32(4); b.u64(1 << 61); b.u32(7) }
    #expect(throws: GGUFError.countTooLarge(what: "element count of array 'k'", offset: 41, found: 1 << 61, limit: 1)) {
        try GGUFFile(bytes: hugeArray)
    }
    var longKey = GGUFBytes.header(tensors: 0, keys: 1)
    longKey.u64(1 << 62)
    longKey.bytes.append(contentsOf: Array("abcdefghijklm".utf8))
    #expect(throws: GGUFError.truncated(what: "metadata key (string of 4611686018427387904 bytes)",
                                        offset: 24, needed: 8 + (1 << 62), available: 21)) {
        try GGUFFile(bytes: longKey.bytes)
    }
}

@Test func badMetadataIsReportedWithItsLocation() {
    #expect(throws: GGUFError.unknownValueType(key: "k", offset: 33, found: 13)) {
        try GGUFFile(bytes: oneKeyFile { b in b.u32(13); b.u32(0) })
    }
    #expect(throws: GGUFError.unknownValueType(key: "k", offset: 37, found: 99)) {
        try GGUFFile(bytes: oneKeyFile { b in b.u32(9); b.u32(99); b.u64(1) })
    }
    // An array value (type at 33) whose element headers (type, count) start at 37 + 12·i.
    let deep = oneKeyFile { b in
        b.u32(9)
        for _ in 0..<9 { b.u32(9); b.u64(1) }
        b.u32(0); b.u64(0)
    }
    #expect(throws: GGUFError.nestingTooDeep(key: "k", offset: 133, limit: 8)) { try GGUFFile(bytes: deep) }
    var duplicate = GGUFBytes.header(tensors: 0, keys: 2)
    duplicate.string("k"); duplicate.u32(0); duplicate.u8(1)
    duplicate.string("k"); duplicate.u32(0); duplicate.u8(2)
    #expect(throws: GGUFError.duplicateKey("k", offset: 38)) { try GGUFFile(bytes: duplicate.bytes) }
    var badAlignment = GGUFBytes.header(tensors: 0, keys: 1)
    badAlignment.string("general.alignment"); badAlignment.u32(4); badAlignment.u32(24)
    #expect(throws: GGUFError.invalidAlignment(found: "uint32(24)")) { try GGUFFile(bytes: badAlignment.bytes) }
    #expect(throws: GGUFError.truncated(what: "k", offset: 37, needed: 4, available: 2)) {
        try GGUFFile(bytes: oneKeyFile { b in b.u32(4); b.u8(1); b.u8(2) })
    }
}

@Test func badTensorInfosAreReportedWithTheirLocation() {
    #expect(throws: GGUFError.tooManyDimensions(tensor: "w", offset: 24, found: 5, limit: 4)) {
        try GGUFFile(bytes: oneTensorFile(dims: [1, 1, 1, 1, 1]))
    }
    #expect(throws: GGUFError.invalidDimension(tensor: "w", offset: 24, index: 1, found: 1 << 63)) {
        try GGUFFile(bytes: oneTensorFile(dims: [4, 1 << 63]))
    }
    #expect(throws: GGUFError.sizeOverflow(tensor: "w", offset: 24)) {
        try GGUFFile(bytes: oneTensorFile(dims: [1 << 40, 1 << 40]))
    }
    #expect(throws: GGUFError.unknownTensorType(tensor: "w", offset: 24, found: 99)) {
        try GGUFFile(bytes: oneTensorFile(dims: [4], type: 99))
    }
    #expect(throws: GGUFError.rowNotMultipleOfBlock(tensor: "w", rowLength: 16, blockSize: 32)) {
        try GGUFFile(bytes: oneTensorFile(dims: [16, 2], type: GGMLType.q8_0.rawValue))
    }
    #expect(throws: GGUFError.misalignedTensor(tensor: "w", offset: 4, alignment: 32)) {
        try GGUFFile(bytes: oneTensorFile(dims: [4], offset: 4))
    }
    // Info ends at byte 24 + 9 + 4 + 8 + 4 + 8 = 57, so data starts at 64; 64 data bytes follow.
    #expect(throws: GGUFError.tensorOutOfBounds(tensor: "w", start: 64, end: 132, fileSize: 128)) {
        try GGUFFile(bytes: oneTensorFile(dims: [17]))
    }
    #expect(throws: GGUFError.tensorOutOfBounds(tensor: "w", start: 64 + (1 << 63), end: 64 + (1 << 63) + 4, fileSize: 128)) {
        try GGUFFile(bytes: oneTensorFile(dims: [1], offset: 1 << 63))
    }
    #expect(throws: Never.self) { try GGUFFile(bytes: oneTensorFile(dims: [16])) }
    var twice = GGUFBytes.header(tensors: 2, keys: 0)
    for _ in 0..<2 { twice.string("w"); twice.u32(1); twice.u64(1); twice.u32(0); twice.u64(0) }
    twice.bytes.append(contentsOf: repeatElement(0, count: 64))
    #expect(throws: GGUFError.duplicateTensor("w", offset: 57)) { try GGUFFile(bytes: twice.bytes) }
}

@Test func everyTruncationOfAValidFileFails() throws {
    var writer = try GGUFWriter()
    try writer.set("general.architecture", .string("llama"))
    try writer.set("tokens", .array([.string("a"), .string("bc")]))
    try writer.addTensor("a", shape: [8, 2], values: (0..<16).map(Float.init))
    try writer.addTensor("b", shape: [3], values: [1, 2, 3], type: .f16)
    let bytes = writer.bytes()
    let file = try GGUFFile(bytes: bytes)
    let dataEnd = try #require(file.tensors.map { $0.fileOffset + $0.byteCount }.max())
    for length in 0..<dataEnd {
        #expect(throws: GGUFError.self, "prefix of \(length) bytes") { try GGUFFile(bytes: Array(bytes.prefix(length))) }
    }
    #expect(try GGUFFile(bytes: Array(bytes.prefix(dataEnd))).tensorNames == ["a", "b"])
}

@Test func errorsDescribeWhatAndWhere() {
    let error = GGUFError.countTooLarge(what: "tensor count", offset: 8, found: 99, limit: 3)
    #expect(error.description == "GGUF tensor count at byte 8 is 99, at most 3 possible")
    #expect(GGUFError.unsupportedVersion(found: 4, supported: 2...3).description.contains("version 4"))
}
