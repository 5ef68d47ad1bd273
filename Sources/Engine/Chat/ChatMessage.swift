/// One turn of a conversation.
public struct ChatMessage: Equatable, Sendable {
    /// Who speaks: `system`, `user` or `assistant`.
    public var role: String
    /// What is said, as plain text.
    public var content: String

    /// Creates a message.
    public init(role: String, content: String) {
        self.role = role
        self.content = content
    }
}
