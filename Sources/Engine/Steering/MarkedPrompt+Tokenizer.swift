extension MarkedPrompt {
    /// Tokenizes `pieces` with `tokenizer`, BOS first when the tokenizer adds one.
    public init(pieces: [PromptPiece], tokenizer: Tokenizer) throws {
        try self.init(pieces: pieces, bos: tokenizer.addsBOS ? tokenizer.bosID : nil) {
            tokenizer.encode($0, parseSpecial: $1)
        }
    }

    /// Tokenizes tagged text piecewise. Throws `SpanTagError` with the tag's line:column.
    public init(tagged: String, tokenizer: Tokenizer) throws {
        try self.init(pieces: TaggedText(parsing: tagged).pieces, tokenizer: tokenizer)
    }

    /// Formats `messages` with `template`; tags inside message contents survive the
    /// template and mark the message's own tokens. Tag errors name the message.
    public init(chat messages: [ChatMessage], template: ChatTemplate, tokenizer: Tokenizer,
                addGenerationPrompt: Bool = true) throws {
        let pieces = try ChatPieces.pieces(contents: messages.map(\.content)) { contents in
            template.render(zip(messages, contents).map { ChatMessage(role: $0.role, content: $1) },
                            addGenerationPrompt: addGenerationPrompt)
        }
        try self.init(pieces: pieces, tokenizer: tokenizer)
    }
}
