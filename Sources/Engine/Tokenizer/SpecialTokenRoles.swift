/// Roles that llama.cpp gives tokens by their text, beyond what the GGUF metadata says
/// (src/llama-vocab.cpp, "auto-detect special tokens by text"). A token found this way
/// is treated as a control token even when the file types it as normal: it is then
/// parsed only with special-token parsing on and rendered only on request.
enum SpecialTokenRoles {
    /// Texts of tokens that end generation.
    static let endOfGenerationTexts: Set<String> = [
        "<|eot_id|>", "<|im_end|>", "<|end|>", "<|return|>", "<|call|>", "<|flush|>", "<|calls|>",
        "<end_of_turn>", "<|endoftext|>", "</s>", "<|eom_id|>", "<EOT>", "_<EOT>", "[EOT]", "[EOS]",
        "<|end_of_text|>", "<end_of_utterance>", "<eos>", "<turn|>", "<|tool_response>",
    ]

    /// Fill-in-the-middle roles; each takes the first listed text the vocabulary has.
    /// The last three (pad, repository, file separator) also end generation.
    static let fillInTheMiddleTexts: [(role: String, texts: [String], endsGeneration: Bool)] = [
        ("prefix", ["<|fim_prefix|>", "<fim-prefix>", "<fim_prefix>", "<PRE>", "<|code_prefix|>", "<|prefix|>"], false),
        ("suffix", ["<|fim_suffix|>", "<fim-suffix>", "<fim_suffix>", "<SUF>", "<|code_suffix|>", "<|suffix|>"], false),
        ("middle", ["<|fim_middle|>", "<fim-middle>", "<fim_middle>", "<MID>", "<|code_middle|>", "<|middle|>"], false),
        ("pad", ["<|fim_pad|>", "<fim-pad>", "<fim_pad>", "<PAD>", "[PAD]"], true),
        ("repository", ["<|fim_repo|>", "<|repo_name|>", "<fim-repo>", "<REPO>", "<reponame>"], true),
        ("file separator", ["<|file_sep|>"], true),
    ]

    /// The effective token types and the end-of-generation set for a vocabulary.
    static func resolve(types: [TokenType], tokenIDs: [TokenText: Int],
                        eosID: Int?) -> (types: [TokenType], endOfGeneration: Set<Int>) {
        var types = types
        var endOfGeneration = Set<Int>()
        func promote(_ id: Int) {
            if types[id] != .control { types[id] = .control }
        }
        for role in fillInTheMiddleTexts {
            guard let id = role.texts.lazy.compactMap({ tokenIDs[TokenText($0)] }).first else { continue }
            promote(id)
            if role.endsGeneration { endOfGeneration.insert(id) }
        }
        for text in endOfGenerationTexts {
            guard let id = tokenIDs[TokenText(text)] else { continue }
            promote(id)
            endOfGeneration.insert(id)
        }
        if let eosID { endOfGeneration.insert(eosID) }
        return (types, endOfGeneration)
    }
}
