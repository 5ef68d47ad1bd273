/// The rule that cuts text into words before byte-pair merging, named after
/// `tokenizer.ggml.pre`. Each rule follows llama.cpp's hand-written splitter for the
/// regular expression that the pre-tokenizer name stands for (src/llama-vocab.cpp,
/// src/unicode.cpp); letters and numbers are the Unicode general categories L* and N*,
/// whitespace is the White_Space property.
public enum PreTokenizer: String, Sendable, CaseIterable {
    /// GPT-2: `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`.
    case gpt2
    /// SmolLM: every `\p{N}` scalar becomes its own piece first, then the GPT-2 rule runs
    /// inside each piece.
    case smollm
    /// Qwen2: `(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}|
    /// ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+` (one digit per word).
    case qwen2
    /// Llama 3 (`llama-bpe`): the Qwen2 rule with up to three digits per word; words
    /// already in the vocabulary skip merging.
    case llama3

    /// The `tokenizer.ggml.pre` values accepted for each rule: llama.cpp's names for it
    /// (src/llama-vocab.cpp), and `gpt2` as a spelling of `gpt-2`.
    static let names: [(String, PreTokenizer)] = [
        ("gpt-2", .gpt2), ("gpt2", .gpt2), ("smollm", .smollm), ("qwen2", .qwen2), ("deepseek-r1-qwen", .qwen2),
        ("llama-bpe", .llama3), ("llama3", .llama3), ("llama-v3", .llama3),
    ]

    /// The pre-tokenizer for a `tokenizer.ggml.pre` value.
    /// - Throws: `TokenizerError.unsupportedPreTokenizer` for any other name.
    public init(name: String) throws {
        guard let match = Self.names.first(where: { $0.0 == name }) else {
            throw TokenizerError.unsupportedPreTokenizer(found: name, supported: Self.names.map(\.0))
        }
        self = match.1
    }

    /// Whether a word found whole in the vocabulary is emitted without merging
    /// (llama.cpp's `ignore_merges`).
    var ignoresMerges: Bool { self == .llama3 }

    /// Appends the scalar ranges of the words of `text` to `words`, in order; together
    /// they cover the text exactly.
    func split(_ text: ScalarText, into words: inout [Range<Int>]) {
        let all = 0..<text.count
        switch self {
        case .gpt2:
            WordSplitter.splitGPT2(text, all, into: &words)
        case .smollm:
            for piece in WordSplitter.isolateNumbers(text, all) {
                WordSplitter.splitGPT2(text, piece, into: &words)
            }
        case .qwen2:
            WordSplitter.splitLlama3(text, all, maxDigits: 1, into: &words)
        case .llama3:
            WordSplitter.splitLlama3(text, all, maxDigits: 3, into: &words)
        }
    }
}
