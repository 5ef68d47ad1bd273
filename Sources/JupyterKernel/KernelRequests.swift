import GuideLang
import Runtime

/// The reply contents of each request the kernel answers.
extension Kernel {
    /// `kernel_info_reply`: the protocol version and the language.
    func kernelInfo() -> DataRecord {
        ok([
            ("protocol_version", .string(JupyterMessage.protocolVersion)),
            ("implementation", .string("guide")),
            ("implementation_version", .string(version)),
            ("language_info", .record(DataRecord([
                ("name", .string(KernelSpec.language)),
                ("version", .string(version)),
                ("mimetype", .string(KernelSpec.languageMimeType)),
                ("file_extension", .string(KernelSpec.fileExtension)),
            ]))),
            ("banner", .string("GuideLang \(version): steer a language model's attention and measure it.")),
            ("help_links", .list([])),
        ])
    }

    /// `execute_request`: runs the code in the kernel's session. Outputs and an error go to
    /// iopub as they happen; the reply says ok or carries the error.
    func execute(_ request: JupyterMessage) -> DataRecord {
        let code = request.content["code"]?.string ?? ""
        let silent = request.content["silent"] == .bool(true)
        let storeHistory = request.content["store_history"].map { $0 == .bool(true) } ?? !silent
        if storeHistory { executionCount += 1 }
        let count = DataValue.number(Double(executionCount))
        if !silent {
            iopub.publish("execute_input", DataRecord([("code", .string(code)), ("execution_count", count)]),
                          parent: request)
        }
        var diagnostics: [Diagnostic] = []
        session.diagnosticHandler = { diagnostics += $0 }
        output.request = request
        output.executionCount = executionCount
        output.silent = silent
        session.cancellation.reset()  // an interrupt that came while idle does not stop this cell
        session.execute(code)
        output.request = nil
        session.diagnosticHandler = nil
        if isStopping { session.cancellation.cancel() } else { session.cancellation.reset() }

        guard let first = diagnostics.first else {
            return ok([("execution_count", count), ("user_expressions", .record(DataRecord())), ("payload", .list([]))])
        }
        let error = DataRecord([
            ("ename", .string(first.code == .cancelled ? "interrupted" : first.code.rawValue)),
            ("evalue", .string(first.message)),
            ("traceback", .list(Self.traceback(diagnostics).map(DataValue.string))),
        ])
        if !silent { iopub.publish("error", error, parent: request) }
        var reply = error
        reply["status"] = .string("error")
        reply["execution_count"] = count
        return reply
    }

    /// The diagnostics as the terminal shows them (source line, caret, notes; ANSI colours,
    /// which notebooks render), one traceback entry per line.
    static func traceback(_ diagnostics: [Diagnostic]) -> [String] {
        let renderer = DiagnosticRenderer(colored: true)
        let text = diagnostics.map { $0.code == .cancelled ? $0.message + "\n" : renderer.render($0) }.joined()
        return text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    }

    /// `complete_request`: the REPL's completions of the name before the cursor.
    func complete(_ request: JupyterMessage) -> DataRecord {
        let cursor = Self.cursor(of: request)
        let matches = session.completions(of: cursor.wordBeforeCursor, after: Substring(cursor.textBeforeWord))
        return ok([
            ("matches", .list(matches.map(DataValue.string))),
            ("cursor_start", .number(Double(cursor.wordStart))), ("cursor_end", .number(Double(cursor.offset))),
            ("metadata", .record(DataRecord())),
        ])
    }

    /// `inspect_request`: the builtin documentation (`help(NAME)`) of the name at the cursor.
    func inspect(_ request: JupyterMessage) -> DataRecord {
        let name = Self.cursor(of: request).wordAroundCursor
        guard !name.isEmpty, let text = session.interpreter.helpText(named: name) else {
            return ok([("found", .bool(false)), ("data", .record(DataRecord())), ("metadata", .record(DataRecord()))])
        }
        return ok([
            ("found", .bool(true)), ("data", .record(DataRecord([("text/plain", .string(text))]))),
            ("metadata", .record(DataRecord())),
        ])
    }

    /// `is_complete_request`: the REPL's rule (an open bracket, block or `"""` asks for more).
    func isComplete(_ request: JupyterMessage) -> DataRecord {
        let code = request.content["code"]?.string ?? ""
        if code.allSatisfy(\.isWhitespace) || session.isComplete(code) {
            return DataRecord([("status", .string("complete"))])
        }
        return DataRecord([("status", .string("incomplete")), ("indent", .string(""))])
    }

    /// `interrupt_request`: stops the running cell at its next check (between tokens of a
    /// generation, iterations of a loop, rows of an experiment), like Ctrl-C in the REPL.
    func interrupt() -> DataRecord {
        session.cancellation.cancel()
        return ok([])
    }

    /// `shutdown_request`: the kernel stops after replying (a restart is the client's job:
    /// it starts a new kernel process).
    func shutdown(_ request: JupyterMessage) -> DataRecord {
        stop()
        return ok([("restart", request.content["restart"] ?? .bool(false))])
    }

    private static func cursor(of request: JupyterMessage) -> CodeCursor {
        let code = request.content["code"]?.string ?? ""
        let position = request.content["cursor_pos"]?.number.map { Int(exactly: $0.rounded()) ?? 0 } ?? code.unicodeScalars.count
        return CodeCursor(code: code, position: position)
    }
}
