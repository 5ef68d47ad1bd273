import Engine
import GuideLang

/// `generate(…)`'s result. Fields: `text`, `tokens` (generated ids), `pieces` (each
/// token decoded alone), `logprobs` (natural log, one per token), `stop_reason` (`eog`,
/// `stop`, `length`, `context`, or `interrupted` when Ctrl-C stopped it in the REPL and the
/// text so far was kept), `tokens_per_second`, `prompt_tokens`, `seed` (the seed that
/// repeats a sampled call; nil for a greedy call given none).
public final class GenerationValue: NativeValue, DataConvertible, TextBearing, StreamedDisplayable {
    /// The engine's result.
    public let generation: Generation
    /// Vocabulary strings of the generated tokens.
    public let pieces: [String]
    /// The sampling seed: given, or drawn for a sampled call; nil for a greedy call given none.
    public let seed: UInt64?
    /// Whether tokens were sampled (temperature > 0) rather than chosen greedily.
    public let sampled: Bool

    init(_ generation: Generation, seed: UInt64?, sampled: Bool, pieces: [String]) {
        self.generation = generation
        self.seed = seed
        self.sampled = sampled
        self.pieces = pieces
    }

    public var typeName: String { "generation" }
    public var memberNames: [String] {
        ["text", "tokens", "pieces", "logprobs", "stop_reason", "tokens_per_second", "prompt_tokens", "seed"]
    }

    public func member(_ name: String) throws -> Value? {
        switch name {
        case "text": return .string(generation.text)
        case "tokens": return .list(generation.tokens.map { .number(Double($0)) })
        case "pieces": return .list(pieces.map { .string($0) })
        case "logprobs": return .list(generation.logprobs.map { .number(Double(shortest: $0)) })
        case "stop_reason": return .string(generation.stopReason.description)
        case "tokens_per_second": return .number(generation.tokensPerSecond)
        case "prompt_tokens": return .number(Double(generation.promptTokens.count))
        case "seed": return seed.map { .number(Double($0)) } ?? .nil
        default: return nil
        }
    }

    public func displayText() -> String { generation.text }

    /// The text, and under it (dimmed) the seed that repeats a sampled call.
    public func terminalText(colored: Bool) -> String {
        guard let note = seedNote else { return generation.text }
        return generation.text + "\n" + (colored ? "\u{1B}[2m\(note)\u{1B}[0m" : note)
    }

    /// The seed note alone (dimmed), or "": the text was streamed already.
    func terminalTextAfterStreaming(colored: Bool) -> String {
        guard let note = seedNote else { return "" }
        return colored ? "\u{1B}[2m\(note)\u{1B}[0m" : note
    }

    /// The generated text.
    public var text: String { generation.text }

    public func isEqual(to other: NativeValue) -> Bool {
        guard let o = other as? GenerationValue else { return false }
        return o.generation.tokens == generation.tokens && o.generation.text == generation.text
    }

    /// The text, tokens, stop reason and, when there is one, the seed (timings are left out
    /// so recorded rows are reproducible).
    public var data: DataValue {
        var fields: [(String, DataValue)] = [
            ("text", .string(generation.text)),
            ("tokens", .list(generation.tokens.map { .number(Double($0)) })),
            ("stop_reason", .string(generation.stopReason.description)),
        ]
        if let seed { fields.append(("seed", .number(Double(seed)))) }
        return .record(DataRecord(fields))
    }

    /// A note under the text in a cell's display: the seed that repeats a sampled call.
    public var seedNote: String? {
        guard let seed, sampled else { return nil }
        return "(sampled with seed \(seed); generate(…, seed: \(seed)) repeats it)"
    }
}
