import Engine
import GuideLang
import Registry
import Testing
@testable import Runtime

/// `chat(m, messages)` with several turns on the real `smollm2-135m-instruct` (ChatML):
/// the rendered text is ChatML written out by hand, tags mark their own message's tokens.
@Suite(.serialized) struct ChatBuiltinTests {
    let runner = ScriptRunner()

    init() throws {
        _ = try ModelCache().cachedPath(of: ModelBuiltinTests.modelName)
        _ = try runner.evaluate("let m = model(\"\(ModelBuiltinTests.modelName)\")")
    }

    static let conversation = """
        [{role: "system", content: "Be brief."}, {role: "user", content: "Hi"},
         {role: "assistant", content: "Hello!"}, {role: "user", content: "<!-> Answer in French: <-!> How are you?"}]
        """

    func turn(_ role: String, _ content: String) -> String { "<|im_start|>\(role)\n\(content)<|im_end|>\n" }

    @Test func severalTurnsRenderAsChatML() throws {
        _ = try runner.evaluate("let c = chat(m, \(Self.conversation))")
        let expected = turn("system", "Be brief.") + turn("user", "Hi") + turn("assistant", "Hello!")
            + turn("user", "Answer in French: How are you?") + "<|im_start|>assistant\n"
        #expect(try runner.evaluate("c.text") == .string(expected))
        #expect(try runner.evaluate("map(c.spans, fn(s) => [s.tag, s.level, s.text])") == [["<!->", 1, "Answer in French:"]])
        // A chat prompt's spans carry their tokens: those `tokens` marks with the span's tag.
        #expect(try runner.evaluate(#"map(c.spans[0].start..<c.spans[0].end, fn(i) => i) == map(filter(tokens(m, c), fn(t) => t.span == "<!->"), .index)"#) == true)
        // The marked tokens are the last user message's, and the ids are the untagged chat's.
        _ = try runner.evaluate(#"let plain = chat(m, [{role: "system", content: "Be brief."}, {role: "user", content: "Hi"}, {role: "assistant", content: "Hello!"}, {role: "user", content: "Answer in French: How are you?"}])"#)
        #expect(try runner.evaluate("map(tokens(m, c), .id) == map(tokens(m, plain), .id)") == true)
        #expect(try runner.evaluate(#"join(map(filter(tokens(m, c), fn(t) => t.span == "<!->"), .text), "")"#) == "Answer in French:")
        // One string is one user message; system: goes first.
        #expect(try runner.evaluate(#"chat(m, "Hi", system: "Be brief.") == chat(m, [{role: "system", content: "Be brief."}, {role: "user", content: "Hi"}])"#) == true)
        // Without the generation prompt the conversation ends with the last turn.
        #expect(try runner.evaluate(#"chat(m, [{role: "user", content: "Hi"}, {role: "assistant", content: "Yo"}], add_generation_prompt: false).text"#)
            .displayText().hasSuffix(turn("assistant", "Yo")))
    }

    @Test func badMessagesAreNamed() throws {
        let cases = [
            (#"chat(m, [{role: "user", content: "ok"}, {role: "user", content: "a <!-> b"}])"#, "bad argument #2 to 'chat': message 2, "),
            (#"chat(m, [{role: "user", content: "a <!-> b"}], system: "fine")"#, "bad argument #2 to 'chat': message 1, "),
            (#"chat(m, [{role: "user", content: "ok"}], system: "<-!> bad")"#, "bad argument #3 to 'chat'"),
            (#"chat(m, [{role: "bot", content: "x"}])"#, "bad argument #2 to 'chat': message 1 has role \"bot\""),
            (#"chat(m, [{role: "user", text: "x"}])"#, "bad argument #2 to 'chat': message 1 is not a {role, content} record"),
            (#"chat(m, [{role: "user", content: "x", name: "a"}])"#, "bad argument #2 to 'chat': message 1 has a field 'name'"),
            (#"chat(m, ["x"])"#, "bad argument #2 to 'chat': message 1 is not"),
            (#"chat(m, [])"#, "bad argument #2 to 'chat': expected at least one message"),
            (#"chat(m, 3)"#, "bad argument #2 to 'chat': expected a user message"),
            (#"chat(m, "x", add_generation_prompt: 1)"#, "bad argument #5 to 'chat'"),
        ]
        for (source, prefix) in cases {
            let message = runner.errorMessage(source)
            #expect(message?.hasPrefix(prefix) == true, "\(source): \(message ?? "no error")")
        }
    }
}
