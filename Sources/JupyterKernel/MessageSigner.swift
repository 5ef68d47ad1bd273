import Crypto
import Foundation

/// Signs and checks Jupyter messages: the lowercase hex HMAC-SHA256, under the connection
/// file's key, of the header, parent header, metadata and content frames in that order.
/// An empty key turns signing off, as the protocol says (the signature frame is then empty).
public struct MessageSigner: Sendable {
    private let key: SymmetricKey?

    /// A signer for `key` (the connection file's `key`, used as its UTF-8 bytes).
    public init(key: String) {
        self.key = key.isEmpty ? nil : SymmetricKey(data: Data(key.utf8))
    }

    /// Whether messages are signed at all.
    public var isSigning: Bool { key != nil }

    /// The signature of the four frames, in hex; empty when signing is off.
    public func signature(of parts: [Data]) -> String {
        guard let key else { return "" }
        var hmac = HMAC<SHA256>(key: key)
        for part in parts { hmac.update(data: part) }
        return hmac.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// Whether `signature` (hex, as received) is the right one for the four frames; always
    /// true when signing is off. The comparison takes the same time wherever they differ.
    public func isValid(signature: Data, of parts: [Data]) -> Bool {
        guard let key else { return true }
        guard let code = Self.bytes(ofHex: signature) else { return false }
        var signed = Data()
        for part in parts { signed.append(part) }
        return HMAC<SHA256>.isValidAuthenticationCode(code, authenticating: signed, using: key)
    }

    /// The bytes that `hex` spells (two hex digits each), or nil when it is not hex.
    static func bytes(ofHex hex: Data) -> Data? {
        guard hex.count % 2 == 0 else { return nil }
        func nibble(_ digit: UInt8) -> UInt8? {
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return digit - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return digit - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): return digit - UInt8(ascii: "A") + 10
            default: return nil
            }
        }
        var bytes = Data(capacity: hex.count / 2)
        var index = hex.startIndex
        while index < hex.endIndex {
            guard let high = nibble(hex[index]), let low = nibble(hex[hex.index(after: index)]) else { return nil }
            bytes.append(high << 4 | low)
            index = hex.index(index, offsetBy: 2)
        }
        return bytes
    }
}
