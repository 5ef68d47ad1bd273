import Foundation
import TestSupport
import Testing

/// Generation on a terminal: the text streams as it is generated, a Ctrl-C in the REPL keeps
/// the text so far as the value, and `guide run` stops with the streamed text left on screen.
/// Every wait is for output (generous timeouts, no sleeps), so a slow machine only makes
/// the tests slower.
@Suite(.serialized) struct REPLGenerationTests {
    /// A prompt whose greedy continuation goes on counting, so a long generation never ends
    /// by itself before the test presses Ctrl-C, and its text soon holds a comma.
    static let countingPrompt = "1, 2, 3, 4, 5, 6,"

    /// A REPL on a terminal with `m` bound to the small test model.
    private static func startWithModel(in directory: URL) throws -> REPLTerminal {
        let terminal = try REPLTests.start(historyIn: directory)
        terminal.type("let m = model(\"smollm2-135m-instruct\")\r")
        try terminal.expect("guide> ", timeout: 120)
        return terminal
    }

    @Test func textStreamsBeforeTheGenerationEndsAndControlCKeepsIt() throws {
        let directory = try GuideBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let terminal = try Self.startWithModel(in: directory)
        let line = "let g = generate(m, \"\(Self.countingPrompt)\", max_tokens: 3000)"
        terminal.type(line + "\r")
        try terminal.expect(line + "\n")
        // Generated text appears while the call is still running: no prompt has come back.
        let streamed = try terminal.expect(",", timeout: 120) + ","
        #expect(!streamed.contains("guide>"), "text arrived before the generation ended: \(streamed)")
        terminal.type("\u{3}")
        try terminal.expect("interrupted: the generation keeps the text so far", timeout: 120)
        try terminal.expect("guide> ")

        // The value is the generation so far, and what streamed is the start of its text.
        terminal.type("g.stop_reason\r")
        try terminal.expect("interrupted")
        try terminal.expect("guide> ")
        let show = "print(\"[\" + g.text + \"]\")"
        terminal.type(show + "\r")
        try terminal.expect(show + "\n")
        try terminal.expect("[")
        let text = try terminal.expect("]\n")
        #expect(text.hasPrefix(streamed), "streamed \(streamed.debugDescription), kept \(text.debugDescription)")
        try terminal.expect("guide> ")
        terminal.type("1 + 1\r")
        try terminal.expect("2")
        try REPLTests.quit(terminal)
    }

    @Test func aStreamedValueIsShownOnceAndAPipeGetsTheTextAsBefore() throws {
        let call = "generate(m, \"The capital of France is\", max_tokens: 6)"
        let piped = try GuideBinary.run([], input: "let m = model(\"smollm2-135m-instruct\")\n\(call)\n")
        #expect(piped.status == 0, "stderr: \(piped.stderr)")
        let text = piped.stdout
        try #require(text.hasSuffix("\n") && text.count > 1, "the piped REPL prints the text: \(text.debugDescription)")

        let directory = try GuideBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let terminal = try Self.startWithModel(in: directory)
        terminal.type(call + "\r")
        try terminal.expect(call + "\n")
        let shown = try terminal.expect("guide> ", timeout: 120)
        #expect(shown == text, "on a terminal the streamed text is the display: \(shown.debugDescription)")
        try REPLTests.quit(terminal)
    }

    @Test func runOnATerminalStreamsAndControlCStopsTheScriptKeepingTheText() throws {
        let directory = try GuideBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = directory.appendingPathComponent("count.guide")
        try """
            let m = model("smollm2-135m-instruct")
            print("generating")
            let g = generate(m, "\(Self.countingPrompt)", max_tokens: 3000)
            print("after the generation")
            """.write(to: script, atomically: true, encoding: .utf8)
        let terminal = try REPLTerminal(arguments: ["run", script.path], environment: ["HOME": directory.path, "GUIDE_CACHE": REPLTests.modelCache])
        try terminal.expect("generating\n", timeout: 120)
        let streamed = try terminal.expect(",", timeout: 120)
        #expect(!streamed.contains("after the generation"))
        terminal.type("\u{3}")
        try terminal.expect("interrupted", timeout: 120)
        #expect(try terminal.waitForExit(timeout: 60) == 130)
        #expect(!terminal.screenText.contains("after the generation"), "the script stopped: \(terminal.screenText)")
        #expect(terminal.screenText.contains("generating\n" + streamed + ","), "the streamed text stays")
    }
}
