import Testing
@testable import Engine

/// Chat rendering equals the Jinja rendering of each model's own template, byte for byte.
@Suite struct ChatTemplateTests {
    static func chatPrompts() -> [(String, TokenizerReference.ReferencePrompt)] {
        TokenizerReference.allPrompts().filter { $0.1.chatMessages != nil }
    }

    private static let helloRenderings = [
        "smollm2-135m-instruct": "<|im_start|>system\nYou are a helpful AI assistant named SmolLM, trained by Hugging Face<|im_end|>\n<|im_start|>user\nHello!<|im_end|>\n<|im_start|>assistant\n",
        "qwen2.5-coder-0.5b-instruct": "<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n<|im_start|>user\nHello!<|im_end|>\n<|im_start|>assistant\n",
    ]

    @Test(arguments: chatPrompts())
    func referenceChatPromptRendersExactly(model: String, reference: TokenizerReference.ReferencePrompt) throws {
        let template = try ChatTemplate(gguf: RealTokenizers.file(model))
        let messages = (reference.chatMessages ?? []).map { ChatMessage(role: $0.role, content: $0.content) }
        let rendered = template.render(messages, addGenerationPrompt: true)
        #expect(rendered == reference.prompt)
        let tokenizer = try RealTokenizers.tokenizer(model)
        #expect(tokenizer.encode(rendered, parseSpecial: true) == reference.promptTokenIds)
    }

    @Test(arguments: TokenizerReference.modelNames)
    func singleUserMessageGetsTheTemplatesSystemMessage(model: String) throws {
        let template = try ChatTemplate(gguf: RealTokenizers.file(model))
        #expect(template.family == .chatML)
        let rendered = template.render([ChatMessage(role: "user", content: "Hello!")], addGenerationPrompt: true)
        #expect(rendered == Self.helloRenderings[model])
    }

    @Test(arguments: TokenizerReference.modelNames)
    func ownSystemMessageReplacesTheDefault(model: String) throws {
        let template = try ChatTemplate(gguf: RealTokenizers.file(model))
        let messages = [ChatMessage(role: "system", content: "Be brief."), ChatMessage(role: "user", content: "Hi"),
                        ChatMessage(role: "assistant", content: "Hello."), ChatMessage(role: "user", content: "Bye")]
        #expect(template.render(messages, addGenerationPrompt: false) == """
            <|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n\
            <|im_start|>assistant\nHello.<|im_end|>\n<|im_start|>user\nBye<|im_end|>\n
            """)
    }

    @Test func defaultSystemMessageIsReadFromEitherQuoteStyle() throws {
        let single = try ChatTemplate(source: "{% if x %}{{ '<|im_start|>system\\nIt\\'s me.<|im_end|>\\n' }}{% endif %}")
        #expect(single.defaultSystemMessage == "It's me.")
        let double = try ChatTemplate(source: "{{- \"<|im_start|>system\\nSay \\\"hi\\\".<|im_end|>\\n\" }}")
        #expect(double.defaultSystemMessage == "Say \"hi\".")
        let none = try ChatTemplate(source: "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>\\n'}}{% endfor %}")
        #expect(none.defaultSystemMessage == nil)
        #expect(none.render([ChatMessage(role: "user", content: "x")], addGenerationPrompt: true)
            == "<|im_start|>user\nx<|im_end|>\n<|im_start|>assistant\n")
    }

    /// Qwen's template writes its system message before the message loop, SmolLM's inside
    /// it: only Qwen's appears in an empty conversation, as Jinja renders them.
    @Test func emptyConversationFollowsWhereTheTemplateWritesTheSystemMessage() throws {
        let qwen = try ChatTemplate(gguf: RealTokenizers.file(TokenizerReference.modelNames[1]))
        #expect(qwen.render([], addGenerationPrompt: false)
            == "<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n")
        let smol = try ChatTemplate(gguf: RealTokenizers.file(TokenizerReference.modelNames[0]))
        #expect(smol.render([], addGenerationPrompt: true) == "<|im_start|>assistant\n")
    }

    @Test(arguments: [
        "{{ bos_token }}{% for message in messages %}<start_of_turn>{{ message['role'] }}\n{% endfor %}",
        "{% for message in messages %}[INST] {{ message['content'] }} [/INST]{% endfor %}",
        "{% for m in messages %}<|im_start|>{{ m.role }}<|im_sep|>{{ m.content }}<|im_end|>{% endfor %}",
    ])
    func unknownFamilyIsAnError(source: String) {
        #expect {
            try ChatTemplate(source: source)
        } throws: { error in
            guard case let .unknownFamily(excerpt, known)? = error as? ChatTemplateError else { return false }
            return source.hasPrefix(excerpt) && known == ["chatml"]
        }
    }

    @Test func missingTemplateIsAnError() throws {
        var writer = try GGUFWriter()
        try writer.set("general.architecture", .string("llama"))
        let file = try GGUFFile(bytes: writer.bytes())
        #expect(throws: ChatTemplateError.missingTemplate) { try ChatTemplate(gguf: file) }
    }
}
