/// Why a model's chat template cannot be used.
public enum ChatTemplateError: Error, Equatable, CustomStringConvertible {
    /// The model file has no `tokenizer.chat_template`.
    case missingTemplate
    /// The template belongs to no family this engine knows; `excerpt` is its beginning.
    case unknownFamily(excerpt: String, known: [String])

    public var description: String {
        switch self {
        case .missingTemplate:
            return "the model has no chat template (tokenizer.chat_template)"
        case let .unknownFamily(excerpt, known):
            return "unknown chat template family (known: \(known.joined(separator: ", "))); template begins: \(excerpt)"
        }
    }
}
