/// A bounds-checked little-endian reader over an encoder file's bytes: every read checks
/// the bytes left first and throws `EncoderFileError.truncated` naming the item.
struct EncoderByteReader: LittleEndianReader {
    let base: UnsafeRawPointer
    let count: Int
    var offset = 0

    init(base: UnsafeRawPointer, count: Int) {
        self.base = base
        self.count = count
    }

    func truncated(_ what: String, needed: Int) -> Error {
        EncoderFileError.truncated(what: what, offset: offset, needed: needed, available: remaining)
    }

    /// Reads an Int32 that must lie in `range`.
    mutating func readInt(_ what: String, in range: ClosedRange<Int>) throws -> Int {
        let start = offset
        let value = Int(try read(Int32.self, what))
        guard range.contains(value) else {
            throw EncoderFileError.invalidValue(what: what, offset: start, found: String(value),
                                                expected: "\(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }

    /// The next `byteCount` bytes as a pointer, then skips them.
    mutating func take(_ byteCount: Int, _ what: @autoclosure () -> String) throws -> UnsafeRawPointer {
        try require(byteCount, what())
        defer { offset += byteCount }
        return base + offset
    }

    /// `count` little-endian UInt32 values.
    mutating func readUInt32s(_ count: Int, _ what: @autoclosure () -> String) throws -> [UInt32] {
        let start = try take(4 * count, what())
        return (0..<count).map { UInt32(littleEndian: start.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self)) }
    }
}
