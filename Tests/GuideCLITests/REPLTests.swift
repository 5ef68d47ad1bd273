import Foundation
import TestSupport
import Testing

/// The REPL driven through a pseudo-terminal, as a user at a keyboard would drive it.
@Suite(.serialized) struct REPLTests {
    /// A REPL with its own history file in a fresh directory (its HOME), reading models
    /// from the caller's cache.
    static func start(historyIn directory: URL) throws -> REPLTerminal {
        let terminal = try REPLTerminal(environment: [
            "GUIDE_HISTORY": directory.appendingPathComponent("history").path,
            "HOME": directory.path,
            "GUIDE_CACHE": modelCache,
        ])
        try terminal.expect("guide> ")
        return terminal
    }

    /// The caller's model cache (`GUIDE_CACHE`, else `~/.cache/guide`), for a child whose
    /// HOME is a scratch directory.
    static var modelCache: String {
        if let configured = ProcessInfo.processInfo.environment["GUIDE_CACHE"], !configured.isEmpty { return configured }
        return NSHomeDirectory() + "/.cache/guide"
    }

    static func quit(_ terminal: REPLTerminal) throws {
        terminal.type(":quit\r")
        #expect(try terminal.waitForExit() == 0)
    }

    @Test func multiLineInputContinuesWhileABracketIsOpen() throws {
        let directory = try GuideBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let terminal = try Self.start(historyIn: directory)
        terminal.type("let r = [10,\r")
        try terminal.expect("...> ")
        terminal.type("20,\r")
        try terminal.expect("...> ")
        terminal.type("30]\r")
        try terminal.expect("guide> ")
        terminal.type("sum(r) + len(r)\r")
        try terminal.expect("63")
        try terminal.expect("guide> ")
        terminal.type("let s = \"\"\"\r")
        try terminal.expect("...> ")
        terminal.type("  two (\r")
        try terminal.expect("...> ")
        terminal.type("  \"\"\"\r")
        try terminal.expect("guide> ")
        terminal.type("len(s)\r")
        try terminal.expect("5")
        try Self.quit(terminal)
    }

    @Test func historyIsRecalledWithTheUpArrowAfterARestart() throws {
        let directory = try GuideBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = try Self.start(historyIn: directory)
        first.type("1000 + 337\r")
        try first.expect("1337")
        try Self.quit(first)
        let history = try String(contentsOf: directory.appendingPathComponent("history"), encoding: .utf8)
        #expect(history.contains("1000 + 337"))

        let second = try Self.start(historyIn: directory)
        second.type("\u{1B}[A")  // up: ":quit"
        try second.expect(":quit")
        second.type("\u{1B}[A\r")  // up again: the expression
        try second.expect("1337")
        try Self.quit(second)
    }

    @Test func tabCompletesNamesMembersAndCommands() throws {
        let directory = try GuideBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let terminal = try Self.start(historyIn: directory)
        terminal.type("let unusual_total = 4321\r")
        try terminal.expect("guide> ")
        terminal.type("unusual_t\t\r")
        try terminal.expect("unusual_total")
        try terminal.expect("4321")
        try terminal.expect("guide> ")
        terminal.type("let rec = {alpha_key: 77, beta: 2}\r")
        try terminal.expect("guide> ")
        terminal.type("rec.al\t\r")
        try terminal.expect("alpha_key")
        try terminal.expect("77")
        try terminal.expect("guide> ")
        terminal.type(":hel\t\r")
        try terminal.expect(":reset")
        try Self.quit(terminal)
    }

    @Test func anErrorIsReportedAndTheNextLineStillRuns() throws {
        let directory = try GuideBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let terminal = try Self.start(historyIn: directory)
        terminal.type("1 + no_such_name\r")
        try terminal.expect("error")
        try terminal.expect("no_such_name")
        try terminal.expect("^")
        try terminal.expect("guide> ")
        #expect(terminal.rawText.contains("\u{1B}[1;31merror:"), "errors are red on a terminal")
        terminal.type("6 * 7\r")
        try terminal.expect("42")
        try Self.quit(terminal)
    }

    @Test func helpDocAndBareWordsShowDocumentationAndHints() throws {
        let directory = try GuideBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let terminal = try Self.start(historyIn: directory)
        terminal.type("help(generate)\r")
        try terminal.expect("generate(model, prompt, guide:, max_tokens: 128")
        try terminal.expect("parameters:")
        try terminal.expect("example:")
        try terminal.expect("guide> ")
        terminal.type(":doc sort\r")
        try terminal.expect("sort(list, by:, descending: false)")
        try terminal.expect("A sorted copy of a list.")
        try terminal.expect("guide> ")
        terminal.type("help\r")
        try terminal.expect("help() lists them all")
        try terminal.expect("guide> ")
        terminal.type("exit\r")
        try terminal.expect("To leave, type :quit or press Ctrl-D.")
        try terminal.expect("guide> ")
        terminal.type("generate\r")
        try terminal.expect("<fn generate(model, prompt, guide:, max_tokens: 128")
        try terminal.expect("guide> ")
        #expect(!terminal.rawText.contains("undefined name"))
        try Self.quit(terminal)
    }

    @Test func pipedHelpListsBuiltinsAndRefusesUnknownNames() throws {
        let result = try GuideBinary.run([], input: "help()\n:doc no_such_thing\nquit\nlet quit = 3\nquit\n")
        #expect(result.status == 0)
        for line in ["collections: ", "model: ", "charts: "] {
            #expect(result.stdout.contains(line), "help() lists the category: \(result.stdout)")
        }
        #expect(result.stdout.hasSuffix("To leave, type :quit or press Ctrl-D.\n3\n"), "stdout: \(result.stdout)")
        #expect(result.stderr.contains("no builtin or global named 'no_such_thing'"))
    }

    @Test func controlCStopsALongLoopAndTheSessionGoesOn() throws {
        let directory = try GuideBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let terminal = try Self.start(historyIn: directory)
        terminal.type("var i = 0\r")
        try terminal.expect("guide> ")
        terminal.type("while true { i = i + 1 }\r")
        try terminal.expect("while true { i = i + 1 }\n")  // read and echoed: evaluation is starting
        usleep(300_000)
        terminal.type("\u{3}")
        try terminal.expect("interrupted", timeout: 10)
        try terminal.expect("guide> ")
        terminal.type("i > 0\r")
        try terminal.expect("true")
        try Self.quit(terminal)
    }

    @Test func controlCAbandonsTheLineBeingTyped() throws {
        let directory = try GuideBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let terminal = try Self.start(historyIn: directory)
        terminal.type("let abandoned = [1,\r")
        try terminal.expect("...> ")
        terminal.type("2\u{3}")
        try terminal.expect("^C")
        try terminal.expect("guide> ")
        terminal.type("2 + 3\r")
        try terminal.expect("5")
        try terminal.expect("guide> ")
        terminal.type("abandoned\r")
        try terminal.expect("error")
        try Self.quit(terminal)
    }

    @Test func controlDOnAnEmptyLineLeaves() throws {
        let directory = try GuideBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let terminal = try Self.start(historyIn: directory)
        terminal.type("\u{4}")
        #expect(try terminal.waitForExit() == 0)
    }

    @Test func pipedInputRunsWithoutPromptsAndSurvivesErrors() throws {
        let result = try GuideBinary.run([], input: "let a = [1,\n2]\nlen(a)\nmissing_name\n:reset\n6 * 7\n")
        #expect(result.status == 0)
        #expect(result.stdout == "2\nSession reset.\n42\n", "stderr: \(result.stderr)")
        #expect(result.stderr.contains("missing_name"))
        #expect(!result.stderr.contains("guide>"))
    }

    @Test func loadTimeAndAnUnfinishedLastEntry() throws {
        let directory = try GuideBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try "%% Library\nfn triple(x) { return 3 * x }\ntriple(2)\n"
            .write(to: directory.appendingPathComponent("lib.guide"), atomically: true, encoding: .utf8)
        let input = ":load lib.guide\ntriple(5)\n:time triple(7)\n:nope\nlet open = [1,\n"
        let result = try GuideBinary.run([], input: input, in: directory)
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("%% Library\n6\n15\n21\ntime: "), "stdout: \(result.stdout)")
        #expect(result.stderr.contains("unknown command ':nope'"))
        #expect(result.stderr.contains("<repl>:1:"), "the unfinished entry is reported: \(result.stderr)")
    }

    @Test func tokensShowsTheModelsTokensWithTheirSpans() throws {
        // Text as typed with the default model; then an expression under the session's `m`,
        // with its leading spaces kept; then a model named first.
        let input = """
            :tokens Say <!->bonjour<-!> now
            let m = model("smollm2-135m-instruct")
            let p = prompt("  Hi <?->there<-?>")
            :tokens p
            :tokens m   two
            """
        let result = try GuideBinary.run([], input: input + "\n", environment: ["GUIDE_MODEL": "smollm2-135m-instruct"])
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty, "stderr: \(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        try #require(lines.count == 6, "stdout: \(result.stdout)")
        // The model by its file's name, which of the session's it is, and the counts.
        #expect(lines[0].hasSuffix(" (the default model): \(lines[1].split(separator: "│").count) tokens, 2 in spans; the text as typed"),
                "\(lines[0])")
        #expect(lines[1].hasPrefix("Say│<!->") && lines[1].hasSuffix("<-!>│␣now"), "\(lines[1])")
        #expect(lines[2].hasSuffix(" (m): \(lines[3].split(separator: "│").count) tokens, 1 in spans"), "\(lines[2])")
        #expect(lines[4].hasSuffix(" (m): \(lines[5].split(separator: "│").count) tokens, 0 in spans; the text as typed"))
        #expect(lines[3].hasPrefix("␣") && lines[3].hasSuffix("│<?->␣there<-?>"), "\(lines[3])")
        #expect(lines[5].replacingOccurrences(of: "│", with: "") == "␣␣two")
    }

    @Test func aMultiLineEntryIsOneHistoryItem() throws {
        let directory = try GuideBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = try Self.start(historyIn: directory)
        first.type("fn twice(x) {\r")
        try first.expect("...> ")
        first.type("  return 2 * x\r")
        try first.expect("...> ")
        first.type("}\r")
        try first.expect("guide> ")
        try Self.quit(first)
        let history = try String(contentsOf: directory.appendingPathComponent("history"), encoding: .utf8)
        #expect(history.contains("fn twice(x) {\n  return 2 * x\n}\n"), "history: \(history)")

        // After a restart: up once is `:quit`, up again is the whole function, which runs.
        let second = try Self.start(historyIn: directory)
        second.type("\u{1B}[A")
        try second.expect(":quit")
        second.type("\u{1B}[A\r")
        try second.expect("guide> ")
        second.type("twice(21)\r")
        try second.expect("42")
        try second.expect("guide> ")
        #expect(!second.rawText.contains("undefined"), "the recalled entry defined twice: \(second.screenText)")
        try Self.quit(second)
    }

    @Test func aHistoryFileOfPlainLinesIsReadAndConverted() throws {
        let directory = try GuideBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let historyURL = directory.appendingPathComponent("history")
        try "1000 + 337\n2000 + 2\n".write(to: historyURL, atomically: true, encoding: .utf8)
        let terminal = try Self.start(historyIn: directory)
        terminal.type("\u{1B}[A\u{1B}[A\r")  // the older of the two lines
        try terminal.expect("1337")
        try Self.quit(terminal)
        let history = try String(contentsOf: historyURL, encoding: .utf8)
        let entries = history.split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(entries == ["1000 + 337", "2000 + 2", "1000 + 337", ":quit"], "history: \(history)")
        #expect(history.hasPrefix("#"), "each entry now follows a timestamp line: \(history)")
    }

    @Test func tokensOnATerminalSaysWhichModelAndKeepsLeadingSpaces() throws {
        let directory = try GuideBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let terminal = try Self.start(historyIn: directory)
        terminal.type("let m = model(\"smollm2-135m-instruct\")\r")
        try terminal.expect("guide> ", timeout: 120)
        terminal.type(":tokens   two words\r")
        try terminal.expect(":tokens   two words\n")
        let name = try terminal.expect(" (m): ")  // the model's own name, then the global's
        #expect(name.lowercased().contains("smollm2"), "\(name)")
        try terminal.expect(" tokens, 0 in spans; the text as typed")
        let shown = try terminal.expect("guide> ")
        #expect(shown.replacingOccurrences(of: "│", with: "").contains("␣␣two␣words"),
                "leading spaces are tokens too: \(shown)")
        terminal.type("let other = m\r")
        try terminal.expect("guide> ")
        terminal.type(":tokens other <!->hi<-!>\r")
        try terminal.expect(" (other): ")
        let counts = try terminal.expect(" in spans; the text as typed")
        #expect(!counts.hasSuffix(" 0"), "the span's tokens are counted: \(counts)")
        try terminal.expect("<!->")
        try terminal.expect("<-!>")
        try terminal.expect("guide> ")
        try Self.quit(terminal)
    }
}
