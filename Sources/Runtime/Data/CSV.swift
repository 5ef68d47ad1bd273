/// RFC 4180 comma-separated values ⇄ tables of records.
///
/// Layout: records separated by CRLF (LF and a lone CR are accepted when reading); fields
/// separated by commas; a field that holds a comma, a double quote, CR or LF is enclosed in
/// double quotes, with each inner quote doubled. The first record is the header.
///
/// Typing (the file format has none): when reading, a field that parses entirely as a
/// finite number becomes a number, `true`/`false` become booleans, an empty unquoted field
/// becomes nil, and anything else (including a quoted empty field) stays a string. When
/// writing, nil is an empty field and lists and records are written as their JSON text.
public enum CSV {
    /// Parses CSV text into records keyed by the header row.
    ///
    /// Throws `CSVError` with a 1-based line for an unterminated quote, a stray quote, or a
    /// row whose field count differs from the header's.
    public static func read(_ text: String) throws -> [DataRecord] {
        let rows = try parseRows(text)
        guard let header = rows.first else { return [] }
        var seen = Set<String>()
        for name in header.fields where !seen.insert(name.text).inserted {
            throw CSVError(line: header.line, message: "the header repeats the column `\(name.text)`")
        }
        return try rows.dropFirst().map { row in
            guard row.fields.count == header.fields.count else {
                throw CSVError(line: row.line, message:
                    "expected \(header.fields.count) fields as in the header, found \(row.fields.count)")
            }
            return DataRecord(zip(header.fields, row.fields).map { ($0.text, typed($1)) })
        }
    }

    /// Writes records as CSV with a header; the columns are the union of all keys in first-seen order.
    public static func write(_ records: [DataRecord]) -> String {
        let columns = Table.columns(of: records)
        var out = columns.map(quoted).joined(separator: ",") + "\r\n"
        for record in records {
            out += columns.map { quoted(text(of: record[$0] ?? .null)) }.joined(separator: ",") + "\r\n"
        }
        return out
    }

    private static func text(of value: DataValue) -> String {
        switch value {
        case .null: return ""
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return JSON.formatNumber(n)
        case .string(let s): return s
        case .list, .record: return JSON.encode(value)
        }
    }

    private static func quoted(_ field: String) -> String {
        let needsQuotes = field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
        guard needsQuotes else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    private static func typed(_ field: Field) -> DataValue {
        if field.quoted { return .string(field.text) }
        if field.text.isEmpty { return .null }
        if field.text == "true" { return .bool(true) }
        if field.text == "false" { return .bool(false) }
        if let n = Double(field.text), n.isFinite,
           field.text.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }) {
            return .number(n)
        }
        return .string(field.text)
    }

    struct Field { var text: String; var quoted: Bool }
    struct Row { var fields: [Field]; var line: Int }

    /// Splits text into rows of fields, tracking the line each row starts on.
    static func parseRows(_ text: String) throws -> [Row] {
        var rows: [Row] = []
        var fields: [Field] = []
        var field = ""
        var fieldQuoted = false
        var inQuotes = false
        var line = 1
        var rowLine = 1
        var atFieldStart = true
        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        var i = 0
        func endField() {
            fields.append(Field(text: field, quoted: fieldQuoted))
            field = ""; fieldQuoted = false; atFieldStart = true
        }
        func endRow() {
            endField()
            rows.append(Row(fields: fields, line: rowLine))
            fields = []
        }
        while i < scalars.count {
            let c = scalars[i]
            if inQuotes {
                if c == "\"" {
                    if i + 1 < scalars.count, scalars[i + 1] == "\"" { field.unicodeScalars.append("\""); i += 2; continue }
                    inQuotes = false
                    i += 1
                    if i < scalars.count, !["," , "\n", "\r"].contains(scalars[i]) {
                        throw CSVError(line: line, message: "text after a closing quote must be followed by `,` or a line end")
                    }
                    continue
                }
                if c == "\n" { line += 1 }
                field.unicodeScalars.append(c)
                i += 1
                continue
            }
            switch c {
            case "\"" where atFieldStart:
                inQuotes = true; fieldQuoted = true; atFieldStart = false
            case "\"":
                throw CSVError(line: line, message: "a quote inside an unquoted field (quote the whole field and double the quote)")
            case ",":
                endField()
            case "\r", "\n":
                if c == "\r", i + 1 < scalars.count, scalars[i + 1] == "\n" { i += 1 }
                endRow()
                line += 1
                rowLine = line
            default:
                field.unicodeScalars.append(c); atFieldStart = false
            }
            i += 1
        }
        if inQuotes { throw CSVError(line: rowLine, message: "a quoted field is never closed") }
        if !fields.isEmpty || !field.isEmpty || fieldQuoted { endRow() }
        return rows.filter { !($0.fields.count == 1 && $0.fields[0].text.isEmpty && !$0.fields[0].quoted) }
    }
}

/// A CSV syntax or shape error at a 1-based line.
public struct CSVError: Error, CustomStringConvertible, Equatable {
    public var line: Int
    public var message: String
    public var description: String { "CSV line \(line): \(message)" }
}
