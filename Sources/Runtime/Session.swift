import Engine
import Foundation
import GuideLang
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One GuideLang session: an interpreter with the runtime's builtins installed, output to the
/// terminal, and diagnostics rendered to standard error. The REPL keeps one for its whole
/// life; `guide run` and `guide check` use one per file.
///
/// No method throws: every problem is rendered where the user sees it, and the outcome says
/// what happened, so no error can end a REPL.
public final class Session {
    /// How a session is set up.
    public struct Options {
        /// Use colour where the stream is a terminal (and `NO_COLOR` is unset).
        public var color: Bool
        /// Which experiment rows this process runs (`guide run --shard i/n`).
        public var shard: Shard
        /// Where `guide run --report` writes its HTML report, if anywhere.
        public var reportPath: String?
        /// Run every experiment row, ignoring recorded ones (`guide run --fresh`).
        public var freshExperiments: Bool
        /// Run again the experiment rows that failed earlier (`--retry-failed`, the default).
        public var retryFailedRows: Bool
        /// The folder of experiment logs (`guide run --results DIR`; default `results`).
        public var resultsDirectory: String
        /// How many experiment rows run side by side (`guide run --parallel N`; default 1).
        public var rowsAtOnce = 1
        /// Ctrl-C during a generation keeps the text so far as its value (the REPL) instead
        /// of stopping the program (`guide run`).
        public var keepsInterruptedGenerations = false

        public init(color: Bool = true, shard: Shard = .all, reportPath: String? = nil,
                    freshExperiments: Bool = false, retryFailedRows: Bool = true,
                    resultsDirectory: String = "results") {
            self.color = color
            self.shard = shard
            self.reportPath = reportPath
            self.freshExperiments = freshExperiments
            self.retryFailedRows = retryFailedRows
            self.resultsDirectory = resultsDirectory
        }
    }

    /// How a run of a file ended.
    public enum RunOutcome: Equatable {
        /// Every cell ran.
        case completed
        /// A diagnostic was printed (the file did not load or a cell failed).
        case failed
        /// A `name=value` override names no parameter or does not parse; nothing ran.
        case refusedParameters
        /// Ctrl-C stopped the run.
        case interrupted
        /// Every cell ran, but some experiment rows recorded an error (summarised on stderr).
        case rowsFailed
    }

    /// The global that holds an interrupted experiment's partial result in the REPL.
    public static let partialResultName = "partial"

    /// The session's settings.
    public let options: Options
    /// Raised by Ctrl-C; the interpreter and experiments stop when it goes up. It outlives
    /// `reset()`, so a signal handler may keep its word.
    public let cancellation = CancellationFlag()
    /// The interpreter; its globals persist between `execute` calls.
    public let interpreter: Interpreter
    /// The runtime's builtins and experiment handler, installed into `interpreter`.
    public let host: RuntimeHost
    private let terminal: TerminalOutput
    private let renderer: DiagnosticRenderer
    /// The report being collected by `run(path:)`, which also receives every error.
    private var reportErrorsTo: ReportOutput?
    /// Receives the diagnostics of what failed instead of standard error (a notebook kernel
    /// sends them to its client as error messages); nil prints them to standard error.
    public var diagnosticHandler: (([Diagnostic]) -> Void)?

    /// Creates a session with the core language and the runtime's builtins.
    public init(options: Options = Options()) {
        self.options = options
        let colorAllowed = options.color && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        let stdoutIsTerminal = isatty(STDOUT_FILENO) != 0
        terminal = TerminalOutput(colored: colorAllowed && stdoutIsTerminal, streaming: stdoutIsTerminal)
        renderer = DiagnosticRenderer(colored: colorAllowed && isatty(STDERR_FILENO) != 0)
        interpreter = Interpreter()
        interpreter.output = terminal
        interpreter.cancellation = cancellation
        interpreter.loader = FileSourceLoader()
        ChartBuiltins.install(into: interpreter)
        var hostOptions = RuntimeHost.Options(shard: options.shard, resultsDirectory: options.resultsDirectory)
        hostOptions.freshExperiments = options.freshExperiments
        hostOptions.retryFailedRows = options.retryFailedRows
        hostOptions.rowsAtOnce = options.rowsAtOnce
        hostOptions.keepsInterruptedGenerations = options.keepsInterruptedGenerations
        host = RuntimeHost(options: hostOptions)
        host.install(in: interpreter)
    }

    // MARK: REPL

    /// Runs one REPL entry and displays the value of its last expression (unless nil).
    /// Returns false when it failed or was interrupted (the problem has been printed).
    @discardableResult
    public func execute(_ source: String) -> Bool {
        host.resetExperimentOutcome()
        host.keptInterruptedGenerations = 0
        do {
            let value = try interpreter.evaluate(source, name: "<repl>")
            if !value.isNil { interpreter.output.display(value, reason: .cellValue) }
            noteKeptGeneration()
            return true
        } catch {
            report(error)
            keepPartialResult()
            return false
        }
    }

    /// After a Ctrl-C ended a generation whose text so far was kept, says so.
    private func noteKeptGeneration() {
        guard host.keptInterruptedGenerations > 0 else { return }
        fflush(stdout)
        fputs("interrupted: the generation keeps the text so far (stop_reason \"interrupted\")\n", stderr)
    }

    /// After an interrupted experiment, binds its partial result (a record with
    /// `partial: true` and the finished `rows`) to `partial` and says so.
    private func keepPartialResult() {
        guard let partial = host.experimentOutcome.interrupted else { return }
        interpreter.bindResult(Self.partialResultName, partial)
        fflush(stdout)
        fputs("the rows finished so far are in `\(Self.partialResultName).rows` (`\(Self.partialResultName)` is marked partial: true)\n", stderr)
    }

    /// Whether `text` can run as it is, i.e. no bracket, block or `"""` string is left open;
    /// the REPL reads another line while this is false.
    public func isComplete(_ text: String) -> Bool {
        !Parser.needsMoreInput(text + "\n")  // an entered line ends with its newline
    }

    /// Names starting with `prefix` for tab completion: globals in scope, builtins and keywords.
    public func complete(_ prefix: String) -> [String] {
        let names = Set(interpreter.globalNames + Keyword.allCases.map(\.rawValue))
        return names.filter { $0.hasPrefix(prefix) }.sorted()
    }

    /// Completions of `word`, the name being typed after `linePrefix`: the members of the
    /// value before a `.` (`row.doc.`), else the names in scope, the builtins and the keywords.
    public func completions(of word: String, after linePrefix: Substring) -> [String] {
        if linePrefix.last == "." {
            return completeMember(word, of: Self.memberPath(before: linePrefix.dropLast()))
        }
        return complete(word)
    }

    /// The dotted names that end `text`: `["row", "doc"]` for `print(row.doc`; empty when
    /// `text` does not end in a name (a key path such as `by: .`).
    public static func memberPath(before text: Substring) -> [String] {
        let chain = text.reversed().prefix { $0 == "." || $0 == "_" || $0.isLetter || $0.isNumber }
        let names = String(chain.reversed()).split(separator: ".", omittingEmptySubsequences: false)
        guard !names.isEmpty, names.allSatisfy({ $0.first.map { !$0.isNumber } ?? false }) else { return [] }
        return names.map(String.init)
    }

    /// Member names starting with `prefix` of the value that `path` reaches from a global
    /// (`["row", "doc"]` for `row.doc.`): record keys, or a host value's members. Only records
    /// are walked through, so completing never runs host code beyond listing member names.
    public func completeMember(_ prefix: String, of path: [String]) -> [String] {
        guard let first = path.first, var value = interpreter.value(of: first) else { return [] }
        for name in path.dropFirst() {
            guard case .record(let record) = value, let field = record[name] else { return [] }
            value = field
        }
        let names: [String]
        switch value {
        case .record(let record): names = record.keys
        case .native(let native): names = native.memberNames
        default: names = []
        }
        return names.filter { $0.hasPrefix(prefix) }.sorted()
    }

    /// Forgets every user definition; builtins stay.
    public func reset() {
        interpreter.reset()
    }

    /// Runs a file in this session (the REPL's `:load`): its cells display as in `guide run`
    /// and its definitions stay. Returns false when it failed (the problem has been printed).
    @discardableResult
    public func load(path: String) -> Bool {
        let outcome = run(path: path, overrides: [:])
        if outcome == .interrupted { keepPartialResult() }
        return outcome == .completed || outcome == .rowsFailed
    }

    /// The REPL's `:tokens [MODEL] PROMPT`: the tokens PROMPT becomes under the session's
    /// model, flowing with their span marks (`SpanDisplay.tokens`), after a line that says
    /// which model and how many tokens. PROMPT is an expression giving a prompt or a string,
    /// else the text as typed (leading spaces kept). MODEL is a global holding a model;
    /// without it the session's model is the global `m`, else the first global holding a
    /// model by name, else the default model. Returns false when that failed.
    @discardableResult
    public func showTokens(_ argument: String) -> Bool {
        guard let tokens = interpreter.value(of: "tokens"), let defaultModel = interpreter.value(of: "model") else {
            report([Diagnostic(.hostError, ":tokens needs a model, but the `model` and `tokens` builtins are not available")])
            return false
        }
        do {
            var text = argument
            var chosen = modelNamed(prefixOf: argument)
            if let named = chosen { text = String(argument.dropFirst(named.name.count + 1)) }
            if chosen == nil { chosen = sessionModel() }
            let model = try chosen ?? (try interpreter.call(defaultModel, []), "default model")
            let (prompt, asTyped) = promptValue(text)
            guard case .list(let rows) = try interpreter.call(tokens, [model.value, prompt]) else { return false }
            let shown = rows.array.compactMap { row -> SpanDisplay.Token? in
                guard case .record(let record) = row, case .string(let text)? = record["text"] else { return nil }
                guard case .string(let tag)? = record["span"] else { return SpanDisplay.Token(text: text, level: nil) }
                return SpanDisplay.Token(text: text, level: SpanLevel.allCases.first { $0.openingTag == tag })
            }
            var name = model.name
            if case .native(let native) = model.value, case .string(let file)? = try native.member("name") {
                name = model.name == "default model" ? "\(file) (the default model)" : "\(file) (\(model.name))"
            }
            let marked = shown.filter { $0.level != nil }.count
            terminal.print("\(name): \(shown.count) tokens, \(marked) in spans"
                           + (asTyped ? "; the text as typed" : ""))
            terminal.print(SpanDisplay.tokens(shown, colored: terminal.colored))
            return true
        } catch {
            report(error)
            return false
        }
    }

    /// The global model named by the first word of `argument` when more text follows it.
    private func modelNamed(prefixOf argument: String) -> (value: Value, name: String)? {
        let word = argument.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
        guard !word.isEmpty, argument.dropFirst(word.count).first == " ",
              let value = interpreter.value(of: String(word)), Self.isModel(value) else { return nil }
        return (value, String(word))
    }

    /// The global `m` when it holds a model, else the first global by name that does.
    private func sessionModel() -> (value: Value, name: String)? {
        let names = ["m"] + interpreter.globalNames.sorted()
        for name in names {
            if let value = interpreter.value(of: name), Self.isModel(value) { return (value, name) }
        }
        return nil
    }

    private static func isModel(_ value: Value) -> Bool {
        if case .native(let native) = value { return native is ModelValue }
        return false
    }

    /// `text` evaluated when that gives a prompt or a string, else `text` itself (and true).
    private func promptValue(_ text: String) -> (Value, asTyped: Bool) {
        if !Parser.parse(SourceFile(name: "<tokens>", text: text)).diagnostics.isEmpty { return (.string(text), true) }
        switch try? interpreter.evaluate(text, name: "<tokens>") {
        case .some(.string(let s)): return (.string(s), false)
        case .some(.native(let native)) where native is PromptValue: return (.native(native), false)
        default: return (.string(text), true)
        }
    }

    // MARK: Files

    /// Runs every cell of the file at `path`, with `overrides` for its `param`s.
    /// Overrides are checked against the script before any cell runs.
    /// With `options.reportPath`, the run is also written there as an HTML report, whatever
    /// its outcome (a failed cell shows its error in the report).
    public func run(path: String, overrides: [String: String]) -> RunOutcome {
        guard let file = readSource(path) else { return .failed }
        guard let reportPath = options.reportPath else { return run(file, overrides: overrides) }
        let collector = ReportOutput(title: (path as NSString).lastPathComponent, source: file.text)
        interpreter.output = TeeOutput([terminal, collector])
        reportErrorsTo = collector
        defer {
            interpreter.output = terminal
            reportErrorsTo = nil
        }
        let outcome = run(file, overrides: overrides)
        collector.setParameters(interpreter.parameters)
        do {
            try HTMLReportRenderer.render(collector.report).write(toFile: reportPath, atomically: true, encoding: .utf8)
        } catch {
            report([Diagnostic(.hostError, "cannot write the report '\(reportPath)': \(error.localizedDescription)")])
            return outcome == .completed || outcome == .rowsFailed ? .failed : outcome
        }
        return outcome
    }

    private func run(_ file: SourceFile, overrides: [String: String]) -> RunOutcome {
        // A file stops at Ctrl-C, even one loaded into the REPL: no cut-short text flows on.
        let keepsInterrupted = host.options.keepsInterruptedGenerations
        host.options.keepsInterruptedGenerations = false
        defer { host.options.keepsInterruptedGenerations = keepsInterrupted }
        let program: Program
        do {
            program = try interpreter.load(file)
        } catch {
            report(error)
            return .failed
        }
        host.resetExperimentOutcome()
        do {
            try interpreter.run(program, parameters: overrides)
            return host.experimentOutcome.failedRows > 0 ? .rowsFailed : .completed
        } catch let list as DiagnosticList where list.diagnostics.allSatisfy(\.isParameterProblem) {
            report(list)
            return .refusedParameters
        } catch let diagnostic as Diagnostic where diagnostic.code == .cancelled {
            report(diagnostic)
            return .interrupted
        } catch {
            report(error)
            return .failed
        }
    }

    /// Parses and resolves the file at `path` without running it; every problem found
    /// (a file that cannot be read is one too).
    public func check(path: String) -> [Diagnostic] {
        guard let file = readSource(path, reporting: false) else {
            return [Diagnostic(.hostError, "cannot read '\(path)'")]
        }
        return interpreter.check(file)
    }

    // MARK: Diagnostics

    /// Prints diagnostics to standard error with the source line and a caret under the spot.
    public func report(_ diagnostics: [Diagnostic]) {
        let text = diagnostics.map { diagnostic in
            diagnostic.code == .cancelled ? Self.interruptionText(diagnostic) : renderer.render(diagnostic)
        }.joined()
        reportErrorsTo?.error(diagnostics.map { DiagnosticRenderer(colored: false).render($0) }.joined())
        if let diagnosticHandler { return diagnosticHandler(diagnostics) }
        fflush(stdout)
        fputs(text, stderr)
    }

    /// "interrupted", or what the interrupted code said about it (how far an experiment got).
    private static func interruptionText(_ diagnostic: Diagnostic) -> String {
        diagnostic.message == "cancelled" ? "interrupted\n" : diagnostic.message + "\n"
    }

    /// Prints any error thrown by the language or the runtime.
    public func report(_ error: Error) {
        switch error {
        case let list as DiagnosticList: report(list.diagnostics)
        case let diagnostic as Diagnostic: report([diagnostic])
        default: report([Diagnostic(.hostError, "\(error)")])
        }
    }

    /// The file's text, or nil after printing why it cannot be read.
    private func readSource(_ path: String, reporting: Bool = true) -> SourceFile? {
        guard let data = FileManager.default.contents(atPath: path) else {
            if reporting { report([Diagnostic(.hostError, "cannot read '\(path)'")]) }
            return nil
        }
        return SourceFile(name: path, text: String(decoding: data, as: UTF8.self))
    }
}

extension Diagnostic {
    /// Whether this is a refused `name=value` override rather than a problem of the script.
    var isParameterProblem: Bool { code == .unknownParameter || code == .malformedParameter }
}

/// Finds `use "path"` files on disk: an absolute path as it is, else relative to the directory
/// of the file that says `use`, else relative to the working directory (for the REPL), else
/// in `GUIDE_PATH` and the installed stdlib (`LibraryPath`).
final class FileSourceLoader: SourceLoader {
    /// The environment whose `GUIDE_PATH` is searched.
    let environment: [String: String]

    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    func load(_ path: String, from including: SourceFile) throws -> SourceFile {
        var candidates = [path]
        if !path.hasPrefix("/") {
            let directory = (including.name as NSString).deletingLastPathComponent
            if !directory.isEmpty, !including.name.hasPrefix("<") {
                candidates.insert((directory as NSString).appendingPathComponent(path), at: 0)
            }
            candidates += LibraryPath.candidates(for: path, environment: environment)
        }
        for candidate in candidates {
            if let data = FileManager.default.contents(atPath: candidate) {
                let canonical = URL(fileURLWithPath: candidate).standardizedFileURL.resolvingSymlinksInPath().path
                return SourceFile(name: canonical, text: String(decoding: data, as: UTF8.self))
            }
        }
        throw Diagnostic(.useFailed, "cannot read '\(path)' (looked at \(candidates.joined(separator: ", ")))")
    }
}
