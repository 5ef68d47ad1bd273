extension TokenizerVocabulary {
    /// Reads the `tokenizer.ggml.*` metadata of a GGUF file.
    ///
    /// Required: `model`, `tokens`, `pre`. Optional: `token_type` (absent: all normal),
    /// `merges`, `bos_token_id`, `eos_token_id`, `add_bos_token` (absent: only the
    /// Llama 3 pre-tokenizer adds BOS, as in llama.cpp).
    /// - Throws: `GGUFError` for a missing or mistyped key, `TokenizerError` for a bad token type.
    public init(gguf: GGUFFile) throws {
        let tokens = try gguf.stringArray("tokenizer.ggml.tokens")
        var types = Array(repeating: TokenType.normal, count: tokens.count)
        if gguf.has("tokenizer.ggml.token_type") {
            let raw = try gguf.intArray("tokenizer.ggml.token_type")
            guard raw.count == tokens.count else {
                throw TokenizerError.tokenTypeCountMismatch(tokens: tokens.count, types: raw.count)
            }
            for (index, value) in raw.enumerated() {
                guard let type = TokenType(rawValue: value) else {
                    throw TokenizerError.invalidTokenType(index: index, value: value)
                }
                types[index] = type
            }
        }
        let pre = try gguf.string("tokenizer.ggml.pre")
        func optionalInt(_ key: String) throws -> Int? { gguf.has(key) ? try gguf.int(key) : nil }
        self.init(
            tokens: tokens,
            tokenTypes: types,
            merges: gguf.has("tokenizer.ggml.merges") ? try gguf.stringArray("tokenizer.ggml.merges") : [],
            model: try gguf.string("tokenizer.ggml.model"),
            pre: pre,
            bosID: try optionalInt("tokenizer.ggml.bos_token_id"),
            eosID: try optionalInt("tokenizer.ggml.eos_token_id"),
            addsBOS: gguf.has("tokenizer.ggml.add_bos_token")
                ? try gguf.bool("tokenizer.ggml.add_bos_token")
                : (try? PreTokenizer(name: pre)) == .llama3)
    }
}

extension Tokenizer {
    /// Builds the tokenizer a GGUF file describes; no tensor data is touched.
    /// - Throws: `GGUFError` for missing or mistyped metadata, `TokenizerError` for an
    ///   unsupported model or pre-tokenizer.
    public convenience init(gguf: GGUFFile) throws {
        try self.init(vocabulary: TokenizerVocabulary(gguf: gguf))
    }
}
