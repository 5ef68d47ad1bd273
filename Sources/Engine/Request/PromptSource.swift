/// A prompt before it meets a tokenizer: the text cut into pieces, each inside one marked
/// span (with its level) or outside any, and how the spans are tokenized.
///
/// Written as tagged text (`init(tagged:)`) or as chat messages in a model's chat format
/// (`init(chat:template:)`); either way tag errors surface here, before any model runs.
/// By default the clean text is tokenized once (the ids equal the unmarked prompt's);
/// `.pieces` tokenizes piece by piece as the reference pipeline does.
public struct PromptSource: Sendable, Equatable {
    /// The pieces in order; joined they give `text`.
    public let pieces: [PromptPiece]
    /// Whole text (default) or piece by piece.
    public let tokenization: SpanTokenization

    /// Parses span tags in `tagged`; bad tags throw `SpanTagError` with their line:column.
    public init(tagged: String, tokenization: SpanTokenization = .whole) throws {
        self.init(pieces: try TaggedText(parsing: tagged).pieces, tokenization: tokenization)
    }

    /// `messages` formatted with `template`; tags inside message contents survive the
    /// template and mark the message's own tokens. Tag errors name the message
    /// (`SpanMappingError.inMessage`).
    public init(chat messages: [ChatMessage], template: ChatTemplate, addGenerationPrompt: Bool = true,
                tokenization: SpanTokenization = .whole) throws {
        let pieces = try ChatPieces.pieces(contents: messages.map(\.content)) { contents in
            template.render(zip(messages, contents).map { ChatMessage(role: $0.role, content: $1) },
                            addGenerationPrompt: addGenerationPrompt)
        }
        self.init(pieces: pieces, tokenization: tokenization)
    }

    /// Pieces as they are.
    public init(pieces: [PromptPiece], tokenization: SpanTokenization = .whole) {
        self.pieces = pieces
        self.tokenization = tokenization
    }

    /// The text without tags (for chat: the whole rendered conversation).
    public var text: String { pieces.map(\.text).joined() }

    /// The marked spans in order: their level and text.
    public var spans: [(level: SpanLevel, text: String)] {
        pieces.compactMap { piece in piece.level.map { ($0, piece.text) } }
    }

    /// The prompt's tokens and span positions under `tokenizer` (BOS first when it adds one).
    public func marked(by tokenizer: Tokenizer) throws -> MarkedPrompt {
        try MarkedPrompt(pieces: pieces, tokenizer: tokenizer, tokenization: tokenization)
    }
}
