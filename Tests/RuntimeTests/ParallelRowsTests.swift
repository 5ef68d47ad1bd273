import Foundation
import GuideLang
import Registry
import Testing
@testable import Runtime

/// Experiment rows run side by side (`guide run --parallel`) on the real
/// `smollm2-135m-instruct`: their generations decode together, and every row records what
/// it records when the rows run one by one.
@Suite(.serialized) struct ParallelRowsTests {
    static let script = """
        let m = model("smollm2-135m-instruct")
        let prompts = ["<!-> Answer in French. <-!> What is the capital of Spain?",
                       "Name three colours. <!-> Be brief. <-!>"]
        experiment "side" over grid(d: [0, 1, 3], p: prompts) as row {
            let g = generate(m, row.p, guide: delta(row.d), max_tokens: if row.d == 1 { 6 } else { 12 })
            let s = generate(m, row.p, guide: delta(row.d), max_tokens: 8, temperature: 0.8, seed: 7)
            record {d: row.d, text: g.text, tokens: g.tokens, logprobs: g.logprobs, stop: g.stop_reason,
                    sampled: s.tokens}
        }
        """

    /// The experiment's table with `rowsAtOnce` rows at a time, logged in a fresh directory.
    func table(rowsAtOnce: Int) throws -> (Value, [String]) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("parallel-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let runner = ScriptRunner(resultsDirectory: directory)
        runner.host.options.rowsAtOnce = rowsAtOnce
        _ = try ModelCache().cachedPath(of: "smollm2-135m-instruct")
        let value = try runner.evaluate(Self.script)
        let log = try String(contentsOfFile: directory + "/side.jsonl", encoding: .utf8)
        return (value, log.split(separator: "\n").map(String.init))
    }

    @Test func rowsSideBySideRecordWhatTheyRecordOneByOne() throws {
        let (alone, aloneLog) = try table(rowsAtOnce: 1)
        // 4 at a time: a group of 4 and a group of 2; rows of one group stop at different lengths.
        let (together, togetherLog) = try table(rowsAtOnce: 4)
        guard case .list(let rows) = together else { Issue.record("the experiment gave \(together.typeName)"); return }
        #expect(rows.count == 6)
        #expect(together == alone)
        #expect(togetherLog.count == aloneLog.count)
        // Bias changes the greedy text of some row, so the rows are not all one generation.
        #expect(Set(rows.map { $0.displayText() }).count == 6)
    }

    @Test func aRowWhoseGenerationFailsFailsAlone() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("parallel-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let runner = ScriptRunner(resultsDirectory: directory)
        runner.host.options.rowsAtOnce = 3
        _ = try ModelCache().cachedPath(of: "smollm2-135m-instruct")
        // The middle row's prompt does not fit the context: the batch fails, each row runs alone.
        let value = try runner.evaluate("""
            let m = model("smollm2-135m-instruct")
            let long = join(map(0..<9000, fn(i) => "word"), " ")
            let fails = experiment "fails" over ["Hello", long, "Goodbye"] as row {
                record {text: generate(m, row, max_tokens: 4).text}
            }
            fails
            """)
        guard case .list(let rows) = value else { Issue.record("the experiment gave \(value.typeName)"); return }
        #expect(rows.count == 3)
        #expect(runner.host.experiments.outcome.failedRows == 1)
        let hello = try runner.evaluate(#"generate(m, "Hello", max_tokens: 4).text"#)
        #expect(try runner.evaluate("fails[0].text") == hello)
        #expect(try runner.evaluate("fails[1].error != nil and fails[2].text != nil") == true)
    }
}
