import GuideLang

/// File builtins (§7): `read`, `read_csv`, `read_jsonl`, `write`. Relative paths are
/// relative to the working directory. `write` picks the format from the extension:
/// `.csv` (RFC 4180, a header of every column) or `.jsonl` (one JSON value per line);
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
            Builtin("write", [.required("table"), .required("path")]) { args in
                let rows = try args.list("table")
                let path = try args.string("path")
                let text: String
                if path.hasSuffix(".csv") {
                    text = CSV.write(try rows.enumerated().map { index, row in
                        guard case .record(let record) = row else {
                            throw args.error("table", "CSV needs a table of records; item \(index + 1) is a \(row.typeName)")
                        }
                        return try ValueData.record(record)
                    })
                } else if path.hasSuffix(".jsonl") {
                    text = try rows.map { JSON.encode(try ValueData.data($0)) + "\n" }.joined()
                } else {
                    throw args.error("path", "expected a file name ending in .csv or .jsonl, got \"\(path)\"")
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

    private static func readText(_ args: Arguments) throws -> String {
        let path = try args.string("path")
        do {
            return try FileIO.readText(path)
        } catch {
            throw args.error("path", "\(error)")
        }
    }
}
