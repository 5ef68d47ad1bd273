/// Everything a tokenizer is built from: the `tokenizer.ggml.*` metadata of a GGUF file,
/// or a vocabulary made by hand in tests.
public struct TokenizerVocabulary: Sendable {
    /// Vocabulary strings indexed by token id (byte-level encoded for normal tokens).
    public var tokens: [String]
    /// The type of each token, same length as `tokens`.
    public var tokenTypes: [TokenType]
    /// Merge rules `"left right"`, best (rank 0) first.
    public var merges: [String]
    /// The tokenizer family (`tokenizer.ggml.model`); only `gpt2` (byte-level BPE) is supported.
    public var model: String
    /// The pre-tokenizer name (`tokenizer.ggml.pre`).
    public var pre: String
    /// The beginning-of-sequence token id, if the model names one.
    public var bosID: Int?
    /// The end-of-sequence token id, if the model names one.
    public var eosID: Int?
    /// Whether prompts should start with BOS (`tokenizer.ggml.add_bos_token`).
    public var addsBOS: Bool

    /// Creates a vocabulary from its parts.
    public init(tokens: [String], tokenTypes: [TokenType], merges: [String], model: String,
                pre: String, bosID: Int?, eosID: Int?, addsBOS: Bool) {
        self.tokens = tokens
        self.tokenTypes = tokenTypes
        self.merges = merges
        self.model = model
        self.pre = pre
        self.bosID = bosID
        self.eosID = eosID
        self.addsBOS = addsBOS
    }
}
