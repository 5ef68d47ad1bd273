import Foundation
import Runtime
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The read-eval-print loop: reads lines, keeps reading while the input is incomplete (an
/// open bracket or `"""`), runs `:` commands, and evaluates everything else in one session.
/// No error ends the loop; only `:quit` or the end of input does.
final class REPL {
    static let prompt = "guide> "
    static let continuationPrompt = "  ...> "

    let session: Session
    private let reader: LineReader
    private lazy var commands = REPLCommands(session: session)

    init(session: Session, reader: LineReader) {
        self.session = session
        self.reader = reader
    }

    /// Opens the REPL on standard input: readline with history and completion when standard
    /// input and output are a terminal, plain line reading otherwise (pipes, files).
    static func runOnStandardInput() {
        let interactive = isatty(STDIN_FILENO) != 0 && isatty(STDOUT_FILENO) != 0
        var options = Session.Options()
        options.keepsInterruptedGenerations = true
        let session = Session(options: options)
        InterruptSignal.install(cancelling: session.cancellation)
        let reader: LineReader
        if interactive {
            let historyPath = ReadlineReader.historyPath(environment: ProcessInfo.processInfo.environment)
            reader = ReadlineReader(historyPath: historyPath) { word, linePrefix in
                completions(of: word, after: linePrefix, in: session)
            }
            print("GuideLang \(Guide.version) — :help for commands, Ctrl-D to leave")
        } else {
            reader = PlainReader()
        }
        REPL(session: session, reader: reader).run()
    }

    /// Tab completion: `:` commands at the start of a line, file names after `:load`, members
    /// after `name.`, else the names in scope, the builtins and the keywords.
    static func completions(of word: String, after linePrefix: String, in session: Session) -> [String]? {
        let before = linePrefix.drop(while: \.isWhitespace)
        if before == ":" {
            return REPLCommands.all.map(\.name).filter { $0.hasPrefix(word) }
        }
        if before.hasPrefix(":load") { return nil }
        return session.completions(of: word, after: before)
    }

    /// Runs until `:quit` or the end of input.
    func run() {
        var pending: [String] = []
        while true {
            let input = reader.readLine(prompt: pending.isEmpty ? Self.prompt : Self.continuationPrompt)
            switch input {
            case .end:
                guard !pending.isEmpty else { return }
                // Input ended inside an open bracket: say so, then read on (a terminal can).
                let source = pending.joined(separator: "\n")
                reader.remember(source)
                evaluate(source)
                pending = []
            case .interrupted:
                pending = []
            case .line(let line):
                if pending.isEmpty, let command = REPLCommands.commandText(line) {
                    reader.remember(line)
                    if commands.run(command) == .quit { return }
                    continue
                }
                if pending.isEmpty, let hint = REPLCommands.hint(forBareWord: line, in: session) {
                    reader.remember(line)
                    print(hint)
                    continue
                }
                pending.append(line)
                let source = pending.joined(separator: "\n")
                if source.allSatisfy(\.isWhitespace) {
                    pending = []
                } else if session.isComplete(source) {
                    pending = []
                    reader.remember(source)  // a multi-line entry is one history item
                    evaluate(source)
                }
            }
        }
    }

    private func evaluate(_ source: String) {
        InterruptSignal.clear()
        session.execute(source)
        InterruptSignal.clear()
    }
}
