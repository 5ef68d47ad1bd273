/// The kind of a vocabulary entry, with the raw values of `tokenizer.ggml.token_type`.
public enum TokenType: Int, Sendable {
    /// Ordinary text, byte-level encoded.
    case normal = 1
    /// The unknown-token placeholder.
    case unknown = 2
    /// A control token such as `<|im_start|>`: parsed only on request, rendered only on request.
    case control = 3
    /// A token added by the model's authors; always matched as a whole in the input text.
    case userDefined = 4
    /// A slot that is never produced.
    case unused = 5
    /// A raw byte token (`<0x0A>` style).
    case byte = 6
}
