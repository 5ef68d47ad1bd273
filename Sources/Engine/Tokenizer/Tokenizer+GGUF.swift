extension TokenizerVocabulary {
    /// Reads the `tokenizer.ggml.*` metadata of a GGUF file.
    ///
    /// Required: `model`, `tokens`, and `pre` for `gpt2`. Optional: `token_type` (absent:
    /// all normal), `merges`, `scores`, `bos_token_id`, `eos_token_id`, `unknown_token_id`,
    /// `add_bos_token`, `add_space_prefix`. Absent keys take llama.cpp's defaults: for
    /// `gpt2` only the Llama 3 pre-tokenizer adds BOS and no space prefix is added; for
    /// `llama` (SentencePiece) BOS is 1, EOS 2, unknown 0, BOS and the space prefix are added.
    /// - Throws: `GGUFError` for a missing or mistyped key, `TokenizerError` for a bad token
    ///   type or a score count that does not match the tokens.
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
        var scores: [Float] = []
        if gguf.has("tokenizer.ggml.scores") {
            scores = try gguf.floatArray("tokenizer.ggml.scores")
            guard scores.count == tokens.count else {
                throw TokenizerError.scoreCountMismatch(tokens: tokens.count, scores: scores.count)
            }
        }
        let model = try gguf.string("tokenizer.ggml.model")
        let sentencePiece = model == Tokenizer.sentencePieceModel
        let pre = sentencePiece && !gguf.has("tokenizer.ggml.pre") ? "default" : try gguf.string("tokenizer.ggml.pre")
        func optionalInt(_ key: String, sentencePieceDefault: Int?) throws -> Int? {
            gguf.has(key) ? try gguf.int(key) : (sentencePiece ? sentencePieceDefault : nil)
        }
        func flag(_ key: String, default fallback: Bool) throws -> Bool {
            gguf.has(key) ? try gguf.bool(key) : fallback
        }
        self.init(
            tokens: tokens,
            tokenTypes: types,
            merges: gguf.has("tokenizer.ggml.merges") ? try gguf.stringArray("tokenizer.ggml.merges") : [],
            scores: scores,
            model: model,
            pre: pre,
            bosID: try optionalInt("tokenizer.ggml.bos_token_id", sentencePieceDefault: 1),
            eosID: try optionalInt("tokenizer.ggml.eos_token_id", sentencePieceDefault: 2),
            unknownID: try optionalInt("tokenizer.ggml.unknown_token_id", sentencePieceDefault: 0),
            addsBOS: try flag("tokenizer.ggml.add_bos_token",
                              default: sentencePiece || (try? PreTokenizer(name: pre)) == .llama3),
            addsSpacePrefix: try flag("tokenizer.ggml.add_space_prefix", default: sentencePiece))
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
