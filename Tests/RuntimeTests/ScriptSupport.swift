import Engine
import GuideLang
import Registry
@testable import Runtime

/// Runs GuideLang source with the runtime's builtins installed.
struct ScriptRunner {
    let interpreter = Interpreter()
    let host: RuntimeHost
    let output = RecordingOutput()

    /// A runner whose experiments log under `resultsDirectory` and whose progress goes to `progress`.
    init(resultsDirectory: String = "results", progress: ((String) -> Void)? = nil) {
        host = RuntimeHost(options: RuntimeHost.Options(resultsDirectory: resultsDirectory, progress: progress,
                                                        progressIsTerminal: false))
        interpreter.output = output
        host.install(in: interpreter)
    }

    /// The value of the last expression of `source`.
    func evaluate(_ source: String) throws -> Value {
        try interpreter.evaluate(source)
    }

    /// Runs `source` as a script (cells displayed) and returns the displayed lines.
    func run(_ source: String, parameters: [String: String] = [:]) throws -> [String] {
        let program = try interpreter.load(SourceFile(name: "test.guide", text: source))
        try interpreter.run(program, parameters: parameters)
        return output.lines
    }

    /// The message of the error `source` raises, or nil when it runs fine.
    func errorMessage(_ source: String) -> String? {
        do {
            _ = try interpreter.evaluate(source)
            return nil
        } catch let diagnostic as Diagnostic {
            return diagnostic.message
        } catch {
            return "\(error)"
        }
    }
}

extension ScriptRunner {
    /// Binds `m` to the cached registry model `name`; fails with the cache's own message (how
    /// to fetch it) when the model is missing.
    func loadCachedModel(_ name: String) throws {
        _ = try ModelCache().cachedPath(of: name)
        _ = try evaluate("let m = model(\"\(name)\")")
    }
}
