// GGUF layout (versions 2 and 3, little-endian):
//
//   magic          4 bytes "GGUF"
//   version        UInt32
//   tensorCount    UInt64
//   metadataCount  UInt64
//   metadata       metadataCount × (key: string, valueType: UInt32, value)
//   tensor infos   tensorCount × (name: string, dimCount: UInt32, dims: UInt64 × dimCount,
//                                 type: UInt32, offset: UInt64)
//   padding        up to a multiple of `general.alignment` (default 32)
//   tensor data    each tensor at dataOffset + offset, offset a multiple of the alignment
//
// A string is a UInt64 byte count followed by UTF-8 bytes (no terminator). An array
// value is an element type (UInt32), an element count (UInt64), then the elements.
// Version 3 only adds big-endian files, which this reader does not accept (the magic
// would read differently).

/// The parsed header, metadata and tensor directory of a GGUF file.
struct GGUFContents {
    var version: Int
    var metadataKeys: [String] = []
    var metadata: [String: GGUFValue] = [:]
    var tensors: [GGUFTensor] = []
    var alignment: Int = GGUFParser.defaultAlignment
    var dataOffset: Int = 0
}

/// Reads and validates a whole GGUF file before anything else touches its memory.
struct GGUFParser {
    static let magic: UInt32 = 0x4655_4747  // "GGUF" read as a little-endian UInt32
    static let supportedVersions = 2...3
    static let defaultAlignment = 32
    /// ggml tensors have at most four dimensions.
    static let maxDimensions = 4
    /// Arrays may nest this deep (an array of arrays is depth 2).
    static let maxNesting = 8
    /// At most this many metadata values (array elements included) are decoded, so a
    /// file cannot make the reader allocate many times its own size.
    static let maxMetadataValues = 1 << 24

    private var cursor: GGUFByteCursor
    private let storage: GGUFStorage
    private var valuesDecoded = 0

    init(storage: GGUFStorage) {
        self.storage = storage
        cursor = GGUFByteCursor(base: storage.base, count: storage.count)
    }

    mutating func parse() throws -> GGUFContents {
        let magic = try cursor.read(UInt32.self, "header (magic)")
        guard magic == Self.magic else { throw GGUFError.badMagic(found: magic) }
        let version = Int(try cursor.read(UInt32.self, "header (version)"))
        guard Self.supportedVersions.contains(version) else {
            throw GGUFError.unsupportedVersion(found: version, supported: Self.supportedVersions)
        }
        var contents = GGUFContents(version: version)
        // Each tensor info takes at least 24 bytes (empty name, no dims, type, offset);
        // each key/value at least 13 (empty key, type, one-byte value).
        let tensorCount = try readCount("tensor count", minimumItemSize: 8 + 4 + 4 + 8)
        let metadataCount = try readCount("metadata key count", minimumItemSize: 8 + 4 + 1)
        for _ in 0..<metadataCount {
            let keyOffset = cursor.offset
            let key = try cursor.readString("metadata key")
            let value = try readTypedValue(key: key, depth: 0)
            guard contents.metadata.updateValue(value, forKey: key) == nil else {
                throw GGUFError.duplicateKey(key, offset: keyOffset)
            }
            contents.metadataKeys.append(key)
        }
        contents.alignment = try alignment(in: contents.metadata)

        var infos: [TensorInfo] = []
        var names = Set<String>()
        for _ in 0..<tensorCount {
            let info = try readTensorInfo()
            guard names.insert(info.name).inserted else {
                throw GGUFError.duplicateTensor(info.name, offset: info.headerOffset)
            }
            infos.append(info)
        }
        let (padded, overflow) = cursor.offset.addingReportingOverflow(contents.alignment - 1)
        guard !overflow else { throw GGUFError.sizeOverflow(tensor: "(data section)", offset: cursor.offset) }
        contents.dataOffset = padded / contents.alignment * contents.alignment
        contents.tensors = try infos.map { try makeTensor($0, dataOffset: contents.dataOffset, alignment: contents.alignment) }
        return contents
    }

    // MARK: - Metadata

    /// Reads a UInt64 count and checks that `count` items of at least `minimumItemSize`
    /// bytes fit in the rest of the file.
    private mutating func readCount(_ what: String, minimumItemSize: Int) throws -> Int {
        let offset = cursor.offset
        let count = try cursor.read(UInt64.self, what)
        let limit = UInt64(cursor.remaining / minimumItemSize)
        guard count <= limit else {
            throw GGUFError.countTooLarge(what: what, offset: offset, found: count, limit: limit)
        }
        return Int(count)
    }

    private mutating func readTypedValue(key: String, depth: Int) throws -> GGUFValue {
        let kind = try readKind(key: key)
        return try readValue(kind, key: key, depth: depth)
    }

    private mutating func readKind(key: String) throws -> GGUFValueKind {
        let offset = cursor.offset
        let id = try cursor.read(UInt32.self, "value type of '\(key)'")
        guard let kind = GGUFValueKind(rawValue: id) else {
            throw GGUFError.unknownValueType(key: key, offset: offset, found: id)
        }
        return kind
    }

    private mutating func readValue(_ kind: GGUFValueKind, key: String, depth: Int) throws -> GGUFValue {
        switch kind {
        case .uint8: return .uint8(try cursor.read(UInt8.self, key))
        case .int8: return .int8(try cursor.read(Int8.self, key))
        case .uint16: return .uint16(try cursor.read(UInt16.self, key))
        case .int16: return .int16(try cursor.read(Int16.self, key))
        case .uint32: return .uint32(try cursor.read(UInt32.self, key))
        case .int32: return .int32(try cursor.read(Int32.self, key))
        case .uint64: return .uint64(try cursor.read(UInt64.self, key))
        case .int64: return .int64(try cursor.read(Int64.self, key))
        case .float32: return .float32(try cursor.readFloat(key))
        case .float64: return .float64(try cursor.readDouble(key))
        case .bool: return .bool(try cursor.read(UInt8.self, key) != 0)
        case .string: return .string(try cursor.readString(key))
        case .array: return try readArray(key: key, depth: depth + 1)
        }
    }

    private mutating func readArray(key: String, depth: Int) throws -> GGUFValue {
        let offset = cursor.offset
        guard depth <= Self.maxNesting else {
            throw GGUFError.nestingTooDeep(key: key, offset: offset, limit: Self.maxNesting)
        }
        let elementKind = try readKind(key: key)
        let count = try readCount("element count of array '\(key)'", minimumItemSize: elementKind.minimumByteCount)
        let budget = Self.maxMetadataValues - valuesDecoded
        guard count <= budget else {
            throw GGUFError.countTooLarge(what: "element count of array '\(key)' (metadata value limit)",
                                          offset: offset + 4, found: UInt64(count), limit: UInt64(budget))
        }
        valuesDecoded += count
        var elements: [GGUFValue] = []
        elements.reserveCapacity(count)
        for _ in 0..<count {
            elements.append(try readValue(elementKind, key: key, depth: depth))
        }
        return .array(elements)
    }

    private func alignment(in metadata: [String: GGUFValue]) throws -> Int {
        guard let value = metadata["general.alignment"] else { return Self.defaultAlignment }
        guard let alignment = value.intValue, alignment > 0, alignment.nonzeroBitCount == 1,
              alignment <= 1 << 30 else {
            throw GGUFError.invalidAlignment(found: "\(value)")
        }
        return alignment
    }

    // MARK: - Tensors

    private struct TensorInfo {
        var name: String
        var headerOffset: Int
        var shape: [Int]
        var type: GGMLType
        var offset: UInt64
    }

    private mutating func readTensorInfo() throws -> TensorInfo {
        let headerOffset = cursor.offset
        let name = try cursor.readString("tensor name")
        let dimCount = Int(try cursor.read(UInt32.self, "dimension count of tensor '\(name)'"))
        guard dimCount <= Self.maxDimensions else {
            throw GGUFError.tooManyDimensions(tensor: name, offset: headerOffset, found: dimCount, limit: Self.maxDimensions)
        }
        var shape: [Int] = []
        for index in 0..<dimCount {
            let dim = try cursor.read(UInt64.self, "dimension \(index) of tensor '\(name)'")
            guard dim <= UInt64(Int64.max) else {
                throw GGUFError.invalidDimension(tensor: name, offset: headerOffset, index: index, found: dim)
            }
            shape.append(Int(dim))
        }
        let typeID = try cursor.read(UInt32.self, "type of tensor '\(name)'")
        guard let type = GGMLType(rawValue: typeID) else {
            throw GGUFError.unknownTensorType(tensor: name, offset: headerOffset, found: typeID)
        }
        let offset = try cursor.read(UInt64.self, "data offset of tensor '\(name)'")
        return TensorInfo(name: name, headerOffset: headerOffset, shape: shape, type: type, offset: offset)
    }

    private func makeTensor(_ info: TensorInfo, dataOffset: Int, alignment: Int) throws -> GGUFTensor {
        var elements = 1
        for dim in info.shape {
            let (product, overflow) = elements.multipliedReportingOverflow(by: dim)
            guard !overflow else { throw GGUFError.sizeOverflow(tensor: info.name, offset: info.headerOffset) }
            elements = product
        }
        let rowLength = info.shape.first ?? 1
        guard rowLength % info.type.blockSize == 0 else {
            throw GGUFError.rowNotMultipleOfBlock(tensor: info.name, rowLength: rowLength, blockSize: info.type.blockSize)
        }
        guard let byteCount = info.type.byteCount(elements: elements) else {
            throw GGUFError.sizeOverflow(tensor: info.name, offset: info.headerOffset)
        }
        guard info.offset % UInt64(alignment) == 0 else {
            throw GGUFError.misalignedTensor(tensor: info.name, offset: info.offset, alignment: alignment)
        }
        let fileSize = storage.count
        let start = UInt64(dataOffset).addingReportingOverflow(info.offset)
        let end = start.partialValue.addingReportingOverflow(UInt64(byteCount))
        guard !start.overflow, !end.overflow, end.partialValue <= UInt64(fileSize) else {
            throw GGUFError.tensorOutOfBounds(tensor: info.name, start: start.partialValue,
                                              end: end.partialValue, fileSize: fileSize)
        }
        let fileOffset = Int(start.partialValue)
        return GGUFTensor(name: info.name, type: info.type, shape: info.shape,
                          data: storage.base + fileOffset, byteCount: byteCount,
                          fileOffset: fileOffset, storage: storage)
    }
}
