import Engine
import Foundation
import GuideLang
import Registry
import Testing
@testable import Runtime

/// A row is reused only when everything that determines its result is unchanged: the
/// body, the functions and bindings it reaches, the model file. Each test runs a script,
/// edits one thing, runs it again in a fresh interpreter (as a second `guide run` would)
/// and counts the rows whose body ran (each prints `ran`).
@Suite struct ExperimentIdentityTests {
    static let base = """
        let scale = 10
        fn offset() { return 1 }
        fn score(x) { return x * scale + offset() }
        let unrelated = 5
        experiment "e" over [1, 2, 3] as row {
            print("ran \\(row)")
            record {x: row, y: score(row)}
        }
        """

    /// One run of `script` in `directory`: how many rows ran, the displayed lines, the log.
    struct Run {
        var ran: Int
        var lines: [String]
        var progress: [String]
        var log: [String]
    }

    static func run(_ script: String, in directory: String, experiment: String = "e",
                    configure: (RuntimeHost) -> Void = { _ in }) throws -> Run {
        var progress: [String] = []
        let runner = ScriptRunner(resultsDirectory: directory, progress: { progress.append($0) })
        configure(runner.host)
        let lines = try runner.run(script)
        let log = (try FileIO.readTextIfPresent(directory + "/\(experiment).jsonl") ?? "").split(separator: "\n").map(String.init)
        return Run(ran: lines.filter { $0.hasPrefix("ran ") }.count, lines: lines.filter { !$0.hasPrefix("ran ") },
                   progress: progress, log: log)
    }

    @Test func theSameScriptTwiceComputesNothing() throws {
        let dir = try makeTemporaryDirectory()
        let first = try Self.run(Self.base, in: dir)
        #expect(first.ran == 3)
        #expect(first.progress.first == "e: 0 of 3 rows already recorded, 3 to run\n")
        let second = try Self.run(Self.base, in: dir)
        #expect(second.ran == 0)
        #expect(second.progress.first == "e: 3 of 3 rows already recorded, 0 to run\n")
        #expect(second.lines == first.lines)
        #expect(second.log == first.log)
    }

    /// Each edit and whether it must make every row run again.
    @Test(arguments: [
        ("the body", "record {x: row, y: score(row)}", "record {x: row, y: score(row) * 1}", true),
        ("a function the body calls", "return x * scale + offset()", "return x * scale + offset() + 0", true),
        ("a function reached through another", "fn offset() { return 1 }", "fn offset() { return 2 }", true),
        ("a constant a function uses", "let scale = 10", "let scale = 11", true),
        ("a binding nothing reaches", "let unrelated = 5", "let unrelated = 6", false),
        ("layout and comments", "    record {x: row, y: score(row)}", "        # the result\n        record { x: row,  y: score(row) }", false),
        ("a constant's spelling, not its value", "let scale = 10", "let scale = 5 + 5", false),
    ])
    func anEditRecomputesExactlyWhatItAffects(what: String, old: String, new: String, recomputes: Bool) throws {
        let dir = try makeTemporaryDirectory()
        let first = try Self.run(Self.base, in: dir)
        let edited = Self.base.replacingOccurrences(of: old, with: new)
        #expect(edited != Self.base, "the edit of \(what) did not apply")
        let second = try Self.run(edited, in: dir)
        #expect(second.ran == (recomputes ? 3 : 0), "editing \(what)")
        if recomputes {
            // Old rows stay in the log under their old keys; the table shows only the new ones.
            #expect(second.log.count == 6 && Array(second.log.prefix(3)) == first.log)
            #expect(second.lines.count == first.lines.count)
        } else {
            #expect(second.log == first.log)
        }
    }

    @Test func aChangedCapturedVariableRecomputes() throws {
        let script = """
            let make = fn(k) => fn(x) => x * k
            let f = make(2)
            experiment "e" over [1, 2] as row {
                print("ran \\(row)")
                record {y: f(row)}
            }
            """
        let dir = try makeTemporaryDirectory()
        #expect(try Self.run(script, in: dir).ran == 2)
        #expect(try Self.run(script, in: dir).ran == 0)
        #expect(try Self.run(script.replacingOccurrences(of: "make(2)", with: "make(3)"), in: dir).ran == 2)
    }

    @Test func anAddedRowRunsAloneAndReorderedRowsAreReused() throws {
        let dir = try makeTemporaryDirectory()
        _ = try Self.run(Self.base, in: dir)
        let more = try Self.run(Self.base.replacingOccurrences(of: "[1, 2, 3]", with: "[3, 1, 4, 2]"), in: dir)
        #expect(more.ran == 1)
        #expect(more.progress.first == "e: 3 of 4 rows already recorded, 1 to run\n")
    }

    @Test func freshRecomputesEveryRowAndKeepsTheOldOnes() throws {
        let dir = try makeTemporaryDirectory()
        let first = try Self.run(Self.base, in: dir)
        let fresh = try Self.run(Self.base, in: dir) { $0.options.freshExperiments = true }
        #expect(fresh.ran == 3)
        #expect(fresh.progress.first == "e: --fresh: all 3 rows to run, recorded rows ignored\n")
        #expect(fresh.log.count == 6 && fresh.lines == first.lines)
        // The next ordinary run reuses the latest rows.
        #expect(try Self.run(Self.base, in: dir).ran == 0)
    }

    @Test func aFailedRowIsRetriedOnceItsCauseIsFixed() throws {
        let dir = try makeTemporaryDirectory()
        for i in [1, 3] { try "text \(i)".write(toFile: dir + "/in-\(i).txt", atomically: true, encoding: .utf8) }
        let script = """
            experiment "r" over [1, 2, 3] as row {
                print("ran \\(row)")
                record {row, text: read("\(dir)/in-\\(row).txt")}
            }
            """
        let first = try Self.run(script, in: dir, experiment: "r")
        #expect(first.ran == 3)
        #expect(first.log[1].contains(#""_status":"failed""#) && first.log[1].contains("in-2.txt"))
        #expect(first.progress.contains { $0.hasPrefix("experiment \"r\": 1 of 3 rows failed") })

        // Still broken: the failed row is tried again, and only it.
        let second = try Self.run(script, in: dir, experiment: "r")
        #expect(second.ran == 1)
        #expect(second.progress.first == "r: 2 of 3 rows already recorded, 1 to run (1 failed earlier, retried)\n")
        // --no-retry-failed keeps it.
        #expect(try Self.run(script, in: dir, experiment: "r") { $0.options.retryFailedRows = false }.ran == 0)

        // Fixed: the re-run computes the missing row; afterwards nothing runs.
        try "text 2".write(toFile: dir + "/in-2.txt", atomically: true, encoding: .utf8)
        let fixed = try Self.run(script, in: dir, experiment: "r")
        #expect(fixed.ran == 1)
        #expect(fixed.lines.allSatisfy { !$0.contains("error") }, "\(fixed.lines)")
        #expect(fixed.lines.contains { $0.contains("text 2") })
        #expect(try Self.run(script, in: dir, experiment: "r").ran == 0)
    }

    @Test func aRowThatRecordsNothingIsNotRunAgain() throws {
        let dir = try makeTemporaryDirectory()
        let script = """
            experiment "e" over [1, 2] as row {
                print("ran \\(row)")
                if row == 1 { record {row} }
            }
            """
        #expect(try Self.run(script, in: dir).ran == 2)
        let again = try Self.run(script, in: dir)
        #expect(again.ran == 0)
        #expect(again.log[1].contains(#""_status":"empty""#))
    }

    @Test func anUnshardedRunReusesTheShardsRows() throws {
        let dir = try makeTemporaryDirectory()
        for i in 1...2 {
            let progress = ScriptRunner(resultsDirectory: dir)
            progress.host.options.shard = try Shard(parsing: "\(i)/2")
            _ = try progress.run(Self.base)
        }
        let whole = try Self.run(Self.base, in: dir)
        #expect(whole.ran == 0)
        #expect(whole.progress.first == "e: 3 of 3 rows already recorded, 0 to run\n")
        #expect(whole.lines == (try Self.run(Self.base, in: try makeTemporaryDirectory())).lines)
    }

    @Test func aChangedModelFileRecomputes() throws {
        let cached = ModelCache().modelsDirectory + "/smollm2-135m-instruct.gguf"
        guard FileManager.default.fileExists(atPath: cached) else {
            Issue.record("the test model is missing at \(cached); run `guide model fetch smollm2-135m-instruct` or scripts/test")
            return
        }
        let dir = try makeTemporaryDirectory()
        let copy = dir + "/m.gguf"
        try FileManager.default.copyItem(atPath: cached, toPath: copy)
        let script = { (path: String) in """
            let m = model("\(path)")
            experiment "e" over [1, 2] as row {
                print("ran \\(row)")
                record {row, layers: m.layers}
            }
            """ }
        #expect(try Self.run(script(copy), in: dir).ran == 2)
        #expect(FileManager.default.fileExists(atPath: copy + ".sha256"), "the digest is cached beside the model")
        #expect(try Self.run(script(copy), in: dir).ran == 0)
        // The same bytes under another name are the same model.
        try FileManager.default.copyItem(atPath: copy, toPath: dir + "/renamed.gguf")
        #expect(try Self.run(script(dir + "/renamed.gguf"), in: dir).ran == 0)
        // One byte of tensor data changed: a different model.
        let handle = try #require(FileHandle(forUpdatingAtPath: copy))
        let end = try handle.seekToEnd()
        try handle.seek(toOffset: end - 1)
        let last = try #require(try handle.read(upToCount: 1)?.first)
        try handle.seek(toOffset: end - 1)
        try handle.write(contentsOf: [last ^ 0x01])
        try handle.close()
        #expect(try Self.run(script(copy), in: dir).ran == 2)
    }

    @Test func interruptionLeavesAPartialResultAndAnError() throws {
        let dir = try makeTemporaryDirectory()
        let runner = ScriptRunner(resultsDirectory: dir)
        runner.interpreter.register(Builtin("stop_here", []) { args in
            args.interpreter.cancellation.cancel()
            throw Diagnostic(.cancelled, "cancelled")
        })
        let script = """
            experiment "e" over [1, 2, 3, 4, 5] as row {
                if row == 3 { stop_here() }
                record {row}
            }
            """
        #expect {
            _ = try runner.run(script)
        } throws: { error in
            let diagnostic = error as? Diagnostic
            return diagnostic?.code == .cancelled
                && diagnostic?.message == "experiment \"e\": interrupted after 2 of 5 rows; re-run to continue"
        }
        let partial = try #require(runner.host.experimentOutcome.interrupted)
        #expect(partial.displayText().contains("partial: true"))
        #expect(try FileIO.readText(dir + "/e.jsonl").split(separator: "\n").count == 2, "the row in flight is abandoned")
    }
}
