import Testing
@testable import Engine

/// Byte-level BPE loses nothing: any text decodes back from its tokens, in both parse
/// modes, on both real vocabularies.
@Suite struct TokenizerRoundTripTests {
    /// Fragments that stress the pre-tokenizers: scripts, digits, whitespace runs,
    /// contractions, combining marks, emoji sequences and special-token texts.
    private static let fragments = [
        "a", "Z", "hello", " world", "'s", "'LL", "’", "42", "٣", "½", " ", "  ", "\t", "\n", "\r\n",
        "\u{00A0}", "\u{3000}", "é", "e\u{301}", "ß", "İ", "日本語", "한국어", "🍕", "👍🏽", "👨‍👩‍👧",
        "<|im_start|>", "<|im_end|>", "</s>", "<tool_call>", "<|", "|>", "{\"k\":", "...", "—", "\u{0}",
    ]

    /// A deterministic pseudo-random text of `count` fragments.
    private static func text(seed: UInt64, count: Int) -> String {
        var state = seed
        var result = ""
        for _ in 0..<count {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            result += fragments[Int(state >> 33) % fragments.count]
        }
        return result
    }

    @Test(arguments: TokenizerReference.modelNames)
    func randomTextsRoundTrip(model: String) throws {
        let tokenizer = try RealTokenizers.tokenizer(model)
        for seed in UInt64(1)...200 {
            let text = Self.text(seed: seed, count: Int(seed % 40) + 1)
            #expect(tokenizer.decode(tokenizer.encode(text)) == text, "seed \(seed)")
            #expect(tokenizer.decode(tokenizer.encode(text, parseSpecial: true), renderSpecial: true) == text,
                    "seed \(seed)")
        }
    }
}
