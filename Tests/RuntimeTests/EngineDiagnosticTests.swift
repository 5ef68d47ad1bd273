import Engine
import Foundation
import GuideLang
import Testing
@testable import Runtime

/// Engine failures reach a script through one mapping: the argument that carries the
/// culprit is blamed ("bad argument #n"), and the diagnostic keeps the engine's code.
@Suite(.serialized) struct EngineDiagnosticTests {
    let runner = ScriptRunner()

    /// The code and message of the diagnostic `source` raises, nil when it runs.
    private func failure(_ source: String) -> (code: String, message: String)? {
        do {
            _ = try runner.evaluate(source)
            return nil
        } catch let diagnostic as Diagnostic {
            return (diagnostic.code.rawValue, diagnostic.message)
        } catch {
            return ("not a diagnostic", "\(error)")
        }
    }

    /// Expects `source` to fail with `code` and a message starting with `prefix`.
    private func expectFailure(_ source: String, code: String, prefix: String,
                               sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let found = failure(source)
        #expect(found?.code == code, "\(source): \(found.map { "\($0.code) \($0.message)" } ?? "no error")",
                sourceLocation: sourceLocation)
        #expect(found?.message.hasPrefix(prefix) == true, "\(source): \(found?.message ?? "no error")",
                sourceLocation: sourceLocation)
    }

    @Test func failuresBeforeAnyModelRunsKeepTheirCode() throws {
        expectFailure(#"prompt("<!-> unclosed")"#, code: "engine.span-tag", prefix: "bad argument #1 to 'prompt'")
        expectFailure(#"delta(2, layers: "5-3")"#, code: "engine.layer-selection", prefix: "bad argument #2 to 'delta'")
        expectFailure("delta(2, layers: 5...3)", code: "engine.layer-selection", prefix: "bad argument #2 to 'delta'")
        expectFailure(#"model(numerics: "f16")"#, code: "engine.numerics", prefix: "bad argument #2 to 'model'")

        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/broken.gguf"
        try Data("not a model".utf8).write(to: URL(fileURLWithPath: path))
        expectFailure("model(\"\(path)\")", code: "engine.gguf", prefix: "bad argument #1 to 'model'")
    }

    @Test func failuresOfAnEngineCallKeepTheirCode() throws {
        try runner.loadCachedModel("smollm2-135m-instruct")
        expectFailure(#"generate(m, "a", top_p: 0)"#, code: "engine.out-of-range", prefix: "bad argument #9 to 'generate'")
        expectFailure(#"influence(m, "no spans here")"#, code: "engine.no-span-to-measure",
                      prefix: "bad argument #2 to 'influence'")
        expectFailure(#"generate(m, "<!-> a <-!> b", guide: delta(1, layers: [99]))"#, code: "engine.schedule",
                      prefix: "bad argument #3 to 'generate'")
        expectFailure(#"logprob(m, "a", "")"#, code: "engine.empty-continuation", prefix: "bad argument #3 to 'logprob'")
        expectFailure(#"attention(m, "a b", 99)"#, code: "engine.out-of-range", prefix: "bad argument #3 to 'attention'")
        expectFailure(#"chat(m, "<!-> unclosed")"#, code: "engine.span-mapping", prefix: "bad argument #2 to 'chat'")
        let long = String(repeating: "fox ", count: 9000)
        expectFailure("generate(m, \"\(long)\")", code: "engine.prompt-too-long", prefix: "bad argument #2 to 'generate'")
        // A wrong value the builtin itself refuses keeps the language's code.
        expectFailure("generate(m, 3)", code: "runtime.wrong-argument", prefix: "bad argument #2 to 'generate'")
    }
}
