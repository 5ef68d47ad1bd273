import Foundation

/// Finding the JSON value in a model's output.
///
/// Where it looks, in order:
/// 1. the first fenced code block (```` ```json ```` preferred, else any ```` ``` ````) whose
///    content holds a value: the content as a whole, else its first object or array;
/// 2. the whole output, when it is one JSON value (`42`, `"yes"`, `{…}`);
/// 3. the first `{` or `[` that opens a well-formed value (its extent found by matching
///    brackets outside strings), trying each opening bracket in turn.
///
/// A failure reports the problem at the first candidate: where the JSON began to go wrong.
public enum JSONExtraction {
    /// The outcome of `extract`.
    public enum Outcome: Equatable {
        /// A value, and the 1-based character position in the text where it starts.
        case found(DataValue, at: Int)
        /// The problem and the 1-based character position where it was found; nil when
        /// the text has no JSON-looking part at all.
        case failed(String, at: Int?)

        /// `{ok: true, value}` or `{ok: false, error, at}`.
        public var record: DataRecord {
            switch self {
            case .found(let value, _):
                return DataRecord([("ok", .bool(true)), ("value", value)])
            case .failed(let message, let at):
                return DataRecord([("ok", .bool(false)), ("error", .string(message)),
                                   ("at", at.map { .number(Double($0)) } ?? .null)])
            }
        }
    }

    /// Tried opening brackets at most: bounds the work on long outputs full of brackets.
    static let maxCandidates = 64

    /// The first JSON value in `text`.
    public static func extract(_ text: String) -> Outcome {
        let bytes = Array(text.utf8)
        if let fence = firstFence(in: bytes) {
            let outcome = extract(bytes: Array(bytes[fence]), wholeFirst: true)
            switch outcome {
            case .found(let value, let at): return .found(value, at: characterPosition(in: bytes, byte: fence.lowerBound + at - 1))
            case .failed(let message, let at):
                return .failed(message, at: at.map { characterPosition(in: bytes, byte: fence.lowerBound + $0 - 1) })
            }
        }
        switch extract(bytes: bytes, wholeFirst: true) {
        case .found(let value, let at): return .found(value, at: characterPosition(in: bytes, byte: at - 1))
        case .failed(let message, let at): return .failed(message, at: at.map { characterPosition(in: bytes, byte: $0 - 1) })
        }
    }

    /// The value in `bytes`, positions as 1-based byte offsets.
    private static func extract(bytes: [UInt8], wholeFirst: Bool) -> Outcome {
        if wholeFirst, let value = try? JSON.decode(String(decoding: bytes, as: UTF8.self)) {
            let start = bytes.firstIndex { !isWhitespace($0) } ?? 0
            return .found(value, at: start + 1)
        }
        var firstFailure: (String, Int)?
        var tried = 0
        var index = 0
        while index < bytes.count, tried < maxCandidates {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") else { index += 1; continue }
            tried += 1
            let end = matchingEnd(in: bytes, from: index) ?? bytes.count
            do {
                let value = try JSON.decode(String(decoding: bytes[index..<end], as: UTF8.self))
                return .found(value, at: index + 1)
            } catch let error as JSONError {
                if firstFailure == nil { firstFailure = (error.message, index + error.column) }
            } catch {
                if firstFailure == nil { firstFailure = ("\(error)", index + 1) }
            }
            index += 1
        }
        if let (message, at) = firstFailure { return .failed("invalid JSON: \(message)", at: at) }
        return .failed("no JSON object or array found", at: nil)
    }

    /// The byte range of the content of the first fence that looks like JSON: ```` ```json ````
    /// fences first, then any fence.
    static func firstFence(in bytes: [UInt8]) -> Range<Int>? {
        let fences = fencedBlocks(in: bytes)
        let looksLikeJSON: (Range<Int>) -> Bool = { range in
            guard let first = bytes[range].first(where: { !isWhitespace($0) }) else { return false }
            return first == UInt8(ascii: "{") || first == UInt8(ascii: "[")
        }
        return fences.first { $0.label == "json" && looksLikeJSON($0.content) }?.content
            ?? fences.first { looksLikeJSON($0.content) }?.content
    }

    /// Every ```` ``` ```` block: its info string (lowercased) and content range. An
    /// unclosed fence runs to the end.
    private static func fencedBlocks(in bytes: [UInt8]) -> [(label: String, content: Range<Int>)] {
        let tick = UInt8(ascii: "`")
        var blocks: [(label: String, content: Range<Int>)] = []
        var index = 0
        func isFence(at i: Int) -> Bool {
            i + 2 < bytes.count && bytes[i] == tick && bytes[i + 1] == tick && bytes[i + 2] == tick
        }
        while index < bytes.count {
            guard isFence(at: index) else { index += 1; continue }
            var labelEnd = index + 3
            while labelEnd < bytes.count, bytes[labelEnd] != 0x0A, bytes[labelEnd] != tick { labelEnd += 1 }
            let label = String(decoding: bytes[(index + 3)..<labelEnd], as: UTF8.self)
                .trimmingCharacters(in: .whitespaces).lowercased()
            let contentStart = labelEnd
            var close = contentStart
            while close < bytes.count, !isFence(at: close) { close += 1 }
            blocks.append((label, contentStart..<close))
            index = close + 3
        }
        return blocks
    }

    /// The index just past the bracket that closes the one at `start`, skipping strings;
    /// nil when it never closes.
    static func matchingEnd(in bytes: [UInt8], from start: Int) -> Int? {
        var depth = 0
        var inString = false
        var index = start
        while index < bytes.count {
            let byte = bytes[index]
            if inString {
                if byte == UInt8(ascii: "\\") { index += 1 } else if byte == UInt8(ascii: "\"") { inString = false }
            } else {
                switch byte {
                case UInt8(ascii: "\""): inString = true
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { return index + 1 }
                default: break
                }
            }
            index += 1
        }
        return nil
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    /// The 1-based character position of the byte at 0-based `byte` (clamped to the text).
    private static func characterPosition(in bytes: [UInt8], byte: Int) -> Int {
        let end = min(max(byte, 0), bytes.count)
        // Count the bytes that start a UTF-8 sequence (not continuation bytes).
        return bytes[..<end].reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) } + 1
    }
}
