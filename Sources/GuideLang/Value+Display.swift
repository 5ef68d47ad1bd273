#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Plain display of values (§2): integral numbers without a decimal point, other numbers in
/// the shortest form that reads back exactly, strings raw at the top and quoted inside
/// lists and records, lists of records as aligned tables (their numbers to 6 significant
/// digits), long lists cut with a count.
public struct DisplayOptions: Sendable {
    /// Items shown before a list is cut; nil shows everything.
    public var maxListItems: Int?
    /// Rows shown before a table is cut; nil shows everything.
    public var maxTableRows: Int?
    /// Widest table cell, in characters, before it is cut with `…`.
    public var maxCellWidth: Int
    /// Widest cell of particular columns, by column name, overriding `maxCellWidth`.
    public var columnWidths: [String: Int]
    /// Significant digits of the numbers in table cells (`0.333333`, `1234570`); nil shows
    /// them in the shortest form that reads back exactly. Integral numbers always show
    /// every digit.
    public var tableSignificantDigits: Int?
    /// Longest text produced, in UTF-8 bytes, before it is cut with `…` (deeply shared values can be huge).
    public var maxLength: Int

    public init(maxListItems: Int? = 100, maxTableRows: Int? = 50, maxCellWidth: Int = 40,
                columnWidths: [String: Int] = [:], tableSignificantDigits: Int? = 6, maxLength: Int = 1_000_000) {
        self.maxListItems = maxListItems
        self.maxTableRows = maxTableRows
        self.maxCellWidth = maxCellWidth
        self.columnWidths = columnWidths
        self.tableSignificantDigits = tableSignificantDigits
        self.maxLength = maxLength
    }

    /// Cuts long lists and tables: for terminals and reports.
    public static let standard = DisplayOptions()
    /// Shows everything, every digit: for `str()` and data.
    public static let complete = DisplayOptions(maxListItems: nil, maxTableRows: nil, maxCellWidth: 1_000_000,
                                                tableSignificantDigits: nil, maxLength: 100_000_000)
}

extension Value: CustomStringConvertible {
    /// The plain display with standard limits.
    public var description: String { displayText(.standard) }

    /// The plain display: strings raw, tables as aligned multi-line text.
    public func displayText(_ options: DisplayOptions = .standard) -> String {
        switch self {
        case .string(let s): return s
        case .list(let items) where isTable:
            return Value.table(items.compactMap { if case .record(let r) = $0 { return r } else { return nil } }, options)
        default: return inlineText(options)
        }
    }

    /// One-line display with strings quoted, as inside a list or record.
    public func inlineText(_ options: DisplayOptions = .standard) -> String {
        var writer = DisplayWriter(options: options)
        writer.inline(self, depth: 0)
        return writer.text
    }

    /// `7`, `-3`, `3.5`, `0.1`, `1e-05`, `nan`, `inf`. Integral numbers below 10^21 in magnitude
    /// show every digit of their exact value (`10 ** 20` is `100000000000000000000`, `2 ** 60`
    /// is `1152921504606846976`; integers are exact only up to 2^53), larger ones the shortest
    /// form that reads back (`1e+21`), as JavaScript prints numbers.
    public static func format(_ n: Double) -> String {
        if n.isNaN { return "nan" }
        if n.isInfinite { return n < 0 ? "-inf" : "inf" }
        if n == n.rounded() {
            if abs(n) < 1e16 { return String(Int64(n)) }
            if abs(n) < 1e21 { return String(Int128(n)) }
        }
        return "\(n)"
    }

    /// `n` rounded to `digits` significant digits (1…17), then shown as `format` shows it:
    /// `0.333333`, `1234570`, `1.5e-07`. Integral numbers keep every digit, so counts and
    /// token ids are never rounded; inf and nan stay as they are.
    public static func format(_ n: Double, significantDigits digits: Int) -> String {
        guard n.isFinite, n != n.rounded() else { return format(n) }
        var buffer = [CChar](repeating: 0, count: 64)
        let written = withVaList([Int32(min(max(digits, 1), 17)), n]) { arguments in
            buffer.withUnsafeMutableBufferPointer { vsnprintf($0.baseAddress, $0.count, "%.*g", arguments) }
        }
        guard written > 0, written < buffer.count,
              let rounded = Double(String(decoding: buffer.prefix(Int(written)).map { UInt8(bitPattern: $0) }, as: UTF8.self))
        else { return format(n) }
        return format(rounded)
    }

    /// A string literal that reads back as `s`.
    public static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "\0": out += "\\0"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    static func isPlainIdentifier(_ key: String) -> Bool {
        guard let first = key.unicodeScalars.first, Lexer.isIdentifierStart(first) else { return false }
        return key.unicodeScalars.allSatisfy(Lexer.isIdentifierContinue) && Keyword(rawValue: key) == nil
    }

    /// Columns are the keys in order of first appearance; numbers align right, text left.
    static func table(_ rows: [Record], _ options: DisplayOptions) -> String {
        var columns: [String] = []
        for row in rows { for key in row.keys where !columns.contains(key) { columns.append(key) } }
        let shown = options.maxTableRows.map { min($0, rows.count) } ?? rows.count
        func cell(_ value: Value?, column: String) -> (text: String, rightAligned: Bool) {
            guard let value else { return ("", false) }
            let maxWidth = max(1, options.columnWidths[column] ?? options.maxCellWidth)
            var text: String
            switch value {
            case .string(let s): text = s.replacing("\n", with: "\\n")
            default:
                var cellOptions = options
                cellOptions.maxLength = min(options.maxLength, maxWidth * 4)
                var writer = DisplayWriter(options: cellOptions)
                writer.significantDigits = options.tableSignificantDigits
                writer.inline(value, depth: 0)
                text = writer.text
            }
            if text.count > maxWidth { text = String(text.prefix(max(1, maxWidth - 1))) + "…" }
            if case .number = value { return (text, true) }
            return (text, false)
        }
        let body = rows[0..<shown].map { row in columns.map { cell(row[$0], column: $0) } }
        var widths = columns.map(\.count)
        for line in body { for (i, c) in line.enumerated() { widths[i] = max(widths[i], c.text.count) } }
        func pad(_ text: String, _ width: Int, right: Bool) -> String {
            let fill = String(repeating: " ", count: max(0, width - text.count))
            return right ? fill + text : text + fill
        }
        func join(_ cells: [String]) -> String {
            var line = cells.joined(separator: "  ")
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }
        var lines: [String] = []
        let numericColumn = columns.indices.map { i in body.contains { $0[i].rightAligned } && body.allSatisfy { $0[i].rightAligned || $0[i].text.isEmpty } }
        lines.append(join(columns.enumerated().map { pad($1, widths[$0], right: numericColumn[$0]) }))
        lines.append(join(widths.map { String(repeating: "-", count: $0) }))
        for line in body {
            lines.append(join(line.enumerated().map { pad($1.text, widths[$0], right: $1.rightAligned) }))
        }
        if shown < rows.count { lines.append("… \(rows.count - shown) more rows") }
        return lines.joined(separator: "\n")
    }
}

/// Builds inline display text within a length budget and a nesting limit.
struct DisplayWriter {
    let options: DisplayOptions
    var text = ""
    var remaining: Int
    var exhausted = false
    /// Significant digits of numbers (in table cells); nil writes them exactly.
    var significantDigits: Int?
    static let maxDepth = 64

    init(options: DisplayOptions) {
        self.options = options
        self.remaining = options.maxLength
    }

    mutating func write(_ s: String) {
        guard !exhausted else { return }
        let size = s.utf8.count
        if size <= remaining {
            text += s
            remaining -= size
        } else {
            text += String(s.prefix(max(0, remaining))) + "…"
            exhausted = true
        }
    }

    mutating func inline(_ value: Value, depth: Int) {
        guard !exhausted else { return }
        switch value {
        case .nil: write("nil")
        case .bool(let b): write(b ? "true" : "false")
        case .number(let n): write(significantDigits.map { Value.format(n, significantDigits: $0) } ?? Value.format(n))
        case .string(let s): write(Value.quote(s))
        case .list(let items):
            if depth >= DisplayWriter.maxDepth { write("[…]"); return }
            write("[")
            let shown = options.maxListItems.map { min($0, items.count) } ?? items.count
            for (i, item) in items[0..<shown].enumerated() {
                if i > 0 { write(", ") }
                inline(item, depth: depth + 1)
                if exhausted { return }
            }
            if shown < items.count { write((shown > 0 ? ", " : "") + "… \(items.count - shown) more") }
            write("]")
        case .record(let record):
            if depth >= DisplayWriter.maxDepth { write("{…}"); return }
            write("{")
            for (i, (key, field)) in zip(record.keys, record.values).enumerated() {
                if i > 0 { write(", ") }
                write((Value.isPlainIdentifier(key) ? key : Value.quote(key)) + ": ")
                inline(field, depth: depth + 1)
                if exhausted { return }
            }
            write("}")
        case .range(let r):
            write(r.isClosed ? "\(r.lower)...\(r.upper - 1)" : "\(r.lower)..<\(r.upper)")
        case .function(let f): write(f.name == "<fn>" ? "<\(f.signature)>" : "<fn \(f.signature)>")
        case .keyPath(let name): write("." + name)
        case .native(let native): write(native.displayText())
        }
    }
}
