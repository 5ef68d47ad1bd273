extension Tokenizer: PromptEncoding {
    /// BOS when the tokenizer adds one to prompts.
    public var promptBOS: Int? { addsBOS ? bosID : nil }

    /// The bytes of `id` as text holds them (control tokens as their own text).
    public func textBytes(of id: Int) -> [UInt8] { bytes(id, renderSpecial: true) }
}

extension MarkedPrompt {
    /// Tokenizes `pieces` with `tokenizer`, BOS first when the tokenizer adds one.
    public init(pieces: [PromptPiece], tokenizer: Tokenizer, tokenization: SpanTokenization = .whole) throws {
        try self.init(pieces: pieces, encoder: tokenizer, tokenization: tokenization)
    }

    /// Tokenizes tagged text. Throws `SpanTagError` with the tag's line:column.
    public init(tagged: String, tokenizer: Tokenizer, tokenization: SpanTokenization = .whole) throws {
        try self.init(pieces: TaggedText(parsing: tagged).pieces, tokenizer: tokenizer, tokenization: tokenization)
    }

    /// Formats `messages` with `template`; tags inside message contents survive the
    /// template and mark the message's own tokens. Tag errors name the message.
    public init(chat messages: [ChatMessage], template: ChatTemplate, tokenizer: Tokenizer,
                addGenerationPrompt: Bool = true, tokenization: SpanTokenization = .whole) throws {
        self = try PromptSource(chat: messages, template: template, addGenerationPrompt: addGenerationPrompt,
                                tokenization: tokenization).marked(by: tokenizer)
    }
}
