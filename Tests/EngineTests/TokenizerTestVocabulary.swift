@testable import Engine

/// A small hand-made byte-level vocabulary: the 256 byte scalars (id = byte value), a few
/// merges, and special tokens of every kind.
enum TokenizerTestVocabulary {
    static let merged = ["he", "ll", "hell", "hello", "Ġw", "Ġwo", "aa", "Ġh", "Ġhello"]
    static let merges = ["h e", "l l", "he ll", "hell o", "Ġ w", "Ġw o", "a a", "Ġ h", "Ġh ello", "Ġhe llo"]
    static let specials: [(String, TokenType)] = [
        ("<|im_start|>", .control), ("<|im_end|>", .control), ("<|endoftext|>", .control),
        ("<tool>", .userDefined), ("</s>", .normal), ("<unused0>", .unused),
    ]

    /// The vocabulary, with the given model and pre-tokenizer names.
    static func vocabulary(model: String = "gpt2", pre: String = "qwen2") -> TokenizerVocabulary {
        let bytes = (0..<256).map { String(ByteLevelEncoding.scalarForByte[$0]) }
        let tokens = bytes + merged + specials.map(\.0)
        let types = Array(repeating: TokenType.normal, count: bytes.count + merged.count) + specials.map(\.1)
        return TokenizerVocabulary(tokens: tokens, tokenTypes: types, merges: merges, model: model,
                                   pre: pre, bosID: id("<|im_start|>"), eosID: id("<|im_end|>"), addsBOS: false)
    }

    /// The id of a vocabulary string.
    static func id(_ token: String) -> Int {
        if token.unicodeScalars.count == 1, let byte = (0..<256).first(where: {
            String(ByteLevelEncoding.scalarForByte[$0]) == token
        }) {
            return byte
        }
        if let index = merged.firstIndex(of: token) { return 256 + index }
        if let index = specials.firstIndex(where: { $0.0 == token }) { return 256 + merged.count + index }
        return -1
    }

    static func tokenizer(pre: String = "qwen2") throws -> Tokenizer {
        try Tokenizer(vocabulary: vocabulary(pre: pre))
    }
}
