import Engine

/// Prompts as a terminal shows them, spans visible: the text with its tags, each span's
/// text highlighted on a colour terminal; the tokens as flowing lines separated by `│`, with
/// spaces shown as `␣`, newlines as `↵` and tabs as `⇥`, each span's tokens inside its tags
/// (`Please│<!->␣translate│␣this<-!>│␣now`) and highlighted as well.
public enum SpanDisplay {
    /// One token: its text decoded alone and the level of the span holding it.
    public struct Token: Sendable, Equatable {
        public var text: String
        public var level: SpanLevel?

        public init(text: String, level: SpanLevel?) {
            self.text = text
            self.level = level
        }
    }

    /// The text of `pieces` with each span inside its tags, its text highlighted when `colored`.
    public static func prompt(_ pieces: [(text: String, level: SpanLevel?)], colored: Bool) -> String {
        pieces.map { piece in
            guard let level = piece.level else { return piece.text }
            guard colored else { return level.openingTag + piece.text + level.closingTag }
            return "\u{1B}[\(tagStyle)m\(level.openingTag)\u{1B}[0m\u{1B}[\(spanStyle(level))m\(piece.text)\u{1B}[0m"
                + "\u{1B}[\(tagStyle)m\(level.closingTag)\u{1B}[0m"
        }.joined()
    }

    /// `tokens` in lines of at most `width` visible characters (a longer token gets its own line).
    public static func tokens(_ tokens: [Token], colored: Bool, width: Int = 80) -> String {
        var lines: [String] = []
        var line = "", lineWidth = 0
        var open: SpanLevel?
        for (index, token) in tokens.enumerated() {
            var piece = "", pieceWidth = 0
            func add(_ text: String, style: String? = nil) {
                piece += colored && style != nil ? "\u{1B}[\(style!)m" + text + "\u{1B}[0m" : text
                pieceWidth += text.count
            }
            if token.level != open, let level = open { add(level.closingTag, style: tagStyle) }
            if index > 0 { add("│", style: separatorStyle) }
            if token.level != open, let level = token.level { add(level.openingTag, style: tagStyle) }
            open = token.level
            add(visible(token.text), style: open.map(spanStyle))
            if lineWidth > 0, lineWidth + pieceWidth > width {
                lines.append(line)
                (line, lineWidth) = ("", 0)
            }
            line += piece
            lineWidth += pieceWidth
        }
        if let level = open {
            line += colored ? "\u{1B}[\(tagStyle)m" + level.closingTag + "\u{1B}[0m" : level.closingTag
        }
        lines.append(line)
        return lines.joined(separator: "\n")
    }

    /// `text` with its spaces, newlines and tabs made visible.
    public static func visible(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case " ": out += "␣"
            case "\n": out += "↵"
            case "\r\n": out += "↵"
            case "\t": out += "⇥"
            default: out.append(character)
            }
        }
        return out
    }

    private static let tagStyle = "2"
    private static let separatorStyle = "2"

    /// Bold on a background of the level's colour: yellow Δ, orange 2Δ, red 4Δ, blue measured.
    private static func spanStyle(_ level: SpanLevel) -> String {
        switch level {
        case .guide1: return "1;30;48;5;229"
        case .guide2: return "1;30;48;5;215"
        case .guide3: return "1;30;48;5;203"
        case .measured: return "1;30;48;5;153"
        }
    }
}
