/// The ChatML turn format: `<|im_start|>{role}\n{content}<|im_end|>\n` per message and
/// `<|im_start|>assistant\n` as the generation prompt (Qwen, SmolLM and many others).
///
/// Many ChatML templates open a conversation that has no system message with a default
/// one of their own. It is read from the template: the first string literal of the form
/// `<|im_start|>system\n…<|im_end|>`. A literal written before the template's message
/// loop is emitted even for an empty conversation; one inside the loop only with a
/// first message. Every role is a plain turn: tool calls and Qwen's `tool` role
/// (rendered by its template as a user turn wrapped in `<tool_response>`) are not modelled.
struct ChatMLFormat: Equatable {
    static let turnStart = "<|im_start|>"
    static let turnEnd = "<|im_end|>"

    /// The system message the template inserts, if any.
    var defaultSystemMessage: String?
    /// Whether the default system message is emitted when there are no messages at all.
    var defaultSystemWithoutMessages: Bool

    /// Reads the default system message from the template source.
    init(template: String) {
        let opening = Self.turnStart + "system\n"
        let found = JinjaStringLiterals.literals(in: template).lazy.compactMap { literal -> (String, Int)? in
            guard literal.text.hasPrefix(opening), let end = literal.text.range(of: Self.turnEnd) else { return nil }
            let body = literal.text[literal.text.index(literal.text.startIndex, offsetBy: opening.count)..<end.lowerBound]
            return body.isEmpty ? nil : (String(body), literal.offset)
        }.first
        defaultSystemMessage = found?.0
        let loopOffset = Self.messageLoopOffset(in: template)
        defaultSystemWithoutMessages = found.map { literal in loopOffset.map { literal.1 < $0 } ?? true } ?? false
    }

    /// Renders the conversation.
    func render(_ messages: [ChatMessage], addGenerationPrompt: Bool) -> String {
        var text = ""
        if let system = defaultSystemMessage, messages.first?.role != "system",
           !messages.isEmpty || defaultSystemWithoutMessages {
            text += turn(role: "system", content: system)
        }
        for message in messages { text += turn(role: message.role, content: message.content) }
        if addGenerationPrompt { text += Self.turnStart + "assistant\n" }
        return text
    }

    private func turn(role: String, content: String) -> String {
        Self.turnStart + role + "\n" + content + Self.turnEnd + "\n"
    }

    /// The scalar offset of the `for message in messages` tag, if any.
    private static func messageLoopOffset(in template: String) -> Int? {
        guard let range = template.range(of: "for message in messages") else { return nil }
        return template.unicodeScalars.distance(from: template.unicodeScalars.startIndex, to: range.lowerBound)
    }
}
