/// Why a model's chat template cannot be used.
public enum ChatTemplateError: Error, Equatable, CustomStringConvertible {
    /// The model file has no `tokenizer.chat_template` (base models such as gemma-3-270m).
    case missingTemplate
    /// The template belongs to no family this engine knows; `excerpt` is its beginning.
    case unknownFamily(excerpt: String, known: [String])

    public var description: String {
        switch self {
        case .missingTemplate:
            return "the model has no chat template (its file has no tokenizer.chat_template, as base models "
                + "do not): it continues text and cannot take chat messages; give it a plain prompt"
        case let .unknownFamily(excerpt, known):
            return "unknown chat template family (known: \(known.joined(separator: ", "))); template begins: \(excerpt)"
        }
    }
}
