import Foundation
import Runtime
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The REPL's `:` commands (design §9): `:help`, `:doc NAME`, `:load FILE`, `:reset`,
/// `:time EXPR`, `:tokens [MODEL] PROMPT`, `:quit`.
struct REPLCommands {
    /// What the loop does after a command.
    enum Outcome { case proceed, quit }

    /// Every command with its argument and a one-line description, in `:help` order.
    static let all: [(name: String, argument: String, summary: String)] = [
        ("help", "", "show this list"),
        ("doc", "NAME", "show a builtin's signature, parameters, description and example"),
        ("load", "FILE", "run a .guide file in this session; its names stay defined"),
        ("reset", "", "forget every name defined in this session"),
        ("time", "EXPR", "evaluate EXPR and print how long it took"),
        ("tokens", "[MODEL] PROMPT", "show the tokens of PROMPT (an expression, else the text as typed) under the session's model, spans marked"),
        ("quit", "", "leave (Ctrl-D does too)"),
    ]

    let session: Session

    /// The command text after the colon when `line` is a `:` command, else nil.
    static func commandText(_ line: String) -> Substring? {
        let trimmed = line.drop(while: \.isWhitespace)
        guard trimmed.first == ":" else { return nil }
        return trimmed.dropFirst()
    }

    /// Runs one command, given without its colon: `load x.guide`.
    func run(_ text: Substring) -> Outcome {
        let name = text.prefix(while: { !$0.isWhitespace })
        let argument = String(text.dropFirst(name.count).drop(while: \.isWhitespace))
            .trimmingTrailingWhitespace()
        switch name {
        case "help":
            printHelp()
        case "quit", "q":
            return .quit
        case "doc":
            guard !argument.isEmpty else { return usage("doc") }
            if let text = session.interpreter.helpText(named: argument) {
                print(text)
            } else {
                printError("no builtin or global named '\(argument)'; help() lists the builtins")
            }
        case "reset":
            session.reset()
            print("Session reset.")
        case "load":
            guard !argument.isEmpty else { return usage("load") }
            session.load(path: argument)
        case "time":
            guard !argument.isEmpty else { return usage("time") }
            InterruptSignal.clear()
            let start = monotonicSeconds()
            session.execute(argument)
            print("time: \(Self.formatDuration(monotonicSeconds() - start))")
        case "tokens":
            guard !argument.isEmpty else { return usage("tokens") }
            // The text after one separating space, leading spaces kept: they are tokens too.
            let rest = text.dropFirst(name.count)
            session.showTokens(String(rest.dropFirst(rest.first == " " ? 1 : 0)).trimmingTrailingNewlines())
        default:
            let known = Self.all.map { ":" + $0.name }.joined(separator: " ")
            printError("unknown command ':\(name)'; the commands are \(known)")
        }
        return .proceed
    }

    /// What to print instead of evaluating a line that is only `help`, `exit` or `quit`
    /// (words people type to get help or leave), or nil to evaluate the line. `exit` and
    /// `quit` are evaluated as usual when the session defined them.
    static func hint(forBareWord line: String, in session: Session) -> String? {
        switch line.trimmingCharacters(in: .whitespaces) {
        case "help":
            return "help(NAME) or :doc NAME shows a builtin (help(generate)); help() lists them all; :help lists the REPL commands."
        case let word where (word == "exit" || word == "quit") && session.interpreter.value(of: word) == nil:
            return "To leave, type :quit or press Ctrl-D."
        default:
            return nil
        }
    }

    private func usage(_ name: String) -> Outcome {
        if let entry = Self.all.first(where: { $0.name == name }) {
            printError("usage: :\(entry.name) \(entry.argument)")
        }
        return .proceed
    }

    private func printHelp() {
        print("Type GuideLang statements; input continues while a bracket or \"\"\" is open.")
        print("Tab completes names, Ctrl-C cancels the input or the evaluation, Ctrl-D leaves.")
        print("help(NAME) documents a builtin, help() lists them all.")
        for entry in Self.all {
            let usage = ":\(entry.name) \(entry.argument)"
            print("  " + usage.padding(toLength: 16, withPad: " ", startingAt: 0) + entry.summary)
        }
    }

    private func printError(_ message: String) {
        fputs("error: \(message)\n", stderr)
    }

    /// Milliseconds below a second, else seconds: `12.3 ms`, `2.41 s`.
    static func formatDuration(_ seconds: Double) -> String {
        if seconds < 1 {
            return String(format: "%.1f ms", seconds * 1000)
        }
        return String(format: "%.2f s", seconds)
    }

    private func monotonicSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}

extension String {
    func trimmingTrailingWhitespace() -> String {
        var copy = self
        while copy.last?.isWhitespace == true { copy.removeLast() }
        return copy
    }

    func trimmingTrailingNewlines() -> String {
        var copy = self
        while copy.last?.isNewline == true { copy.removeLast() }
        return copy
    }
}
