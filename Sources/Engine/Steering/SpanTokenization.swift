/// How a prompt with marked spans becomes tokens.
public enum SpanTokenization: String, Sendable, Hashable, CaseIterable {
    /// The clean text is tokenized once, so the ids are exactly those of the same prompt
    /// without tags; a span is the tokens that cover its characters. A token that
    /// straddles a span's edge belongs to the span (reported in `MarkedPrompt.boundaryNotes`).
    case whole
    /// The reference pipeline's way: the text before, inside and after every span is
    /// tokenized on its own and the ids concatenated, so a span holds exactly the tokens
    /// of its own text, but the ids can differ from the unmarked prompt's.
    case pieces
}

/// What a marked prompt needs of a tokenizer. `Tokenizer` provides it; tests may use a
/// small stand-in.
public protocol PromptEncoding {
    /// The id a prompt starts with, nil when prompts get no BOS.
    var promptBOS: Int? { get }
    /// Token ids of `text` without BOS; special-token syntax counts only inside the
    /// `special` UTF-8 byte ranges.
    func encode(_ text: String, parseSpecialIn special: [Range<Int>]) -> [Int]
    /// The bytes token `id` stands for in encoded text (a special token: its own text).
    func textBytes(of id: Int) -> [UInt8]
}
