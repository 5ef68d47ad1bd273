import Engine
import GuideLang

/// `prompt(text)` or `chat(m, …)`: text with marked spans. Fields: `text` (tags removed),
/// `spans` (records `{tag, level, text}`, with `start` and `end` token indices when the prompt
/// was made for a model), `tagged` (the text with tags written back).
public final class PromptValue: NativeValue, DataConvertible, TerminalDisplayable {
    /// The parsed prompt.
    public let prompt: PromptSource
    /// Each span's tokens in the model's tokenization of the prompt (as `tokens(m, p)` numbers
    /// them, BOS included), parallel to `prompt.spans`; nil when no model was given.
    public let spanTokens: [Range<Int>]?

    init(_ prompt: PromptSource) {
        self.prompt = prompt
        spanTokens = nil
    }

    /// A prompt whose spans know their tokens under `tokenizer`.
    /// - Throws: `SpanMappingError` when a span covers no token.
    init(_ prompt: PromptSource, tokenizer: Tokenizer) throws {
        self.prompt = prompt
        let marked = try prompt.marked(by: tokenizer)
        // Spans of empty text take no token and are absent from `marked`: match them by order
        // only when every span is there.
        spanTokens = marked.spans.count == prompt.spans.count ? marked.spans.map(\.tokens) : nil
    }

    public var typeName: String { "prompt" }
    public var memberNames: [String] { ["text", "spans", "tagged"] }

    public func member(_ name: String) throws -> Value? {
        switch name {
        case "text": return .string(prompt.text)
        case "tagged": return .string(tagged)
        case "spans":
            return .list(prompt.spans.enumerated().map { index, span in
                var record = Record([("tag", .string(span.level.openingTag)),
                                     ("level", .number(Double(span.level.rawValue))),
                                     ("text", .string(span.text))])
                if let tokens = spanTokens?[index] {
                    record["start"] = .number(Double(tokens.lowerBound))
                    record["end"] = .number(Double(tokens.upperBound))
                }
                return .record(record)
            })
        default: return nil
        }
    }

    /// Runs of text with their span level (1–3 GUIDE, 0 measured, nil outside spans), in
    /// order, for renderers that highlight spans.
    public var segments: [(text: String, level: Int?)] {
        prompt.pieces.map { ($0.text, $0.level?.rawValue) }
    }

    /// The text with its span tags written back (literal tags in the text are not escaped).
    public var tagged: String {
        prompt.pieces.map { piece in
            piece.level.map { $0.openingTag + piece.text + $0.closingTag } ?? piece.text
        }.joined()
    }

    public func displayText() -> String { tagged }

    /// The tagged text; on a colour terminal with each span's text highlighted.
    public func terminalText(colored: Bool) -> String {
        SpanDisplay.prompt(prompt.pieces.map { ($0.text, $0.level) }, colored: colored)
    }

    public func isEqual(to other: NativeValue) -> Bool {
        (other as? PromptValue)?.prompt == prompt
    }

    public var data: DataValue { .string(tagged) }
}
