import Runtime

/// JSON text laid out as Jupyter writes `.ipynb` files (nbformat's `json.dumps(indent=1,
/// sort_keys=True, ensure_ascii=False)` plus a final line break), so a notebook that
/// `guide convert` wrote and one Jupyter saved differ only where their content does.
///
/// Layout: one space of indent per level, `"key": value` with object keys in code-point
/// order, `[]` and `{}` for empty containers, non-ASCII text as it is, and Python's escapes
/// (`\"`, `\\`, `\n`, `\r`, `\t`, `\b`, `\f`, other control characters as `\u00XX`).
enum NotebookJSON {
    /// `value` as `.ipynb` text.
    static func format(_ value: DataValue) -> String {
        var out = ""
        write(value, indent: 0, to: &out)
        return out + "\n"
    }

    private static func write(_ value: DataValue, indent: Int, to out: inout String) {
        let inner = "\n" + String(repeating: " ", count: indent + 1)
        switch value {
        case .list(let items) where !items.isEmpty:
            out += "["
            for (i, item) in items.enumerated() {
                out += (i > 0 ? "," : "") + inner
                write(item, indent: indent + 1, to: &out)
            }
            out += "\n" + String(repeating: " ", count: indent) + "]"
        case .record(let record) where !record.fields.isEmpty:
            out += "{"
            let sorted = record.fields.sorted { $0.key.unicodeScalars.lexicographicallyPrecedes($1.key.unicodeScalars) }
            for (i, field) in sorted.enumerated() {
                out += (i > 0 ? "," : "") + inner
                JSON.writeString(field.key, to: &out)
                out += ": "
                write(field.value, indent: indent + 1, to: &out)
            }
            out += "\n" + String(repeating: " ", count: indent) + "}"
        case .list: out += "[]"
        case .record: out += "{}"
        case .string(let s): JSON.writeString(s, to: &out)
        case .null, .bool, .number: out += JSON.encode(value)
        }
    }
}
