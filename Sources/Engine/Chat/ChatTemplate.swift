/// A model's chat format, recognised from its Jinja `tokenizer.chat_template` and rendered
/// natively (no general Jinja engine): the output equals the template's own rendering
/// for conversations of system, user and assistant messages.
///
/// A new family (Gemma's `<start_of_turn>`, Llama 3's headers) is a new case of `Family`,
/// a marker in `recognise`, and its own format type.
public struct ChatTemplate: Sendable {
    /// The template families this engine renders.
    public enum Family: String, Sendable, CaseIterable {
        /// `<|im_start|>role\n…<|im_end|>\n` turns.
        case chatML = "chatml"
    }

    /// The template source as stored in the model file.
    public let source: String
    /// The recognised family.
    public let family: Family
    /// The system message the template inserts when a conversation has none, if any.
    public var defaultSystemMessage: String? { chatML.defaultSystemMessage }

    private let chatML: ChatMLFormat

    /// Recognises a template from its source.
    /// - Throws: `ChatTemplateError.unknownFamily` when no known family matches.
    public init(source: String) throws {
        self.source = source
        family = try Self.recognise(source)
        chatML = ChatMLFormat(template: source)
    }

    /// Reads `tokenizer.chat_template` from a model file.
    /// - Throws: `ChatTemplateError.missingTemplate` when the key is absent, `GGUFError` when
    ///   it is not a string, `ChatTemplateError.unknownFamily` for an unknown template.
    public init(gguf: GGUFFile) throws {
        guard gguf.has("tokenizer.chat_template") else { throw ChatTemplateError.missingTemplate }
        try self.init(source: gguf.string("tokenizer.chat_template"))
    }

    /// The prompt text of a conversation; with `addGenerationPrompt` it ends with the
    /// opening of an assistant turn. Tokenize it with special-token parsing on.
    public func render(_ messages: [ChatMessage], addGenerationPrompt: Bool) -> String {
        switch family {
        case .chatML: return chatML.render(messages, addGenerationPrompt: addGenerationPrompt)
        }
    }

    /// The family of a template, by the markers llama.cpp's template detection uses;
    /// ChatML look-alikes with extra separators (Phi-4's `<|im_sep|>`, SmolVLM's
    /// `<end_of_utterance>`) are not ChatML.
    private static func recognise(_ source: String) throws -> Family {
        if source.contains(ChatMLFormat.turnStart), !source.contains("<|im_sep|>"),
           !source.contains("<end_of_utterance>") {
            return .chatML
        }
        let excerpt = String(source.prefix(80))
        throw ChatTemplateError.unknownFamily(excerpt: excerpt, known: Family.allCases.map(\.rawValue))
    }
}
