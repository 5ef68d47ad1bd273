/// Roles that llama.cpp gives tokens by their text, beyond what the GGUF metadata says
/// (src/llama-vocab.cpp of llama.cpp as vendored by llama-cpp-python 0.3.36, "auto-detect
/// special tokens by text"). A token found this way is treated as a control token even
/// when the file types it as normal: it is then parsed only with special-token parsing
/// on and rendered only on request.
enum SpecialTokenRoles {
    /// Texts of tokens that end generation.
    static let endOfGenerationTexts: Set<String> = [
        "<|eot_id|>", "<|im_end|>", "<|end|>", "<|return|>", "<|call|>", "<|flush|>", "<|calls|>",
        "<end_of_turn>", "<|endoftext|>", "</s>", "<|eom_id|>", "<EOT>", "_<EOT>", "[EOT]", "[EOS]",
        "<|end_of_text|>", "<end_of_utterance>", "<eos>", "<turn|>", "<|tool_response>",
        "<｜end▁of▁sentence｜>", "[e~[",
    ]

    /// Single-token roles found by text (end of turn, fill-in-the-middle); each takes the
    /// first listed text the vocabulary has. Pad, repository and file separator also end
    /// generation.
    static let singleRoles: [(texts: [String], endsGeneration: Bool)] = [
        (["<|eot_id|>", "<|im_end|>", "<|end|>", "<end_of_turn>", "<|endoftext|>", "<|end_of_text|>",
          "<EOT>", "_<EOT>", "[EOT]", "<｜end▁of▁sentence｜>", "<end_of_utterance>"], true),
        (["<|fim_prefix|>", "<fim-prefix>", "<fim_prefix>", "<｜fim▁begin｜>", "<PRE>", "▁<PRE>",
          "<|code_prefix|>", "<|prefix|>"], false),
        (["<|fim_suffix|>", "<fim-suffix>", "<fim_suffix>", "<｜fim▁hole｜>", "<SUF>", "▁<SUF>",
          "<|code_suffix|>", "<|suffix|>"], false),
        (["<|fim_middle|>", "<fim-middle>", "<fim_middle>", "<｜fim▁end｜>", "<MID>", "▁<MID>",
          "<|code_middle|>", "<|middle|>"], false),
        (["<|fim_pad|>", "<fim-pad>", "<fim_pad>", "<PAD>", "[PAD]"], true),
        (["<|fim_repo|>", "<|repo_name|>", "<fim-repo>", "<REPO>", "<reponame>"], true),
        (["<|file_sep|>"], true),
    ]

    /// Tokens always parsed and rendered as text (gpt-oss's channel markup).
    static let alwaysRenderedTexts = ["<|channel|>", "<|message|>", "<|start|>", "<|constrain|>"]

    /// The effective token types and the end-of-generation set for a vocabulary.
    static func resolve(types: [TokenType], tokenIDs: [TokenText: Int],
                        eosID: Int?) -> (types: [TokenType], endOfGeneration: Set<Int>) {
        var types = types
        var endOfGeneration = Set<Int>()
        func id(_ text: String) -> Int? { tokenIDs[TokenText(text)] }
        func promote(_ id: Int) {
            if types[id] != .control { types[id] = .control }
        }
        for role in singleRoles {
            guard let found = role.texts.lazy.compactMap(id).first else { continue }
            promote(found)
            if role.endsGeneration { endOfGeneration.insert(found) }
        }
        for text in endOfGenerationTexts {
            guard let found = id(text) else { continue }
            promote(found)
            endOfGeneration.insert(found)
        }
        for found in alwaysRenderedTexts.compactMap(id) { types[found] = .userDefined }
        if let eosID { endOfGeneration.insert(eosID) }

        func member(_ text: String) -> Int? { id(text).flatMap { endOfGeneration.contains($0) ? $0 : nil } }
        // Harmony-style vocabularies end turns with <|return|> / <|call|>; <|end|> only ends a message.
        if let end = member("<|end|>"), member("<|call|>") != nil || member("<|calls|>") != nil,
           member("<|return|>") != nil || member("<|flush|>") != nil {
            endOfGeneration.remove(end)
            types[end] = .userDefined
        }
        // Where </s> is ordinary text beside a real end marker, it stays ordinary.
        if let closing = member("</s>"), member("<|tool_response>") != nil || member("<|plamo:eos|>") != nil {
            endOfGeneration.remove(closing)
            types[closing] = .normal
        }
        return (types, endOfGeneration)
    }
}
