import Runtime
import Testing
@testable import guide

/// Completion and input-continuation decisions, without a terminal.
@Suite struct REPLCompletionTests {
    @Test(arguments: [
        ("print(row.doc", ["row", "doc"]),
        ("g", ["g"]),
        ("sort(t, by: ", []),
        ("x + 1", []),
        ("a.1b", []),
    ])
    func memberPathIsTheDottedNameBeforeTheCursor(text: String, path: [String]) {
        #expect(Session.memberPath(before: Substring(text)) == path)
    }

    @Test func completionOffersUserNamesBuiltinsKeywordsAndCommands() {
        let session = Session(options: .init(color: false))
        session.execute("let unusual = {alpha: 1, beta: {gamma: 2}}")
        #expect(REPL.completions(of: "unus", after: "", in: session) == ["unusual"])
        #expect(REPL.completions(of: "le", after: "", in: session)?.contains("len") == true)
        #expect(REPL.completions(of: "le", after: "", in: session)?.contains("let") == true)
        #expect(REPL.completions(of: "", after: "unusual.", in: session) == ["alpha", "beta"])
        #expect(REPL.completions(of: "g", after: "print(unusual.beta.", in: session) == ["gamma"])
        #expect(REPL.completions(of: "lo", after: ":", in: session) == ["load"])
        #expect(REPL.completions(of: "ex", after: ":load ", in: session) == nil, "file names after :load")
    }

    @Test(arguments: [
        ("let x = [1,", false),
        ("fn f(x) {", false),
        ("let s = \"\"\"", false),
        ("let s = \"\"\"\n  a\n  \"\"\"", true),
        ("1 + 2", true),
        ("let x = )", true),
    ])
    func inputContinuesOnlyWhileSomethingIsOpen(text: String, complete: Bool) {
        #expect(Session(options: .init(color: false)).isComplete(text) == complete)
    }

    @Test func resetForgetsUserNamesButKeepsBuiltins() {
        let session = Session(options: .init(color: false))
        #expect(session.execute("let kept_until_reset = 1"))
        #expect(session.complete("kept_") == ["kept_until_reset"])
        session.reset()
        #expect(session.complete("kept_").isEmpty)
        #expect(session.complete("len") == ["len"])
    }
}
