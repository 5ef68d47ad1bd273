/// Why a GGUF file could not be opened, or a metadata value could not be read.
///
/// Offsets are byte offsets from the start of the file (0-based) where the offending
/// item starts.
public enum GGUFError: Error, Equatable, Sendable {
    /// The file could not be opened or mapped.
    case cannotOpen(path: String, reason: String)
    /// The file ends before an item that needs `needed` bytes at `offset`.
    case truncated(what: String, offset: Int, needed: Int, available: Int)
    /// The first four bytes are not `GGUF`.
    case badMagic(found: UInt32)
    /// The format version is not one this reader understands.
    case unsupportedVersion(found: Int, supported: ClosedRange<Int>)
    /// A count (of tensors, keys or array elements) cannot fit in the rest of the file,
    /// or exceeds a resource limit.
    case countTooLarge(what: String, offset: Int, found: UInt64, limit: UInt64)
    /// A metadata value type id that GGUF does not define.
    case unknownValueType(key: String, offset: Int, found: UInt32)
    /// Arrays nested deeper than the reader allows.
    case nestingTooDeep(key: String, offset: Int, limit: Int)
    /// The same metadata key appears twice.
    case duplicateKey(String, offset: Int)
    /// `general.alignment` is not a positive power of two (or not an integer).
    case invalidAlignment(found: String)
    /// A tensor has more dimensions than ggml allows.
    case tooManyDimensions(tensor: String, offset: Int, found: Int, limit: Int)
    /// A tensor dimension is negative or too large.
    case invalidDimension(tensor: String, offset: Int, index: Int, found: UInt64)
    /// A tensor type id that this engine does not know.
    case unknownTensorType(tensor: String, offset: Int, found: UInt32)
    /// A tensor's row length is not a whole number of its type's blocks.
    case rowNotMultipleOfBlock(tensor: String, rowLength: Int, blockSize: Int)
    /// A tensor's element or byte count overflows.
    case sizeOverflow(tensor: String, offset: Int)
    /// A tensor's data offset is not a multiple of the alignment.
    case misalignedTensor(tensor: String, offset: UInt64, alignment: Int)
    /// A tensor's data reaches past the end of the file.
    case tensorOutOfBounds(tensor: String, start: UInt64, end: UInt64, fileSize: Int)
    /// The same tensor name appears twice.
    case duplicateTensor(String, offset: Int)
    /// A metadata key the caller needs is absent.
    case missingKey(String)
    /// A metadata value has another type than the caller needs.
    case typeMismatch(key: String, found: String, expected: String)
    /// A metadata value does not fit the caller's type (e.g. a UInt64 above Int.max).
    case valueOutOfRange(key: String, found: String)
    /// A writer was given data that cannot be stored as asked.
    case invalidWriterInput(String)
}

extension GGUFError: CustomStringConvertible {
    public var description: String {
        switch self {
        case let .cannotOpen(path, reason):
            return "cannot open GGUF file '\(path)': \(reason)"
        case let .truncated(what, offset, needed, available):
            return "GGUF truncated at byte \(offset): \(what) needs \(needed) bytes, \(available) remain"
        case let .badMagic(found):
            return "not a GGUF file: magic at byte 0 is 0x\(String(found, radix: 16)), expected 0x46554747 ('GGUF')"
        case let .unsupportedVersion(found, supported):
            return "unsupported GGUF version \(found) at byte 4, expected \(supported.lowerBound)...\(supported.upperBound)"
        case let .countTooLarge(what, offset, found, limit):
            return "GGUF \(what) at byte \(offset) is \(found), at most \(limit) possible"
        case let .unknownValueType(key, offset, found):
            return "unknown GGUF value type \(found) for key '\(key)' at byte \(offset), expected 0...12"
        case let .nestingTooDeep(key, offset, limit):
            return "GGUF arrays nested deeper than \(limit) for key '\(key)' at byte \(offset)"
        case let .duplicateKey(key, offset):
            return "duplicate GGUF metadata key '\(key)' at byte \(offset)"
        case let .invalidAlignment(found):
            return "invalid general.alignment \(found), expected a positive power of two"
        case let .tooManyDimensions(tensor, offset, found, limit):
            return "tensor '\(tensor)' at byte \(offset) has \(found) dimensions, at most \(limit) allowed"
        case let .invalidDimension(tensor, offset, index, found):
            return "tensor '\(tensor)' at byte \(offset): dimension \(index) is \(found), out of range"
        case let .unknownTensorType(tensor, offset, found):
            return "tensor '\(tensor)' at byte \(offset) has unknown type id \(found)"
        case let .rowNotMultipleOfBlock(tensor, rowLength, blockSize):
            return "tensor '\(tensor)': row length \(rowLength) is not a multiple of the block size \(blockSize)"
        case let .sizeOverflow(tensor, offset):
            return "tensor '\(tensor)' at byte \(offset): size overflows"
        case let .misalignedTensor(tensor, offset, alignment):
            return "tensor '\(tensor)': data offset \(offset) is not a multiple of the alignment \(alignment)"
        case let .tensorOutOfBounds(tensor, start, end, fileSize):
            return "tensor '\(tensor)': data bytes \(start)..<\(end) reach past the end of the file (\(fileSize) bytes)"
        case let .duplicateTensor(name, offset):
            return "duplicate tensor name '\(name)' at byte \(offset)"
        case let .missingKey(key):
            return "GGUF metadata key '\(key)' is missing"
        case let .typeMismatch(key, found, expected):
            return "GGUF metadata key '\(key)' is \(found), expected \(expected)"
        case let .valueOutOfRange(key, found):
            return "GGUF metadata key '\(key)' has value \(found), out of range"
        case let .invalidWriterInput(message):
            return "GGUF writer: \(message)"
        }
    }
}
