/// A text whose span tags have been removed, with the spans they marked.
///
/// Tags: `<!-> … <-!>`, `<!!-> … <-!!>`, `<!!!-> … <-!!!>` (GUIDE levels 1–3) and
/// `<?-> … <-?>` (the measured span). The whitespace just inside the tags goes with the
/// tags, as the reference pipeline's `match.strip()` does: `"<!-> Summarize: <-!> Text"`
/// reads `"Summarize: Text"`. A backslash before a tag (`\<!->`) writes the tag
/// literally. Spans cannot nest, must close with their own level and cannot be empty
/// (whitespace only counts as empty).
public struct TaggedText: Sendable, Hashable {
    /// One marked span of the clean text.
    public struct Span: Sendable, Hashable {
        /// The span's level.
        public var level: SpanLevel
        /// Character (grapheme cluster) offsets into `TaggedText.text`, 0-based, half-open.
        public var range: Range<Int>

        public init(level: SpanLevel, range: Range<Int>) {
            self.level = level
            self.range = range
        }
    }

    /// The text with every tag removed and escapes resolved.
    public let text: String
    /// The spans in text order; they never overlap.
    public let spans: [Span]

    /// Parses `tagged`, throwing `SpanTagError` with the tag's line:column on bad tags.
    public init(parsing tagged: String) throws {
        var parser = TagParser(tagged)
        (text, spans) = try parser.parse()
    }

    /// The clean text cut at span boundaries, in order: text outside spans (level nil)
    /// and each span's text; empty outside pieces are left out. Special-token syntax is
    /// never parsed in these pieces.
    public var pieces: [PromptPiece] {
        let characters = Array(text)
        var result: [PromptPiece] = []
        var cursor = 0
        for span in spans {
            if span.range.lowerBound > cursor {
                result.append(PromptPiece(String(characters[cursor..<span.range.lowerBound])))
            }
            result.append(PromptPiece(String(characters[span.range]), level: span.level))
            cursor = span.range.upperBound
        }
        if cursor < characters.count {
            result.append(PromptPiece(String(characters[cursor...])))
        }
        return result
    }

    /// The text of `span`.
    public func text(of span: Span) -> String {
        let characters = Array(text)
        return String(characters[span.range])
    }
}

/// Scans a tagged string once, left to right, tracking line and column for errors.
private struct TagParser {
    private static let tags: [(tag: [Character], level: SpanLevel, opens: Bool)] =
        SpanLevel.allCases.flatMap { level in
            [(Array(level.openingTag), level, true), (Array(level.closingTag), level, false)]
        }

    private let input: [Character]
    private var index = 0
    private var line = 1
    private var column = 1

    init(_ text: String) { input = Array(text) }

    mutating func parse() throws -> (String, [TaggedText.Span]) {
        var output: [Character] = []
        output.reserveCapacity(input.count)
        var spans: [TaggedText.Span] = []
        var open: (level: SpanLevel, at: TagPosition, start: Int)?

        while index < input.count {
            let here = TagPosition(line: line, column: column)
            if input[index] == "\\", let escaped = tag(at: index + 1) {
                advance(by: 1)
                output.append(contentsOf: escaped.tag)
                advance(by: escaped.tag.count)
                continue
            }
            guard let found = tag(at: index) else {
                output.append(input[index])
                advance(by: 1)
                continue
            }
            if found.opens {
                if let outer = open {
                    throw SpanTagError.nested(opening: found.level, at: here,
                                              outer: outer.level, outerAt: outer.at)
                }
                open = (found.level, here, output.count)
            } else {
                guard let current = open else {
                    throw SpanTagError.unopened(closing: found.level, at: here)
                }
                guard current.level == found.level else {
                    throw SpanTagError.mismatched(closing: found.level, at: here,
                                                  opening: current.level, openedAt: current.at)
                }
                dropWhitespace(of: &output, after: current.start)
                guard output.count > current.start else {
                    throw SpanTagError.empty(current.level, at: current.at)
                }
                spans.append(.init(level: current.level, range: current.start..<output.count))
                open = nil
            }
            advance(by: found.tag.count)
        }
        if let current = open {
            throw SpanTagError.unclosed(opening: current.level, at: current.at)
        }
        return (String(output), spans)
    }

    /// Removes the whitespace at both ends of `output[start...]`, the span just closed.
    private func dropWhitespace(of output: inout [Character], after start: Int) {
        var end = output.count
        while end > start, output[end - 1].isWhitespace { end -= 1 }
        var begin = start
        while begin < end, output[begin].isWhitespace { begin += 1 }
        output.removeSubrange(end...)
        output.removeSubrange(start..<begin)
    }

    private func tag(at position: Int) -> (tag: [Character], level: SpanLevel, opens: Bool)? {
        guard position < input.count, input[position] == "<" else { return nil }
        return Self.tags.first { candidate in
            position + candidate.tag.count <= input.count
                && input[position..<position + candidate.tag.count].elementsEqual(candidate.tag)
        }
    }

    private mutating func advance(by count: Int) {
        for _ in 0..<count {
            if input[index].isNewline {
                line += 1
                column = 1
            } else {
                column += 1
            }
            index += 1
        }
    }
}
