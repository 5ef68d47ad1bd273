import Foundation

/// Tables as GitHub-flavoured Markdown pipe tables, for reports written by scripts.
public enum MarkdownTable {
    /// A header of every column (in order of first appearance), a separator row (numbers
    /// right-aligned), then one row per record. Numbers are shown to `significantDigits`
    /// significant digits; `|` and line breaks inside cells are escaped.
    public static func write(_ records: [DataRecord], significantDigits: Int = 4) -> String {
        var columns: [String] = []
        for record in records {
            for field in record.fields where !columns.contains(field.key) { columns.append(field.key) }
        }
        guard !columns.isEmpty else { return "" }
        let numeric = columns.map { column in
            records.allSatisfy { record in
                switch record[column] ?? .null {
                case .number, .null: return true
                default: return false
                }
            }
        }
        var out = "| " + columns.map(escaped).joined(separator: " | ") + " |\n"
        out += "|" + numeric.map { $0 ? "---:|" : "---|" }.joined() + "\n"
        for record in records {
            let cells = columns.map { escaped(text(of: record[$0] ?? .null, significantDigits: significantDigits)) }
            out += "| " + cells.joined(separator: " | ") + " |\n"
        }
        return out
    }

    private static func text(of value: DataValue, significantDigits: Int) -> String {
        switch value {
        case .null: return ""
        case .bool(let b): return b ? "true" : "false"
        case .number(let n):
            if n == n.rounded(), abs(n) < 1e15 { return String(Int64(n)) }
            return JSON.formatNumber(Double(String(format: "%.\(max(significantDigits, 1))g", n)) ?? n)
        case .string(let s): return s
        case .list, .record: return JSON.encode(value)
        }
    }

    private static func escaped(_ cell: String) -> String {
        cell.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\r\n", with: "<br>")
            .replacingOccurrences(of: "\n", with: "<br>")
    }
}
