/// A 1-based line and column (in characters) of a span tag inside the text that held it.
public struct TagPosition: Sendable, Hashable, CustomStringConvertible {
    /// 1-based line number.
    public var line: Int
    /// 1-based column, counted in characters (grapheme clusters) from the line start.
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public var description: String { "\(line):\(column)" }
}

/// Why a tagged text could not be split into clean text and spans.
public enum SpanTagError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A closing tag with no open span.
    case unopened(closing: SpanLevel, at: TagPosition)
    /// An opening tag whose span is never closed.
    case unclosed(opening: SpanLevel, at: TagPosition)
    /// An opening tag inside a span that is still open.
    case nested(opening: SpanLevel, at: TagPosition, outer: SpanLevel, outerAt: TagPosition)
    /// A closing tag of another level than the open span.
    case mismatched(closing: SpanLevel, at: TagPosition, opening: SpanLevel, openedAt: TagPosition)
    /// A span with no text (or only whitespace) between its tags.
    case empty(SpanLevel, at: TagPosition)

    /// Where the offending tag starts.
    public var position: TagPosition {
        switch self {
        case .unopened(_, let at), .unclosed(_, let at), .nested(_, let at, _, _),
             .mismatched(_, let at, _, _), .empty(_, let at):
            return at
        }
    }

    public var description: String {
        switch self {
        case let .unopened(closing, at):
            return "\(at): closing tag \(closing.closingTag) has no matching \(closing.openingTag)"
        case let .unclosed(opening, at):
            return "\(at): tag \(opening.openingTag) is never closed (expected \(opening.closingTag))"
        case let .nested(opening, at, outer, outerAt):
            return "\(at): tag \(opening.openingTag) opens inside the \(outer.openingTag) span "
                + "opened at \(outerAt); spans cannot nest"
        case let .mismatched(closing, at, opening, openedAt):
            return "\(at): closing tag \(closing.closingTag) does not match \(opening.openingTag) "
                + "opened at \(openedAt) (expected \(opening.closingTag))"
        case let .empty(level, at):
            return "\(at): span \(level.openingTag)\(level.closingTag) is empty (whitespace inside the tags is dropped)"
        }
    }
}
