import Engine
import GuideLang

/// `prompt(text)` or `chat(m, …)`: text with marked spans. Fields: `text` (tags removed),
/// `spans` (records `{tag, level, text}`), `tagged` (the text with tags written back).
public final class PromptValue: NativeValue, DataConvertible, TerminalDisplayable {
    /// The parsed prompt.
    public let prompt: PromptSource

    init(_ prompt: PromptSource) { self.prompt = prompt }

    public var typeName: String { "prompt" }
    public var memberNames: [String] { ["text", "spans", "tagged"] }

    public func member(_ name: String) throws -> Value? {
        switch name {
        case "text": return .string(prompt.text)
        case "tagged": return .string(tagged)
        case "spans":
            return .list(prompt.spans.map { span in
                .record(Record([("tag", .string(span.level.openingTag)),
                                ("level", .number(Double(span.level.rawValue))),
                                ("text", .string(span.text))]))
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
