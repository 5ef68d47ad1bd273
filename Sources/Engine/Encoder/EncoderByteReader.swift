/// A bounds-checked little-endian reader over an encoder file's bytes: every read checks
/// the bytes left first and throws `EncoderFileError.truncated` naming the item.
struct EncoderByteReader {
    let base: UnsafeRawPointer
    let count: Int
    /// Offset of the next byte to read.
    private(set) var offset = 0

    init(base: UnsafeRawPointer, count: Int) {
        self.base = base
        self.count = count
    }

    /// Bytes left after `offset`.
    var remaining: Int { count - offset }

    /// Throws unless `needed` bytes are left for `what`.
    func require(_ needed: Int, _ what: @autoclosure () -> String) throws {
        guard needed >= 0, needed <= remaining else {
            throw EncoderFileError.truncated(what: what(), offset: offset, needed: needed, available: remaining)
        }
    }

    mutating func read<T: FixedWidthInteger>(_ type: T.Type, _ what: @autoclosure () -> String) throws -> T {
        try require(MemoryLayout<T>.size, what())
        let value = T(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: T.self))
        offset += MemoryLayout<T>.size
        return value
    }

    mutating func readFloat(_ what: @autoclosure () -> String) throws -> Float {
        Float(bitPattern: try read(UInt32.self, what()))
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
