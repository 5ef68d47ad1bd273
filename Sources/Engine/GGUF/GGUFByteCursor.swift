/// A bounds-checked little-endian reader over a GGUF file's bytes.
///
/// Every read checks the remaining length first and throws `GGUFError.truncated` with
/// the item's name and byte offset; nothing is read past `count`.
struct GGUFByteCursor: LittleEndianReader {
    let base: UnsafeRawPointer
    let count: Int
    var offset: Int = 0

    init(base: UnsafeRawPointer, count: Int) {
        self.base = base
        self.count = count
    }

    func truncated(_ what: String, needed: Int) -> Error {
        GGUFError.truncated(what: what, offset: offset, needed: needed, available: remaining)
    }

    mutating func readDouble(_ what: @autoclosure () -> String) throws -> Double {
        Double(bitPattern: try read(UInt64.self, what()))
    }

    /// Reads a GGUF string: a UInt64 byte length, then that many bytes of UTF-8
    /// (invalid sequences are replaced, never trusted).
    mutating func readString(_ what: @autoclosure () -> String) throws -> String {
        let start = offset
        let length = try read(UInt64.self, what())
        guard length <= UInt64(remaining) else {
            offset = start
            throw GGUFError.truncated(what: "\(what()) (string of \(length) bytes)", offset: start,
                                      needed: 8 &+ Int(clamping: length), available: count - start)
        }
        let bytes = UnsafeRawBufferPointer(start: base + offset, count: Int(length))
        offset += Int(length)
        return String(decoding: bytes, as: UTF8.self)
    }
}
