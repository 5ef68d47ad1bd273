/// Why a tokenizer or its vocabulary could not be built.
public enum TokenizerError: Error, Equatable, CustomStringConvertible {
    /// `tokenizer.ggml.model` names a tokenizer family this engine does not implement.
    case unsupportedModel(found: String, supported: [String])
    /// `tokenizer.ggml.pre` names a pre-tokenizer this engine does not implement.
    case unsupportedPreTokenizer(found: String, supported: [String])
    /// The vocabulary has no tokens.
    case emptyVocabulary
    /// Token types and tokens disagree in length.
    case tokenTypeCountMismatch(tokens: Int, types: Int)
    /// A token type value is outside the GGUF range 1...6.
    case invalidTokenType(index: Int, value: Int)
    /// A special token id (BOS, EOS) is outside the vocabulary.
    case specialTokenOutOfRange(role: String, id: Int, vocabSize: Int)
    /// A merge rule is not two space-separated strings.
    case malformedMerge(index: Int, text: String)
    /// Token scores and tokens disagree in length.
    case scoreCountMismatch(tokens: Int, scores: Int)

    public var description: String {
        switch self {
        case let .unsupportedModel(found, supported):
            return "unsupported tokenizer model '\(found)' (supported: \(supported.joined(separator: ", ")))"
        case let .unsupportedPreTokenizer(found, supported):
            return "unsupported pre-tokenizer '\(found)' (supported: \(supported.joined(separator: ", ")))"
        case .emptyVocabulary:
            return "the vocabulary has no tokens"
        case let .tokenTypeCountMismatch(tokens, types):
            return "token type count \(types) does not match token count \(tokens)"
        case let .invalidTokenType(index, value):
            return "token \(index) has type \(value), expected 1...6"
        case let .specialTokenOutOfRange(role, id, vocabSize):
            return "\(role) token id \(id) is outside the vocabulary (size \(vocabSize))"
        case let .malformedMerge(index, text):
            return "merge \(index) '\(text)' is not two space-separated tokens"
        case let .scoreCountMismatch(tokens, scores):
            return "token score count \(scores) does not match token count \(tokens)"
        }
    }
}
