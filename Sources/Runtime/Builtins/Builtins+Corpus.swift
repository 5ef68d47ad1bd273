import Engine
import GuideLang

/// Corpus and JSON builtins (§7): `corpus(name)` (documents `{id, title, text, source,
/// licence}`, the data fetched on first use like `model`), `bin_by_tokens(m, docs, edges,
/// per_bin, seed)`, `json_parse(text)` and `json_score(value, schema)`.
extension RuntimeHost {
    var corpusBuiltins: [Builtin] {
        let progress = options.progress
        let store = CorpusStore(fetchProgress: { progress?($0 + "\n") })
        return [
            Builtin("corpus", [.required("name")]) { args in
                let name = try args.string("name")
                do {
                    return .list(try store.documents(name).map { .record(ValueData.record($0.record)) })
                } catch {
                    throw args.error("name", "\(error)")
                }
            },
            Builtin("bin_by_tokens", [.required("model"), .required("docs"), .required("edges"),
                                      .optional("per_bin"), .optional("seed", 0)]) { args in
                try Self.binByTokens(args)
            },
            Builtin("json_parse", [.required("text")]) { args in
                .record(ValueData.record(JSONExtraction.extract(try Self.text(args, "text")).record))
            },
            Builtin("json_score", [.required("value"), .required("schema")]) { args in
                let schema = try Self.schema(args)
                let score: JSONScore
                switch args["value"] {
                case .string, .native:
                    switch JSONExtraction.extract(try Self.text(args, "value")) {
                    case .found(let value, _): score = JSONScore.score(value, schema: schema)
                    case .failed: score = JSONScore.unparsed(schema: schema)
                    }
                default:
                    score = JSONScore.score(try ValueData.data(args["value"]), schema: schema)
                }
                return .record(ValueData.record(score.record))
            },
        ]
    }

    private static func schema(_ args: Arguments) throws -> JSONSchema {
        var data = try ValueData.data(args["schema"])
        if case .string(let text) = data {
            do {
                data = try JSON.decode(text)
            } catch {
                throw args.error("schema", "\(error)")
            }
        }
        do {
            return try JSONSchema(data)
        } catch {
            throw args.error("schema", "\(error)")
        }
    }

    /// `bin_by_tokens`: each document (a string, or a record with a `text` field) counted
    /// with the model's tokenizer; up to `per_bin` of them per bin, as records with `tokens`,
    /// `bin` (`"500-1000"`), `bin_low` and `bin_high` added.
    private static func binByTokens(_ args: Arguments) throws -> Value {
        let model = try Self.model(args)
        let documents = try args.list("docs")
        let edges: [Int] = try args.list("edges").map { item in
            guard case .number(let n) = item, let edge = Int(exactly: n) else {
                throw args.error("edges", "expected whole token counts, found \(item.typeName)")
            }
            return edge
        }
        do {
            try TokenBins.validate(edges)
        } catch {
            throw args.error("edges", "\(error)")
        }
        var perBin: Int?
        if !args.isNil("per_bin") {
            let count = try args.int("per_bin")
            guard count >= 0 else { throw args.error("per_bin", "expected a count ≥ 0") }
            perBin = count
        }
        let seed = UInt64(truncatingIfNeeded: try args.int("seed"))
        let tokenizer = model.loaded.model.tokenizer
        let cancellation = args.interpreter.cancellation
        var records: [Record] = []
        var counts: [Int] = []
        for (index, document) in documents.enumerated() {
            if cancellation.isCancelled { throw Diagnostic(.cancelled, "cancelled") }
            let record: Record
            switch document {
            case .string(let text):
                record = Record([("text", .string(text))])
            case .record(let fields):
                guard case .string? = fields["text"] else {
                    throw args.error("docs", "document \(index + 1) has no text field")
                }
                record = fields
            default:
                throw args.error("docs", "expected strings or records with a text field; item \(index + 1) is a \(document.typeName)")
            }
            guard case .string(let text)? = record["text"] else { continue }
            records.append(record)
            counts.append(tokenizer.encode(text).count)
        }
        let picks = TokenBins.sample(counts: counts, edges: edges, perBin: perBin, seed: seed)
        return .list(picks.map { pick in
            var record = records[pick.index]
            let low = edges[pick.bin], high = edges[pick.bin + 1]
            record["tokens"] = .number(Double(counts[pick.index]))
            record["bin"] = .string("\(low)-\(high)")
            record["bin_low"] = .number(Double(low))
            record["bin_high"] = .number(Double(high))
            return .record(record)
        })
    }
}
