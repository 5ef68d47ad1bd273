/// Turns generated tokens into text one token at a time, holding back the bytes of a
/// UTF-8 sequence that a token leaves unfinished until a later token completes it.
/// The concatenation of every `append` and the final `finish` equals `decode` of all ids.
public struct TextStreamDecoder {
    private let tokenizer: Tokenizer
    private let renderSpecial: Bool
    private var pending: [UInt8] = []

    /// Creates a decoder; control tokens are rendered only with `renderSpecial`.
    public init(tokenizer: Tokenizer, renderSpecial: Bool = false) {
        self.tokenizer = tokenizer
        self.renderSpecial = renderSpecial
    }

    /// Adds one token and returns the text that is now complete (possibly empty).
    public mutating func append(_ id: Int) -> String {
        tokenizer.appendBytes(of: id, renderSpecial: renderSpecial, to: &pending)
        let complete = Self.completePrefixLength(pending)
        guard complete > 0 else { return "" }
        let text = String(decoding: pending[..<complete], as: UTF8.self)
        pending.removeFirst(complete)
        return text
    }

    /// Returns whatever is still held back, with an unfinished sequence as U+FFFD.
    public mutating func finish() -> String {
        defer { pending.removeAll() }
        return String(decoding: pending, as: UTF8.self)
    }

    /// The length of `bytes` without a trailing UTF-8 sequence that is started but not
    /// finished; a trailing sequence that can never be valid is not held back.
    static func completePrefixLength(_ bytes: [UInt8]) -> Int {
        var start = bytes.count - 1
        let lowest = max(0, bytes.count - 4)
        while start >= lowest, bytes[start] & 0xC0 == 0x80 { start -= 1 }
        guard start >= lowest, start >= 0 else { return bytes.count }
        let lead = bytes[start]
        let needed: Int
        switch lead {
        case 0xC2...0xDF: needed = 2
        case 0xE0...0xEF: needed = 3
        case 0xF0...0xF4: needed = 4
        default: return bytes.count
        }
        return bytes.count - start < needed ? start : bytes.count
    }
}
