import Engine
import GuideLang

/// `generate(…)`'s result. Fields: `text`, `tokens` (generated ids), `pieces` (each
/// token decoded alone), `logprobs` (natural log, one per token), `stop_reason` (`eog`,
/// `stop`, `length`, `context`), `tokens_per_second`, `prompt_tokens`.
public final class GenerationValue: NativeValue, DataConvertible, TextBearing {
    /// The engine's result.
    public let generation: Generation
    /// Vocabulary strings of the generated tokens.
    public let pieces: [String]

    init(_ generation: Generation, pieces: [String]) {
        self.generation = generation
        self.pieces = pieces
    }

    public var typeName: String { "generation" }
    public var memberNames: [String] {
        ["text", "tokens", "pieces", "logprobs", "stop_reason", "tokens_per_second", "prompt_tokens"]
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
        default: return nil
        }
    }

    public func displayText() -> String { generation.text }

    /// The generated text.
    public var text: String { generation.text }

    public func isEqual(to other: NativeValue) -> Bool {
        guard let o = other as? GenerationValue else { return false }
        return o.generation.tokens == generation.tokens && o.generation.text == generation.text
    }

    /// The text, tokens and stop reason (timings are left out so recorded rows are reproducible).
    public var data: DataValue {
        .record(DataRecord([
            ("text", .string(generation.text)),
            ("tokens", .list(generation.tokens.map { .number(Double($0)) })),
            ("stop_reason", .string(generation.stopReason.description)),
        ]))
    }
}
