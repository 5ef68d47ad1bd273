import Engine

/// A prompt with marked spans, before it meets a tokenizer: the text cut into pieces,
/// each inside one span (with its level) or outside any, and how the spans are tokenized.
///
/// `prompt(text)` parses tags in plain text; `chat(m, user, system:)` renders the model's
/// chat format around the tagged messages, so spans land on the messages' own tokens.
/// By default the clean text is tokenized once (the ids equal the unmarked prompt's);
/// `spans: "pieces"` tokenizes piece by piece as the reference pipeline does.
public struct GuidePrompt: Equatable {
    /// The pieces in order; joined they give `text`.
    public let pieces: [PromptPiece]
    /// Whole text (default) or piece by piece.
    public let tokenization: SpanTokenization

    /// Parses span tags in `tagged`; bad tags throw `SpanTagError` with their line:column.
    public init(tagged: String, tokenization: SpanTokenization = .whole) throws {
        pieces = try TaggedText(parsing: tagged).pieces
        self.tokenization = tokenization
    }

    init(pieces: [PromptPiece], tokenization: SpanTokenization) {
        self.pieces = pieces
        self.tokenization = tokenization
    }

    /// A conversation in `model`'s chat format: an optional system message, then the user
    /// message, then the assistant's turn opened. Tags in both messages are kept.
    public static func chat(model: LanguageModel, user: String, system: String?,
                            tokenization: SpanTokenization = .whole) throws -> GuidePrompt {
        guard let template = model.chatTemplate else { throw EngineCallError.noChatTemplate(model: model.name) }
        let roles = (system == nil ? [] : ["system"]) + ["user"]
        let contents = (system.map { [$0] } ?? []) + [user]
        let pieces = try ChatPieces.pieces(contents: contents) { rendered in
            template.render(zip(roles, rendered).map { ChatMessage(role: $0, content: $1) }, addGenerationPrompt: true)
        }
        return GuidePrompt(pieces: pieces, tokenization: tokenization)
    }

    /// The text without tags (for chat: the whole rendered conversation).
    public var text: String { pieces.map(\.text).joined() }

    /// The marked spans in order: their level and text.
    public var spans: [(level: SpanLevel, text: String)] {
        pieces.compactMap { piece in piece.level.map { ($0, piece.text) } }
    }

    /// The prompt's tokens and span positions under `model`'s tokenizer (BOS first when
    /// the model adds one).
    public func marked(for model: LanguageModel) throws -> MarkedPrompt {
        try MarkedPrompt(pieces: pieces, tokenizer: model.tokenizer, tokenization: tokenization)
    }
}
