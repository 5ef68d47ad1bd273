/// Everything a tokenizer is built from: the `tokenizer.ggml.*` metadata of a GGUF file,
/// or a vocabulary made by hand in tests.
public struct TokenizerVocabulary: Sendable {
    /// Vocabulary strings indexed by token id (byte-level encoded for `gpt2` normal tokens,
    /// `▁` for spaces for `llama` ones).
    public var tokens: [String]
    /// The type of each token, same length as `tokens`.
    public var tokenTypes: [TokenType]
    /// Merge rules `"left right"`, best (rank 0) first (`gpt2` only).
    public var merges: [String]
    /// The score of each token, higher merges first (`llama` only; empty: all 0).
    public var scores: [Float]
    /// The tokenizer family (`tokenizer.ggml.model`): `gpt2` (byte-level BPE) or `llama`
    /// (SentencePiece pieces merged by score, with byte fallback).
    public var model: String
    /// The pre-tokenizer name (`tokenizer.ggml.pre`; `gpt2` only, ignored for `llama`).
    public var pre: String
    /// The beginning-of-sequence token id, if the model names one.
    public var bosID: Int?
    /// The end-of-sequence token id, if the model names one.
    public var eosID: Int?
    /// The unknown-token id, if the model names one (`llama`: what a byte without a byte
    /// token becomes).
    public var unknownID: Int?
    /// Whether prompts should start with BOS (`tokenizer.ggml.add_bos_token`).
    public var addsBOS: Bool
    /// Whether a space is put before text that starts the prompt or follows a special
    /// token (`tokenizer.ggml.add_space_prefix`; `llama` only).
    public var addsSpacePrefix: Bool

    /// Creates a vocabulary from its parts.
    public init(tokens: [String], tokenTypes: [TokenType], merges: [String], scores: [Float] = [],
                model: String, pre: String, bosID: Int?, eosID: Int?, unknownID: Int? = nil,
                addsBOS: Bool, addsSpacePrefix: Bool = false) {
        self.tokens = tokens
        self.tokenTypes = tokenTypes
        self.merges = merges
        self.scores = scores
        self.model = model
        self.pre = pre
        self.bosID = bosID
        self.eosID = eosID
        self.unknownID = unknownID
        self.addsBOS = addsBOS
        self.addsSpacePrefix = addsSpacePrefix
    }
}
