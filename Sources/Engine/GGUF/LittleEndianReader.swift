/// A bounds-checked little-endian reader over a file's bytes in memory, shared by the
/// GGUF and encoder file readers: every read checks the bytes left first, and a read past
/// the end throws the error the format names (`truncated(_:needed:)`).
protocol LittleEndianReader {
    /// The first byte of the file.
    var base: UnsafeRawPointer { get }
    /// The file's length in bytes.
    var count: Int { get }
    /// Offset of the next byte to read.
    var offset: Int { get set }
    /// The error for `what` needing `needed` bytes at `offset` where fewer remain.
    func truncated(_ what: String, needed: Int) -> Error
}

extension LittleEndianReader {
    /// Bytes left after `offset`.
    var remaining: Int { count - offset }

    /// Throws unless `needed` bytes are left for `what`.
    func require(_ needed: Int, _ what: @autoclosure () -> String) throws {
        guard needed >= 0, needed <= remaining else { throw truncated(what(), needed: needed) }
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
}
