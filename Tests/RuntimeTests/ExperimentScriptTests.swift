import Foundation
import GuideLang
import Testing
@testable import Runtime

@Suite struct ExperimentScriptTests {
    static let script = """
        param scale = 10
        %% run
        experiment "squares" over grid(x: [1, 2, 3, 4]) as row {
            if row.x == 3 { let broken = [1][5] }
            record {x: row.x, y: row.x * row.x * scale}
        }
        """

    @Test func recordsCarryParamsAndErrorsAndResume() throws {
        let dir = try makeTemporaryDirectory()
        var progress: [String] = []
        let first = ScriptRunner(resultsDirectory: dir, progress: { progress.append($0) })
        let lines = try first.run(Self.script)
        let logText = try FileIO.readText(dir + "/squares.jsonl")
        let log = logText.split(separator: "\n")
        #expect(log.count == 4)
        #expect(log[0].contains(#""_row":0,"_exp":""#) && log[0].contains(#"","_seconds":"#)
                && log[0].hasSuffix(#","x":1,"y":10,"scale":10}"#))
        #expect(log[2].contains(#""x":3,"error":"#) && log[2].contains("index"))
        #expect(progress.contains { $0.hasPrefix("squares 4/4 rows") })
        #expect(progress.last?.hasPrefix("experiment \"squares\": 1 of 4 rows failed") == true)
        #expect(lines.count == 6, "\(lines)")
        #expect(lines.first == "x    y  scale  error")
        #expect(lines[3] == "2   40     10")
        #expect(lines[4].contains("test.guide:4:34: index 5 out of range"))

        // A second run reuses every good row, tries the failed one again and displays the same table.
        let second = ScriptRunner(resultsDirectory: dir)
        #expect(try second.run(Self.script) == lines)
        let secondLog = try FileIO.readText(dir + "/squares.jsonl")
        #expect(secondLog.hasPrefix(logText))
        #expect(secondLog.split(separator: "\n").count == 5 && secondLog.split(separator: "\n")[4].contains(#""x":3,"error":"#))

        // Another parameter value is another set of rows.
        let third = ScriptRunner(resultsDirectory: dir)
        _ = try third.run(Self.script, parameters: ["scale": "2"])
        #expect(try FileIO.readText(dir + "/squares.jsonl").split(separator: "\n").count == 9)
    }

    @Test func shardedRunsOnlyItsRows() throws {
        let dir = try makeTemporaryDirectory()
        let runner = ScriptRunner(resultsDirectory: dir)
        runner.host.options.shard = try Shard(parsing: "2/3")
        _ = try runner.run(Self.script)
        let log = try FileIO.readText(dir + "/squares.shard-2-of-3.jsonl").split(separator: "\n")
        #expect(log.count == 1 && log[0].contains(#""x":2"#))
    }
}
