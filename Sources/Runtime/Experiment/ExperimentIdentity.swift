import Crypto
import Engine
import GuideLang
import Registry

/// Digests of what determines an experiment row's result, for its `RowKey`.
///
/// Besides the row and the parameters (hashed by `RowKey`), a row's result depends on the
/// experiment body's source and everything it reaches (`ExperimentDependencies`: functions
/// by their normalised source, other values by value), on the model files involved (by
/// their SHA-256, see `ModelFingerprints`) and on the engine's arithmetic
/// (`engineNumericsVersion`). Change any of them and every row gets a new key.
public enum ExperimentIdentity {
    /// The version of the engine's numerics: bump it with any change to the engine that
    /// can change a number or a generated token (a kernel, a rounding, a tokenizer fix),
    /// so recorded rows are computed again instead of mixing two engines' results.
    /// 1: float dot products over llama.cpp's rounded activations; 2: single-row products in
    /// integer lanes (`CQuantDot`) under llama.cpp numerics; 3: prefill products of Q4_0,
    /// Q4_1, Q5_0 and Q8_0 weights in integer lanes too (`guide_qgemm`).
    public static let engineNumericsVersion = 3

    /// The digest of an experiment's dependencies; models are named by their file's SHA-256.
    public static func digest(of dependencies: ExperimentDependencies, models: ModelFingerprints) throws -> String {
        var hasher = IdentityHasher(models: models)
        hasher.add(text: "engine numerics \(engineNumericsVersion)")
        hasher.add(text: dependencies.body)
        for (path, dependency) in dependencies.reached {
            hasher.add(text: path)
            switch dependency {
            case .source(let source): hasher.add(text: "source"); hasher.add(text: source)
            case .builtin(let name): hasher.add(text: "builtin"); hasher.add(text: name)
            case .value(let value): hasher.add(text: "value"); try hasher.add(value)
            }
        }
        return hasher.hexDigest()
    }

    /// The digest of one row's content; models in it are named by their file's SHA-256.
    public static func digest(ofRow row: Value, models: ModelFingerprints) throws -> String {
        var hasher = IdentityHasher(models: models)
        try hasher.add(row)
        return hasher.hexDigest()
    }
}

/// Feeds values into SHA-256 in an unambiguous encoding (a tag per kind, lengths before
/// contents), iteratively so that deeply nested data cannot exhaust the stack.
struct IdentityHasher {
    private var sha = SHA256()
    /// Bytes not yet hashed: small pieces are gathered and hashed in large blocks.
    private var pending: [UInt8] = []
    private let models: ModelFingerprints

    init(models: ModelFingerprints) { self.models = models }

    private enum Item {
        case value(Value)
        case data(DataValue)
        case text(String)
    }

    mutating func add(text: String) {
        pending += "s\(text.utf8.count):".utf8
        pending += text.utf8
        flushIfLarge()
    }

    mutating func add(_ value: Value) throws {
        var stack: [Item] = [.value(value)]
        while let item = stack.popLast() {
            switch item {
            case .text(let text): add(text: text)
            case .data(let data): push(data, onto: &stack)
            case .value(let value):
                switch value {
                case .nil: tag("n")
                case .bool(let b): tag(b ? "t" : "f")
                case .number(let n): tag("d\(n.bitPattern)")
                case .string(let s): add(text: s)
                case .list(let items):
                    tag("l\(items.count)")
                    stack += items.reversed().map { .value($0) }
                case .record(let record):
                    tag("r\(record.count)")
                    for field in record.fields.reversed() { stack += [.value(field.value), .text(field.key)] }
                case .range(let r): tag("g\(r.lower),\(r.upper),\(r.isClosed)")
                case .keyPath(let name): tag("k"); add(text: name)
                case .function(let function): tag("F"); add(text: function.name)
                case .native(let native):
                    tag("N")
                    add(text: native.typeName)
                    if let model = native as? ModelValue {
                        add(text: try models.sha256(ofModelAt: model.loaded.path))
                    } else if let convertible = native as? DataConvertible {
                        push(convertible.data, onto: &stack)
                    } else {
                        add(text: native.displayText())
                    }
                }
            }
        }
    }

    private mutating func push(_ data: DataValue, onto stack: inout [Item]) {
        switch data {
        case .null: tag("n")
        case .bool(let b): tag(b ? "t" : "f")
        case .number(let n): tag("d\(n.bitPattern)")
        case .string(let s): add(text: s)
        case .list(let items):
            tag("l\(items.count)")
            stack += items.reversed().map { .data($0) }
        case .record(let record):
            tag("r\(record.fields.count)")
            for field in record.fields.reversed() { stack += [.data(field.value), .text(field.key)] }
        }
    }

    private mutating func tag(_ text: String) {
        pending += text.utf8
        pending.append(UInt8(ascii: ";"))
        flushIfLarge()
    }

    private mutating func flushIfLarge() {
        guard pending.count >= 1 << 16 else { return }
        sha.update(data: pending)
        pending.removeAll(keepingCapacity: true)
    }

    mutating func hexDigest() -> String {
        sha.update(data: pending)
        pending.removeAll()
        return FileDigest.hex(sha.finalize())
    }
}
