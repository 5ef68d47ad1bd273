#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Builds a valid GGUF file in memory: metadata of every value type and tensors from
/// floats (stored as F32, F16, BF16 or a quantized type) or from raw block bytes.
///
/// Used by the tests and by `SyntheticModelFile` to write small synthetic models; internal
/// (no public API). Keys and tensors keep the order in which they were added; setting a key
/// twice replaces its value in place.
struct GGUFWriter {
    /// The format version written in the header (2 or 3).
    var version: Int
    /// Tensor data alignment in bytes; written as `general.alignment` when not 32.
    let alignment: Int
    private var keys: [String] = []
    private var values: [String: GGUFValue] = [:]
    private var tensors: [(name: String, shape: [Int], type: GGMLType, bytes: [UInt8])] = []

    /// Creates an empty writer; `alignment` must be a positive power of two.
    init(version: Int = 3, alignment: Int = 32) throws {
        guard alignment > 0, alignment.nonzeroBitCount == 1 else {
            throw GGUFError.invalidWriterInput("alignment \(alignment) is not a positive power of two")
        }
        self.version = version
        self.alignment = alignment
        if alignment != GGUFParser.defaultAlignment {
            keys.append("general.alignment")
            values["general.alignment"] = .uint32(UInt32(alignment))
        }
    }

    /// Sets metadata `key` to `value`. Array elements (at every nesting level) must all
    /// have the same type.
    mutating func set(_ key: String, _ value: GGUFValue) throws {
        try Self.checkHomogeneous(value, key: key)
        if values.updateValue(value, forKey: key) == nil { keys.append(key) }
    }

    /// Adds a tensor from raw bytes already in `type`'s block layout; `shape` is in ggml
    /// order (row length first).
    mutating func addTensor(_ name: String, shape: [Int], type: GGMLType, bytes: [UInt8]) throws {
        guard !tensors.contains(where: { $0.name == name }) else {
            throw GGUFError.invalidWriterInput("tensor '\(name)' added twice")
        }
        guard shape.count <= GGUFParser.maxDimensions, shape.allSatisfy({ $0 >= 0 }) else {
            throw GGUFError.invalidWriterInput("tensor '\(name)' has invalid shape \(shape)")
        }
        let rowLength = shape.first ?? 1
        let elements = shape.reduce(1, *)
        guard rowLength % type.blockSize == 0, let expected = type.byteCount(elements: elements) else {
            throw GGUFError.invalidWriterInput("tensor '\(name)': shape \(shape) is not whole \(type) blocks")
        }
        guard bytes.count == expected else {
            throw GGUFError.invalidWriterInput("tensor '\(name)': \(bytes.count) bytes given, \(expected) expected for \(type) \(shape)")
        }
        tensors.append((name, shape, type, bytes))
    }

    /// Adds a tensor from row-major floats (row length `shape[0]`), converted or
    /// quantized to `type` with the reference quantizers.
    mutating func addTensor(_ name: String, shape: [Int], values: [Float], type: GGMLType = .f32) throws {
        guard values.count == shape.reduce(1, *) else {
            throw GGUFError.invalidWriterInput("tensor '\(name)': \(values.count) values for shape \(shape)")
        }
        guard let bytes = ReferenceQuantizer.encode(values, as: type) else {
            throw GGUFError.invalidWriterInput("tensor '\(name)': cannot encode \(values.count) floats as \(type)")
        }
        try addTensor(name, shape: shape, type: type, bytes: bytes)
    }

    /// The complete file.
    func bytes() -> [UInt8] {
        var out: [UInt8] = []
        append(UInt32(GGUFParser.magic), to: &out)
        append(UInt32(truncatingIfNeeded: version), to: &out)
        append(UInt64(tensors.count), to: &out)
        append(UInt64(keys.count), to: &out)
        for key in keys {
            appendString(key, to: &out)
            if let value = values[key] {
                append(value.kind.rawValue, to: &out)
                appendValue(value, to: &out)
            }
        }
        var offset = 0
        var offsets: [Int] = []
        for tensor in tensors {
            offsets.append(offset)
            offset = padded(offset + tensor.bytes.count)
        }
        for (tensor, tensorOffset) in zip(tensors, offsets) {
            appendString(tensor.name, to: &out)
            append(UInt32(tensor.shape.count), to: &out)
            for dim in tensor.shape { append(UInt64(dim), to: &out) }
            append(tensor.type.rawValue, to: &out)
            append(UInt64(tensorOffset), to: &out)
        }
        out.append(contentsOf: repeatElement(0, count: padded(out.count) - out.count))
        for tensor in tensors {
            out.append(contentsOf: tensor.bytes)
            out.append(contentsOf: repeatElement(0, count: padded(out.count) - out.count))
        }
        return out
    }

    /// Writes the file to `path`, replacing any file there.
    func write(to path: String) throws {
        let data = bytes()
        guard let file = fopen(path, "wb") else {
            throw GGUFError.cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
        defer { fclose(file) }
        let written = data.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        guard written == data.count else {
            throw GGUFError.cannotOpen(path: path, reason: "short write (\(written) of \(data.count) bytes)")
        }
    }

    // MARK: - Encoding

    private func padded(_ offset: Int) -> Int { (offset + alignment - 1) / alignment * alignment }

    private func append<T: FixedWidthInteger>(_ value: T, to out: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) }
    }

    private func appendString(_ string: String, to out: inout [UInt8]) {
        let utf8 = Array(string.utf8)
        append(UInt64(utf8.count), to: &out)
        out.append(contentsOf: utf8)
    }

    private func appendValue(_ value: GGUFValue, to out: inout [UInt8]) {
        switch value {
        case let .uint8(v): append(v, to: &out)
        case let .int8(v): append(v, to: &out)
        case let .uint16(v): append(v, to: &out)
        case let .int16(v): append(v, to: &out)
        case let .uint32(v): append(v, to: &out)
        case let .int32(v): append(v, to: &out)
        case let .uint64(v): append(v, to: &out)
        case let .int64(v): append(v, to: &out)
        case let .float32(v): append(v.bitPattern, to: &out)
        case let .float64(v): append(v.bitPattern, to: &out)
        case let .bool(v): append(UInt8(v ? 1 : 0), to: &out)
        case let .string(v): appendString(v, to: &out)
        case let .array(elements):
            // An empty array is written with element type UINT8.
            append(elements.first?.kind.rawValue ?? GGUFValueKind.uint8.rawValue, to: &out)
            append(UInt64(elements.count), to: &out)
            for element in elements { appendValue(element, to: &out) }
        }
    }

    private static func checkHomogeneous(_ value: GGUFValue, key: String) throws {
        guard case let .array(elements) = value, let first = elements.first else { return }
        for element in elements {
            guard element.kind == first.kind else {
                throw GGUFError.invalidWriterInput("array '\(key)' mixes \(first.typeName) and \(element.typeName)")
            }
            try checkHomogeneous(element, key: key)
        }
    }
}
