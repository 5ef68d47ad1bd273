import Foundation
import GuideLang
import Testing
@testable import Runtime

/// Data nests at most `JSON.maxDepth` levels: deeper values are refused with a located
/// error before anything is written, and everything written reads back.
@Suite struct DeepDataTests {
    /// Source that binds `deep` to a list nested `levels` deep (its innermost element is 1).
    static func deepList(_ levels: Int) -> String {
        "var deep = 1\nfor i in 0..<\(levels) { deep = [deep] }\n"
    }

    /// The diagnostic `source` raises, or nil when it runs.
    static func diagnostic(_ runner: ScriptRunner, _ source: String) -> Diagnostic? {
        do {
            _ = try runner.evaluate(source)
            return nil
        } catch {
            return error as? Diagnostic
        }
    }

    @Test func writingAVeryDeepValueIsALocatedErrorAndWritesNothing() throws {
        let dir = try makeTemporaryDirectory()
        let runner = ScriptRunner(resultsDirectory: dir)
        for (file, row) in [("deep.jsonl", "[deep]"), ("deep.csv", "[{cell: deep}]")] {
            let error = Self.diagnostic(runner, Self.deepList(300_000) + "write(\(row), \"\(dir)/\(file)\")")
            #expect(error?.code == .tooLarge)
            #expect(error?.message.contains("more than 512 levels deep") == true, "\(String(describing: error))")
            #expect(error?.location == SourceLocation(line: 3, column: 1))
            #expect(!FileManager.default.fileExists(atPath: "\(dir)/\(file)"))
        }
    }

    @Test func valuesUpToTheLimitRoundTripThroughFiles() throws {
        let dir = try makeTemporaryDirectory()
        let runner = ScriptRunner(resultsDirectory: dir)
        // Each row is one line: a row of 512 levels reads back, one of 513 is refused.
        let value = try runner.evaluate(Self.deepList(511) + """
            write([[deep]], "\(dir)/ok.jsonl")
            read_jsonl("\(dir)/ok.jsonl") == [[deep]]
            """)
        #expect(value == true)
        let tooDeep = Self.diagnostic(runner, Self.deepList(512) + "write([[deep]], \"\(dir)/no.jsonl\")")
        #expect(tooDeep?.code == .tooLarge)
        // A CSV cell holds its value as JSON: a record of 512 levels is written.
        _ = try runner.evaluate(Self.deepList(511) + "write([{cell: deep}], \"\(dir)/ok.csv\")")
        #expect(try FileIO.readText(dir + "/ok.csv").contains(String(repeating: "[", count: 511) + "1"))
        #expect(Self.diagnostic(runner, Self.deepList(512) + "write([{cell: deep}], \"\(dir)/no.csv\")")?.code == .tooLarge)
    }

    @Test func jsonReadsWhatItWritesAtTheLimit() throws {
        let deepest = String(repeating: "[", count: JSON.maxDepth) + String(repeating: "]", count: JSON.maxDepth)
        #expect(JSON.encode(try JSON.decode(deepest)) == deepest)
        #expect(throws: JSONError.self) { try JSON.decode("[" + deepest + "]") }
    }

    @Test func anExperimentRecordAtTheLimitRoundTripsThroughTheLog() throws {
        let dir = try makeTemporaryDirectory()
        let script = """
            %% run
            experiment "deep" over [511] as levels {
                var deep = 1
                for i in 0..<levels { deep = {inner: deep} }
                record {levels, deep}
            }
            """
        let lines = try ScriptRunner(resultsDirectory: dir).run(script)
        let logText = try FileIO.readText(dir + "/deep.jsonl")
        #expect(logText.contains(String(repeating: #"{"inner":"#, count: 511) + "1"))
        // The next run reads the log back and reuses the row.
        #expect(try ExperimentLog(path: dir + "/deep.jsonl").lines.count == 1)
        #expect(try ScriptRunner(resultsDirectory: dir).run(script) == lines)
        #expect(try FileIO.readText(dir + "/deep.jsonl") == logText)
    }

    @Test func anExperimentRecordDeeperThanTheLimitIsRefusedBeforeTheLogIsWritten() throws {
        let dir = try makeTemporaryDirectory()
        let script = """
            %% run
            experiment "deeper" over [512, 100000] as levels {
                var deep = 1
                for i in 0..<levels { deep = {inner: deep} }
                record {levels, deep}
            }
            """
        _ = try? ScriptRunner(resultsDirectory: dir).run(script)
        let log = try ExperimentLog(path: dir + "/deeper.jsonl")
        #expect(log.lines.count == 2)
        for line in log.lines {
            #expect(line["deep"] == nil)
            #expect(line["error"]?.string?.contains("more than 512 levels deep") == true, "\(line)")
        }
    }
}
