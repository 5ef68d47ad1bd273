import Foundation

/// A token's text as UTF-8 bytes, for exact lookups: two strings match only when their
/// bytes do (Swift `String` equality would also join canonically equivalent texts, as
/// llama.cpp does not), and hashing the bytes skips Unicode normalization.
struct TokenText: Hashable {
    /// The UTF-8 bytes.
    let bytes: ArraySlice<UInt8>

    init(_ bytes: ArraySlice<UInt8>) { self.bytes = bytes }
    init(_ bytes: [UInt8]) { self.bytes = bytes[...] }
    init(_ text: String) { bytes = Array(text.utf8)[...] }

    static func == (lhs: TokenText, rhs: TokenText) -> Bool {
        guard lhs.bytes.count == rhs.bytes.count else { return false }
        return lhs.bytes.withUnsafeBytes { left in
            rhs.bytes.withUnsafeBytes { right in
                guard let leftStart = left.baseAddress, let rightStart = right.baseAddress else { return true }
                return memcmp(leftStart, rightStart, left.count) == 0
            }
        }
    }

    func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }
}
