/// The normaliser stored in an encoder file: SentencePiece's precompiled character map
/// flattened to one replacement sequence per code point (NFKC folding, control
/// characters removed, tabs and newlines to spaces), followed by the two steps the
/// XLM-R tokenizer applies around it: runs of spaces collapse to one, and spaces become
/// the metaspace `▁` (U+2581), with one `▁` prepended unless the text starts with a space.
struct SentencePieceNormalizer: Sendable {
    /// Code point → replacement code points (possibly none: the character is dropped).
    let replacements: [UInt32: [UInt32]]

    static let metaspace: Unicode.Scalar = "\u{2581}"

    init(replacements: [UInt32: [UInt32]]) {
        self.replacements = replacements
    }

    /// Reads the normaliser section: entry count, byte length, then the entries, which
    /// must be sorted by code point, unique and map to valid Unicode scalars.
    init(reading reader: inout EncoderByteReader) throws {
        let count = try reader.readInt("normaliser entry count", in: 0...(reader.remaining / 5))
        let lengthOffset = reader.offset
        let byteLength = Int(try reader.read(UInt32.self, "normaliser byte length"))
        try reader.require(byteLength, "normaliser entries")
        let end = reader.offset + byteLength
        var replacements: [UInt32: [UInt32]] = [:]
        replacements.reserveCapacity(count)
        var previous: UInt32?
        for index in 0..<count {
            let entryOffset = reader.offset
            let codePoint = try reader.read(UInt32.self, "normaliser entry \(index) code point")
            let outputCount = Int(try reader.read(UInt8.self, "normaliser entry \(index) length"))
            let outputs = try reader.readUInt32s(outputCount, "normaliser entry \(index) replacement")
            if let previous, codePoint <= previous {
                throw EncoderFileError.invalidValue(what: "normaliser entry \(index) code point", offset: entryOffset,
                                                    found: "U+\(String(codePoint, radix: 16, uppercase: true))",
                                                    expected: "above the previous entry's U+\(String(previous, radix: 16, uppercase: true))")
            }
            for scalar in [codePoint] + outputs where Unicode.Scalar(scalar) == nil {
                throw EncoderFileError.invalidValue(what: "normaliser entry \(index)", offset: entryOffset,
                                                    found: "0x\(String(scalar, radix: 16))", expected: "a Unicode scalar value")
            }
            previous = codePoint
            replacements[codePoint] = outputs
        }
        guard reader.offset == end else {
            throw EncoderFileError.invalidValue(what: "normaliser byte length", offset: lengthOffset,
                                                found: String(byteLength),
                                                expected: "\(reader.offset - (end - byteLength)) (the entries' size)")
        }
        self.replacements = replacements
    }

    /// The normalised text as UTF-8 bytes, with the byte offset where each character starts
    /// (plus the end offset): the units the unigram lattice is built over.
    func normalize(_ text: String) -> (bytes: [UInt8], characterStarts: [Int]) {
        var scalars: [UInt32] = []
        scalars.reserveCapacity(text.unicodeScalars.count + 1)
        for scalar in text.unicodeScalars {
            if let replacement = replacements[scalar.value] {
                for value in replacement where !(value == 0x20 && scalars.last == 0x20) { scalars.append(value) }
            } else if !(scalar.value == 0x20 && scalars.last == 0x20) {
                scalars.append(scalar.value)
            }
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(scalars.count * 3 + 3)
        var starts: [Int] = []
        starts.reserveCapacity(scalars.count + 2)
        if scalars.first != 0x20 {
            starts.append(0)
            Self.appendUTF8(Self.metaspace, to: &bytes)
        }
        for value in scalars {
            starts.append(bytes.count)
            // Every value is a valid scalar: the text's own, or checked when the map was read.
            let scalar = value == 0x20 ? Self.metaspace : (Unicode.Scalar(value) ?? Self.metaspace)
            Self.appendUTF8(scalar, to: &bytes)
        }
        starts.append(bytes.count)
        return (bytes, starts)
    }

    private static func appendUTF8(_ scalar: Unicode.Scalar, to bytes: inout [UInt8]) {
        UTF8.encode(scalar) { bytes.append($0) }
    }
}
