/// A piece of prompt text: inside one marked span or outside any, written by a chat
/// template or by the user.
public struct PromptPiece: Sendable, Hashable {
    /// The text, tags already removed.
    public var text: String
    /// The span level when the piece is a marked span, nil outside spans.
    public var level: SpanLevel?
    /// Whether special-token text (`<|im_start|>`) becomes special tokens: true only for
    /// the parts a chat template wrote, never for user text.
    public var parseSpecial: Bool

    public init(_ text: String, level: SpanLevel? = nil, parseSpecial: Bool = false) {
        self.text = text
        self.level = level
        self.parseSpecial = parseSpecial
    }
}

/// A marked span over token positions of a `MarkedPrompt`.
public struct TokenSpan: Sendable, Hashable {
    /// The span's level.
    public var level: SpanLevel
    /// Token positions, 0-based and half-open, counting a leading BOS.
    public var tokens: Range<Int>

    public init(level: SpanLevel, tokens: Range<Int>) {
        self.level = level
        self.tokens = tokens
    }
}

/// A span edge that falls inside a token (whole-text tokenization): the token holds text
/// of the span and text outside it.
public struct SpanBoundaryNote: Sendable, Hashable, CustomStringConvertible {
    /// Which edge of the span the token straddles.
    public enum Edge: String, Sendable, Hashable {
        case start, end
    }

    /// The span's level and text.
    public var level: SpanLevel
    public var spanText: String
    public var edge: Edge
    /// The token's position in `MarkedPrompt.tokens` and its text.
    public var token: Int
    public var tokenText: String
    /// True when the token is counted in this span; false when it already belongs to the
    /// previous span (two spans with no token boundary between them).
    public var inSpan: Bool

    public init(level: SpanLevel, spanText: String, edge: Edge, token: Int, tokenText: String, inSpan: Bool) {
        self.level = level
        self.spanText = spanText
        self.edge = edge
        self.token = token
        self.tokenText = tokenText
        self.inSpan = inSpan
    }

    public var description: String {
        let span = level.openingTag + spanText + level.closingTag
        let owner = inSpan ? "it is counted in the span" : "it is counted in the previous span"
        return "span \(span) \(edge == .start ? "starts" : "ends") inside token \(token) "
            + "(\(String(reflecting: tokenText))); \(owner)"
    }
}

/// Why a prompt's spans could not be mapped to tokens.
public enum SpanMappingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A tag error inside chat message `message` (0-based); positions are within that message.
    case inMessage(Int, SpanTagError)
    /// The chat template did not render message `message` (0-based) exactly once.
    case messageNotRendered(Int)
    /// A span's text produced no tokens (piecewise), or lies inside a token of the previous
    /// span (whole text).
    case spanWithoutTokens(SpanLevel, text: String)
    /// The tokens' bytes do not spell the text, so characters cannot be mapped to tokens.
    case tokensDoNotSpellText

    public var description: String {
        switch self {
        case let .inMessage(index, error): return "message \(index + 1), \(error)"
        case let .messageNotRendered(index):
            return "the chat template does not render message \(index + 1) exactly once, "
                + "so its spans cannot be placed"
        case let .spanWithoutTokens(level, text):
            return "span \(level.openingTag)\(text)\(level.closingTag) has no token of its own "
                + "(it lies inside a token of the previous span); put a space between the spans "
                + "or tokenize them as pieces"
        case .tokensDoNotSpellText:
            return "the tokenizer's tokens do not spell the prompt's text, so spans cannot be "
                + "placed on them; tokenize the spans as pieces"
        }
    }
}

/// A prompt's token ids with each marked span mapped to its tokens.
///
/// With `.whole` (the default) the clean text is tokenized once: the ids are exactly the
/// unmarked prompt's, and each span is the tokens covering its characters. With `.pieces`
/// each piece is tokenized on its own, as the reference pipeline does. BOS comes first when
/// the tokenizer adds one and the text does not already start with it.
public struct MarkedPrompt: Sendable, Hashable {
    /// The clean text (for chat: the rendered conversation without tags).
    public let text: String
    /// Token ids of the whole prompt, BOS first when the tokenizer adds one.
    public let tokens: [Int]
    /// The spans in token order; they never overlap.
    public let spans: [TokenSpan]
    /// How the spans were tokenized.
    public let tokenization: SpanTokenization
    /// The ids of the clean text tokenized in one go: the unmarked prompt. Equal to
    /// `tokens` with `.whole`.
    public let wholeTextTokens: [Int]
    /// Span edges that fall inside a token (`.whole` only), in span order.
    public let boundaryNotes: [SpanBoundaryNote]

    /// Whether the tokens differ from the unmarked prompt's (only ever with `.pieces`).
    public var tokenizationDiffers: Bool { tokens != wholeTextTokens }

    /// Tokenizes `pieces` with `encoder` as `tokenization` says.
    /// - Throws: `SpanMappingError` when a span gets no token.
    public init(pieces: [PromptPiece], encoder: some PromptEncoding,
                tokenization: SpanTokenization = .whole) throws {
        let pieces = pieces.filter { !$0.text.isEmpty }
        let text = pieces.map(\.text).joined()
        let byteRanges = Self.byteRanges(of: pieces)
        let special = Self.merged(zip(pieces, byteRanges).filter { $0.0.parseSpecial }.map(\.1))
        let whole = encoder.encode(text, parseSpecialIn: special)
        var mapped: (tokens: [Int], spans: [TokenSpan], notes: [SpanBoundaryNote])
        switch tokenization {
        case .whole:
            mapped = try Self.mapSpans(pieces, byteRanges: byteRanges, text: text, tokens: whole, encoder: encoder)
        case .pieces:
            mapped = try Self.tokenizePieces(pieces, encoder: encoder)
        }
        var wholeTextTokens = whole
        if let bos = encoder.promptBOS {
            if mapped.tokens.first != bos {
                mapped.tokens.insert(bos, at: 0)
                mapped.spans = mapped.spans.map { TokenSpan(level: $0.level, tokens: $0.tokens.lowerBound + 1..<$0.tokens.upperBound + 1) }
                mapped.notes = mapped.notes.map { var note = $0; note.token += 1; return note }
            }
            if wholeTextTokens.first != bos { wholeTextTokens.insert(bos, at: 0) }
        }
        self.text = text
        self.tokens = mapped.tokens
        self.spans = mapped.spans
        self.tokenization = tokenization
        self.wholeTextTokens = wholeTextTokens
        self.boundaryNotes = mapped.notes
    }

    /// The level of the span holding token `position`, nil outside spans.
    public func level(ofToken position: Int) -> SpanLevel? {
        spans.first { $0.tokens.contains(position) }?.level
    }

    /// 1 on the tokens of every measured (`<?->`) span, 0 elsewhere; length `tokens.count`.
    public var measuredIndicator: [Float] {
        var indicator = [Float](repeating: 0, count: tokens.count)
        for span in spans where span.level == .measured {
            for position in span.tokens { indicator[position] = 1 }
        }
        return indicator
    }

    /// The UTF-8 byte range of each piece in the joined text.
    private static func byteRanges(of pieces: [PromptPiece]) -> [Range<Int>] {
        var offset = 0
        return pieces.map { piece in
            let start = offset
            offset += piece.text.utf8.count
            return start..<offset
        }
    }

    /// `ranges` (in order) with touching ranges joined.
    private static func merged(_ ranges: [Range<Int>]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        for range in ranges {
            if let last = result.last, last.upperBound == range.lowerBound {
                result[result.count - 1] = last.lowerBound..<range.upperBound
            } else {
                result.append(range)
            }
        }
        return result
    }
}
