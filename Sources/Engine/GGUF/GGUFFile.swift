/// A GGUF model file, memory-mapped read-only and fully validated when opened.
///
/// Every count, length, dimension, type id and tensor offset is checked against the
/// file size before any memory is read; a bad file throws a `GGUFError` naming the
/// item and its byte offset.
public final class GGUFFile: @unchecked Sendable {
    /// The format version (2 or 3).
    public let version: Int
    /// All metadata values by key.
    public let metadata: [String: GGUFValue]
    /// Metadata keys in file order.
    public let metadataKeys: [String]
    /// Tensor names in file order.
    public let tensorNames: [String]
    /// Tensors in file order.
    public let tensors: [GGUFTensor]
    /// The alignment of tensor data in bytes (`general.alignment`, default 32).
    public let alignment: Int
    /// Byte offset of the tensor data section from the start of the file.
    public let dataOffset: Int
    /// Size of the file in bytes.
    public let byteCount: Int
    private let tensorIndex: [String: Int]
    private let storage: GGUFStorage

    /// Opens and validates the GGUF file at `path` (memory-mapped, read-only).
    public convenience init(path: String) throws {
        try self.init(storage: GGUFStorage(mapping: path))
    }

    /// Validates a GGUF file given as bytes (copied), for tests and fuzzing.
    public convenience init(bytes: [UInt8]) throws {
        try self.init(storage: GGUFStorage(copying: bytes))
    }

    private init(storage: GGUFStorage) throws {
        var parser = GGUFParser(storage: storage)
        let contents = try parser.parse()
        self.storage = storage
        version = contents.version
        metadata = contents.metadata
        metadataKeys = contents.metadataKeys
        tensors = contents.tensors
        tensorNames = contents.tensors.map(\.name)
        alignment = contents.alignment
        dataOffset = contents.dataOffset
        byteCount = storage.count
        var index: [String: Int] = [:]
        for (position, tensor) in contents.tensors.enumerated() { index[tensor.name] = position }
        tensorIndex = index
    }

    /// The tensor named `name`, or nil when the file has none.
    public func tensor(_ name: String) -> GGUFTensor? {
        tensorIndex[name].map { tensors[$0] }
    }
}

// MARK: - Typed metadata getters

extension GGUFFile {
    /// The value for `key`, throwing `GGUFError.missingKey` when absent.
    public func value(_ key: String) throws -> GGUFValue {
        guard let value = metadata[key] else { throw GGUFError.missingKey(key) }
        return value
    }

    /// An integer value of any GGUF integer type.
    public func int(_ key: String) throws -> Int {
        let value = try value(key)
        guard let int = value.intValue else {
            if value.kind == .uint64 || value.kind == .int64 {
                throw GGUFError.valueOutOfRange(key: key, found: "\(value)")
            }
            throw GGUFError.typeMismatch(key: key, found: value.typeName, expected: "an integer")
        }
        return int
    }

    /// A FLOAT32 or FLOAT64 value.
    public func float(_ key: String) throws -> Float {
        let value = try value(key)
        guard let double = value.floatingValue else {
            throw GGUFError.typeMismatch(key: key, found: value.typeName, expected: "a float")
        }
        return Float(double)
    }

    /// A BOOL value.
    public func bool(_ key: String) throws -> Bool {
        let value = try value(key)
        guard case let .bool(bool) = value else {
            throw GGUFError.typeMismatch(key: key, found: value.typeName, expected: "BOOL")
        }
        return bool
    }

    /// A STRING value.
    public func string(_ key: String) throws -> String {
        let value = try value(key)
        guard let string = value.stringValue else {
            throw GGUFError.typeMismatch(key: key, found: value.typeName, expected: "STRING")
        }
        return string
    }

    /// An array of STRING values.
    public func stringArray(_ key: String) throws -> [String] {
        try array(key, expected: "an array of STRING") { $0.stringValue }
    }

    /// An array of integers of any GGUF integer type.
    public func intArray(_ key: String) throws -> [Int] {
        try array(key, expected: "an array of integers") { $0.intValue }
    }

    /// An array of FLOAT32 or FLOAT64 values.
    public func floatArray(_ key: String) throws -> [Float] {
        try array(key, expected: "an array of floats") { $0.floatingValue.map(Float.init) }
    }

    /// Whether the file has a value for `key`.
    public func has(_ key: String) -> Bool { metadata[key] != nil }

    private func array<T>(_ key: String, expected: String, _ convert: (GGUFValue) -> T?) throws -> [T] {
        let value = try value(key)
        guard let elements = value.arrayValue else {
            throw GGUFError.typeMismatch(key: key, found: value.typeName, expected: expected)
        }
        var result: [T] = []
        result.reserveCapacity(elements.count)
        for element in elements {
            guard let converted = convert(element) else {
                throw GGUFError.typeMismatch(key: key, found: "an array of \(element.typeName)", expected: expected)
            }
            result.append(converted)
        }
        return result
    }
}
