import GuideLang

/// File builtins (§7): `read`, `read_csv`, `read_jsonl`, `write`, and `markdown(table)`
/// (the table as a Markdown pipe table, numbers to `digits` significant digits). Relative paths are
/// relative to the working directory. `write` picks the format from the extension:
/// `.csv` (RFC 4180, a header of every column), `.jsonl` (one JSON value per line) or
/// `.md` (a Markdown pipe table); a string is written as it is to `.md` or `.txt`;
/// host values are written as their data (a generation as `{text, tokens, stop_reason}`).
/// The corpus and JSON builtins (`Builtins+Corpus.swift`) come with them.
extension RuntimeHost {
    var dataBuiltins: [Builtin] { fileBuiltins + corpusBuiltins }

    private var fileBuiltins: [Builtin] {
        [
            Builtin("read", [.required("path")]) { args in
                .string(try Self.readText(args))
            },
            Builtin("read_csv", [.required("path")]) { args in
                let text = try Self.readText(args)
                do {
                    return .list(try CSV.read(text).map { .record(ValueData.record($0)) })
                } catch {
                    throw args.error("path", "\(try args.string("path")): \(error)")
                }
            },
            Builtin("read_jsonl", [.required("path")]) { args in
                let path = try args.string("path")
                let text = try Self.readText(args)
                var rows: [Value] = []
                for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
                where !line.allSatisfy(\.isWhitespace) {
                    do {
                        rows.append(ValueData.value(try JSON.decode(String(line))))
                    } catch {
                        throw args.error("path", "\(path):\(i + 1): \(error)")
                    }
                }
                return .list(rows)
            },
            Builtin("markdown", [.required("table"), .optional("digits", 4)]) { args in
                let digits = try args.int("digits")
                guard (1...17).contains(digits) else { throw args.error("digits", "expected 1 to 17 significant digits") }
                return .string(MarkdownTable.write(try Self.records(args, "table", format: "A Markdown table"),
                                                   significantDigits: digits))
            },
            Builtin("write", [.required("table"), .required("path")]) { args in
                let path = try args.string("path")
                if let rows = try? args.list("table"), let (place, n) = Self.nonFiniteNumber(in: rows) {
                    throw args.error("table", "\(place) is \(Value.format(n)): CSV and JSON cannot hold inf or nan; "
                        + "replace it before writing (e.g. with nil)")
                }
                let text: String
                if case .string(let plain) = args["table"] {
                    guard path.hasSuffix(".md") || path.hasSuffix(".txt") else {
                        throw args.error("path", "text is written to a file ending in .md or .txt, got \"\(path)\"")
                    }
                    text = plain
                } else if path.hasSuffix(".md") {
                    text = MarkdownTable.write(try Self.records(args, "table", format: "A Markdown table"))
                } else if path.hasSuffix(".csv") {
                    text = CSV.write(try Self.records(args, "table", format: "CSV"))
                } else if path.hasSuffix(".jsonl") {
                    text = try args.list("table").map { JSON.encode(try ValueData.data($0)) + "\n" }.joined()
                } else {
                    throw args.error("path", "expected a file name ending in .csv, .jsonl or .md, got \"\(path)\"")
                }
                do {
                    try FileIO.writeText(text, to: path)
                } catch {
                    throw args.error("path", "\(error)")
                }
                return .nil
            },
        ]
    }

    /// The argument `key` as a table of records, for `format` ("A Markdown table") errors.
    private static func records(_ args: Arguments, _ key: ArgumentKey, format: String) throws -> [DataRecord] {
        try args.list(key).enumerated().map { index, row in
            guard case .record(let record) = row else {
                throw args.error(key, "\(format) needs a table of records; item \(index + 1) is a \(row.typeName)")
            }
            return try ValueData.record(record)
        }
    }

    /// The first inf or nan in `rows`, with where it is (`row 3, field .stats.score`; `item`
    /// names what a row is), else nil. Written as JSON's `null` or an empty CSV field it would
    /// read back as nil: a lost result.
    static func nonFiniteNumber(in rows: [Value], item: String = "row") -> (place: String, value: Double)? {
        var work: [(value: Value, row: Int, path: String)] = rows.enumerated().reversed().map { ($1, $0 + 1, "") }
        while let (value, row, path) = work.popLast() {
            switch value {
            case .number(let n) where !n.isFinite:
                return ("\(item) \(row)" + (path.isEmpty ? "" : ", field \(path)"), n)
            case .list(let items):
                work += items.enumerated().reversed().map { ($1, row, path + "[\($0)]") }
            case .record(let record):
                work += zip(record.keys, record.values).reversed().map { ($1, row, path + "." + $0) }
            default:
                break
            }
        }
        return nil
    }

    private static func readText(_ args: Arguments) throws -> String {
        let path = try args.string("path")
        do {
            return try FileIO.readText(path)
        } catch {
            throw args.error("path", "\(error)")
        }
    }
}
