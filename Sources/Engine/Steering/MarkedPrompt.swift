/// A piece of prompt text that is tokenized on its own.
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

/// Why a prompt's spans could not be mapped to tokens.
public enum SpanMappingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A tag error inside chat message `message` (0-based); positions are within that message.
    case inMessage(Int, SpanTagError)
    /// The chat template did not render message `message` (0-based) exactly once.
    case messageNotRendered(Int)
    /// A span's text produced no tokens.
    case spanWithoutTokens(SpanLevel, text: String)

    public var description: String {
        switch self {
        case let .inMessage(index, error): return "message \(index + 1), \(error)"
        case let .messageNotRendered(index):
            return "the chat template does not render message \(index + 1) exactly once, "
                + "so its spans cannot be placed"
        case let .spanWithoutTokens(level, text):
            return "span \(level.openingTag)\(text)\(level.closingTag) produces no tokens"
        }
    }
}

/// A prompt tokenized piece by piece, with each marked span mapped to its tokens.
///
/// Each piece (text before, inside and after every span; chat template parts) is
/// tokenized separately and the results are concatenated, BOS only at the very start;
/// so a span covers exactly the tokens of its own text.
public struct MarkedPrompt: Sendable, Hashable {
    /// The clean text (for chat: the rendered conversation without tags).
    public let text: String
    /// Token ids of the whole prompt, BOS first when the tokenizer adds one.
    public let tokens: [Int]
    /// The spans in token order.
    public let spans: [TokenSpan]
    /// Tokens of the clean text tokenized in one go (special tokens parsed only if any
    /// piece parses them), for comparison with the piecewise `tokens`.
    public let wholeTextTokens: [Int]

    /// Whether piecewise tokenization gave other tokens than tokenizing the whole text.
    public var tokenizationDiffers: Bool { tokens != wholeTextTokens }

    /// Tokenizes `pieces` one by one with `encode(text, parseSpecial)` (which never adds
    /// BOS) and prepends `bos` unless the first piece already starts with it.
    public init(pieces: [PromptPiece], bos: Int?,
                encode: (_ text: String, _ parseSpecial: Bool) -> [Int]) throws {
        var tokens: [Int] = []
        var spans: [TokenSpan] = []
        for piece in pieces where !piece.text.isEmpty {
            let ids = encode(piece.text, piece.parseSpecial)
            if let level = piece.level {
                guard !ids.isEmpty else {
                    throw SpanMappingError.spanWithoutTokens(level, text: piece.text)
                }
                spans.append(TokenSpan(level: level, tokens: tokens.count..<tokens.count + ids.count))
            }
            tokens += ids
        }
        let text = pieces.map(\.text).joined()
        var whole = encode(text, pieces.contains { $0.parseSpecial })
        if let bos {
            if tokens.first != bos {
                tokens.insert(bos, at: 0)
                spans = spans.map { TokenSpan(level: $0.level, tokens: $0.tokens.lowerBound + 1..<$0.tokens.upperBound + 1) }
            }
            if whole.first != bos { whole.insert(bos, at: 0) }
        }
        self.text = text
        self.tokens = tokens
        self.spans = spans
        self.wholeTextTokens = whole
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
}
