/// JSON text ⇄ `DataValue` (RFC 8259), keeping the key order of objects.
///
/// Writing: integral numbers below 2^53 print without a decimal point, other finite
/// numbers in Swift's shortest round-trip form, NaN and infinities as `null` (JSON has
/// no spelling for them). Output has no insignificant whitespace, so one value is one line.
public enum JSON {
    /// The deepest nesting of arrays and objects the reader accepts. Values reach the writer
    /// through `ValueData`, which refuses anything deeper, so what is written reads back.
    public static let maxDepth = 512

    /// Encodes `value` as compact JSON on a single line.
    public static func encode(_ value: DataValue) -> String {
        var out = ""
        write(value, to: &out)
        return out
    }

    /// Parses one JSON value occupying the whole of `text` (surrounding whitespace allowed).
    public static func decode(_ text: String) throws -> DataValue {
        var parser = JSONParser(bytes: Array(text.utf8))
        return try parser.parseDocument()
    }

    /// Formats a number as JSON does here: `7`, `3.5`, `1e-05`.
    public static func formatNumber(_ n: Double) -> String {
        if n.isNaN || n.isInfinite { return "null" }
        if n == n.rounded(), abs(n) < 9_007_199_254_740_992 { return String(Int64(n)) }
        return "\(n)"
    }

    private static func write(_ value: DataValue, to out: inout String) {
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += formatNumber(n)
        case .string(let s): writeString(s, to: &out)
        case .list(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                write(item, to: &out)
            }
            out += "]"
        case .record(let record):
            out += "{"
            for (i, field) in record.fields.enumerated() {
                if i > 0 { out += "," }
                writeString(field.key, to: &out)
                out += ":"
                write(field.value, to: &out)
            }
            out += "}"
        }
    }

    /// Appends `s` as a JSON string literal: quotes, backslashes and control characters
    /// escaped as Python's `json.dumps` escapes them, everything else as is (UTF-8).
    public static func writeString(_ s: String, to out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}

/// A JSON syntax error at a 1-based byte column of the text.
public struct JSONError: Error, CustomStringConvertible, Equatable {
    /// 1-based byte offset into the text where the problem was found.
    public var column: Int
    public var message: String
    public var description: String { "invalid JSON at column \(column): \(message)" }
}

/// A recursive-descent JSON parser over UTF-8 bytes, with a nesting limit.
struct JSONParser {
    let bytes: [UInt8]
    var index = 0
    var depth = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    mutating func parseDocument() throws -> DataValue {
        let value = try parseValue()
        skipWhitespace()
        if index < bytes.count { throw error("unexpected text after the value") }
        return value
    }

    private func error(_ message: String) -> JSONError {
        JSONError(column: index + 1, message: message)
    }

    private mutating func skipWhitespace() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    private mutating func parseValue() throws -> DataValue {
        skipWhitespace()
        guard index < bytes.count else { throw error("expected a value, found the end") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try nested { try $0.parseObject() }
        case UInt8(ascii: "["): return try nested { try $0.parseArray() }
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectWord("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectWord("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectWord("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw error("expected a value")
        }
    }

    private mutating func nested(_ body: (inout JSONParser) throws -> DataValue) throws -> DataValue {
        depth += 1
        defer { depth -= 1 }
        if depth > JSON.maxDepth { throw error("nesting deeper than \(JSON.maxDepth) levels") }
        return try body(&self)
    }

    private mutating func expectWord(_ word: String) throws {
        let w = Array(word.utf8)
        guard index + w.count <= bytes.count, Array(bytes[index..<index + w.count]) == w else {
            throw error("expected `\(word)`")
        }
        index += w.count
    }

    private mutating func parseObject() throws -> DataValue {
        index += 1
        var record = DataRecord()
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return .record(record) }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error("expected a key string") }
            let key = try parseString()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("expected `:`") }
            index += 1
            record[key] = try parseValue()
            skipWhitespace()
            guard index < bytes.count else { throw error("expected `,` or `}`, found the end") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "}") { index += 1; return .record(record) }
            throw error("expected `,` or `}`")
        }
    }

    private mutating func parseArray() throws -> DataValue {
        index += 1
        var items: [DataValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return .list(items) }
        while true {
            items.append(try parseValue())
            skipWhitespace()
            guard index < bytes.count else { throw error("expected `,` or `]`, found the end") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "]") { index += 1; return .list(items) }
            throw error("expected `,` or `]`")
        }
    }

    private mutating func parseNumber() throws -> Double {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        let digits = UInt8(ascii: "0")...UInt8(ascii: "9")
        let isNumberByte: (UInt8) -> Bool = {
            digits.contains($0) || [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"),
                                    UInt8(ascii: "+"), UInt8(ascii: "-")].contains($0)
        }
        while index < bytes.count, isNumberByte(bytes[index]) { index += 1 }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        guard let value = Double(text), text.last.map({ $0.isNumber }) == true else {
            index = start
            throw error("malformed number `\(text)`")
        }
        return value
    }

    private mutating func parseString() throws -> String {
        index += 1
        var scalars = String.UnicodeScalarView()
        var runStart = index
        func flushRun(_ parser: JSONParser, upTo end: Int) {
            scalars.append(contentsOf: String(decoding: parser.bytes[runStart..<end], as: UTF8.self).unicodeScalars)
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                flushRun(self, upTo: index)
                index += 1
                return String(scalars)
            }
            if byte < 0x20 { throw error("control character inside a string") }
            if byte == UInt8(ascii: "\\") {
                flushRun(self, upTo: index)
                index += 1
                guard index < bytes.count else { break }
                let escaped = bytes[index]
                index += 1
                switch escaped {
                case UInt8(ascii: "\""): scalars.append("\"")
                case UInt8(ascii: "\\"): scalars.append("\\")
                case UInt8(ascii: "/"): scalars.append("/")
                case UInt8(ascii: "b"): scalars.append("\u{08}")
                case UInt8(ascii: "f"): scalars.append("\u{0C}")
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "t"): scalars.append("\t")
                case UInt8(ascii: "u"): scalars.append(try parseUnicodeEscape())
                default: index -= 1; throw error("unknown escape `\\\(Character(Unicode.Scalar(escaped)))`")
                }
                runStart = index
                continue
            }
            index += 1
        }
        throw error("unterminated string")
    }

    private mutating func parseHex4() throws -> UInt32 {
        guard index + 4 <= bytes.count,
              let value = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16)
        else { throw error("expected four hex digits after `\\u`") }
        index += 4
        return value
    }

    private mutating func parseUnicodeEscape() throws -> Unicode.Scalar {
        let high = try parseHex4()
        if (0xD800...0xDBFF).contains(high) {
            if index + 2 <= bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") {
                index += 2
                let low = try parseHex4()
                if (0xDC00...0xDFFF).contains(low),
                   let scalar = Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)) {
                    return scalar
                }
            }
            return "\u{FFFD}"
        }
        return Unicode.Scalar(high) ?? "\u{FFFD}"
    }
}
