/// The GPT-2 byte-level alphabet: every byte 0...255 is written as one printable Unicode
/// scalar, so that vocabulary strings never contain spaces or control characters.
///
/// Bytes that are already printable and not space (`!`...`~`, `¡`...`¬`, `®`...`ÿ`) stand
/// for themselves; the remaining 68 bytes are numbered in increasing order and written as
/// U+0100 + n (so space 0x20 becomes `Ġ` U+0120 and newline 0x0A becomes `Ċ` U+010A).
enum ByteLevelEncoding {
    /// `scalarForByte[b]` is the scalar that stands for byte `b`.
    static let scalarForByte: [Unicode.Scalar] = {
        var table = [Unicode.Scalar](repeating: " ", count: 256)
        var extra: UInt32 = 0
        for byte in 0..<256 {
            if isPrintable(byte) {
                table[byte] = Unicode.Scalar(UInt8(byte))
            } else {
                table[byte] = Unicode.Scalar(256 + extra) ?? " "
                extra += 1
            }
        }
        return table
    }()

    /// The byte a scalar stands for, or nil when the scalar is outside the alphabet.
    static func byte(for scalar: Unicode.Scalar) -> UInt8? {
        let value = scalar.value
        if value < 256 {
            return isPrintable(Int(value)) ? UInt8(value) : nil
        }
        return byteForExtraScalar[value]
    }

    /// Decodes a vocabulary string to the bytes it stands for; scalars outside the
    /// alphabet are kept as their own UTF-8 bytes.
    static func decode(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            if let byte = byte(for: scalar) {
                bytes.append(byte)
            } else {
                bytes.append(contentsOf: String(scalar).utf8)
            }
        }
        return bytes
    }

    /// Encodes raw bytes as a vocabulary string.
    static func encode<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        var text = String.UnicodeScalarView()
        for byte in bytes { text.append(scalarForByte[Int(byte)]) }
        return String(text)
    }

    /// The byte of a byte token written `<0xXX>`, or nil for any other text.
    static func rawByte(_ text: String) -> UInt8? {
        let utf8 = Array(text.utf8)
        guard utf8.count == 6, text.hasPrefix("<0x"), text.hasSuffix(">") else { return nil }
        return UInt8(String(decoding: utf8[3..<5], as: UTF8.self), radix: 16)
    }

    private static let byteForExtraScalar: [UInt32: UInt8] = {
        var map: [UInt32: UInt8] = [:]
        for byte in 0..<256 where !isPrintable(byte) {
            map[scalarForByte[byte].value] = UInt8(byte)
        }
        return map
    }()

    private static func isPrintable(_ byte: Int) -> Bool {
        (33...126).contains(byte) || (161...172).contains(byte) || (174...255).contains(byte)
    }
}
