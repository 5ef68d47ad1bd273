import Foundation
import Testing
@testable import Runtime

/// Kills `guide run` with SIGKILL in the middle of an experiment and runs it again: every
/// record written before the kill is kept exactly once, and the final log and displayed
/// table equal an uninterrupted run's.
@Suite(.serialized) struct ExperimentKillTests {
    /// A log with each row's `_seconds` (its wall time, different on every run) removed.
    static func withoutWallTimes(_ log: String) -> String {
        log.replacing(#/"_seconds":[0-9.eE+-]+,/#, with: "")
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var script: String
        var arguments: [String]
        var rows: Int
        var testDescription: String { name }
    }

    /// Rows that spin for roughly 0.1 s each in either build.
    static let busyLoop = Case(name: "busy loop", script: """
        param spin = 60000
        %% slow rows
        experiment "slow" over grid(i: 0..<10, tag: ["a"]) as row {
            var n = 0
            var acc = 0
            while n < spin { n = n + 1; acc = (acc + n * row.i) % 9973 }
            record {i: row.i, acc: acc, half: row.i / 2}
        }
        """, arguments: [isDebugBuild ? "spin=60000" : "spin=400000"], rows: 10)

    /// Greedy generation on the small test model, one short answer per row.
    static let greedy = Case(name: "greedy generation", script: """
        param budget = 12
        let m = model("smollm2-135m-instruct")
        %% answers
        experiment "greedy" over grid(topic: ["the sea", "a cat", "bread", "winter", "music", "trains", "the moon", "rain"]) as row {
            let g = generate(m, "Write one sentence about \\(row.topic).", max_tokens: budget)
            record {topic: row.topic, text: g.text, tokens: g.tokens}
        }
        """, arguments: [isDebugBuild ? "budget=2" : "budget=12"], rows: 8)

    static var isDebugBuild: Bool {
        #if DEBUG
        return true
        #else
        return false
        #endif
    }

    @Test(arguments: [busyLoop, greedy])
    func killedRunResumesToTheUninterruptedTable(_ experiment: Case) throws {
        let reference = try makeTemporaryDirectory()
        let resumed = try makeTemporaryDirectory()
        for dir in [reference, resumed] {
            try experiment.script.write(toFile: dir + "/exp.guide", atomically: true, encoding: .utf8)
        }
        let command = ["run", "exp.guide"] + experiment.arguments
        let full = try GuideProcess.run(command, in: reference, tag: "full")
        #expect(full.status == 0, "uninterrupted run failed: \(full.stderr)")
        let logName = "/results/" + (experiment.script.contains("\"slow\"") ? "slow" : "greedy") + ".jsonl"
        let fullLog = try FileIO.readText(reference + logName)
        #expect(fullLog.split(separator: "\n").count == experiment.rows)

        // Start, wait for a few rows, kill without warning.
        let log = resumed + logName
        let victim = try GuideProcess.start(command, in: resumed, tag: "killed")
        let deadline = Date().addingTimeInterval(300)
        while Date() < deadline {
            let lines = ((try? FileIO.readTextIfPresent(log)) ?? nil)?.split(separator: "\n").count ?? 0
            if lines >= 3 || !victim.isRunning { break }
            usleep(2_000)
        }
        #expect(victim.isRunning, "the experiment finished before it could be killed; make the rows slower")
        kill(victim.processIdentifier, SIGKILL)
        victim.waitUntilExit()
        #expect(victim.terminationReason == .uncaughtSignal)
        let beforeText = try FileIO.readText(log)
        let before = beforeText.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        #expect(before.count >= 3 && before.count < experiment.rows, "killed after \(before.count) rows")

        let rerun = try GuideProcess.run(command, in: resumed, tag: "rerun")
        #expect(rerun.status == 0, "re-run failed: \(rerun.stderr)")
        let afterText = try FileIO.readText(log)
        let after = afterText.split(separator: "\n").map(String.init)
        // Every record written before the kill is still there, unchanged, exactly once.
        #expect(Array(after.prefix(before.count)) == before)
        let keys = after.compactMap { try? JSON.decode($0).record?["_key"] }
        #expect(keys.count == experiment.rows && Set(keys).count == experiment.rows)
        // The final log (but for the rows' wall times) and the displayed table equal the
        // uninterrupted run's.
        #expect(Self.withoutWallTimes(afterText) == Self.withoutWallTimes(fullLog))
        #expect(rerun.stdout == full.stdout)
        #expect(rerun.stderr.contains("already recorded"))
        print("kill test (\(experiment.name)): killed after \(before.count) of \(experiment.rows) rows; "
              + "the re-run ran \(experiment.rows - before.count)")
    }

    /// Ctrl-C (SIGINT) in the middle of an experiment: the run says how far it got, exits
    /// 130 without showing the partial table as a result, and a re-run completes the rest
    /// into the log and table of an uninterrupted run.
    @Test func anInterruptedRunSaysSoExits130AndResumes() throws {
        let experiment = Self.busyLoop
        let reference = try makeTemporaryDirectory()
        let resumed = try makeTemporaryDirectory()
        for dir in [reference, resumed] {
            try experiment.script.write(toFile: dir + "/exp.guide", atomically: true, encoding: .utf8)
        }
        let command = ["run", "exp.guide"] + experiment.arguments
        let full = try GuideProcess.run(command, in: reference, tag: "full")
        #expect(full.status == 0, "uninterrupted run failed: \(full.stderr)")
        let fullLog = try FileIO.readText(reference + "/results/slow.jsonl")

        let log = resumed + "/results/slow.jsonl"
        let victim = try GuideProcess.start(command, in: resumed, tag: "interrupted")
        let deadline = Date().addingTimeInterval(300)
        while Date() < deadline {
            let lines = ((try? FileIO.readTextIfPresent(log)) ?? nil)?.split(separator: "\n").count ?? 0
            if lines >= 3 || !victim.isRunning { break }
            usleep(2_000)
        }
        #expect(victim.isRunning, "the experiment finished before it could be interrupted; make the rows slower")
        kill(victim.processIdentifier, SIGINT)
        victim.waitUntilExit()
        #expect(victim.terminationReason == .exit && victim.terminationStatus == 130)
        let stderr = try FileIO.readText(resumed + "/interrupted.err")
        let stdout = try FileIO.readText(resumed + "/interrupted.out")
        let recorded = try FileIO.readText(log).split(separator: "\n").count
        #expect(recorded >= 3 && recorded < experiment.rows)
        #expect(stderr.contains("experiment \"slow\": interrupted after \(recorded) of \(experiment.rows) rows; re-run to continue"),
                "stderr: \(stderr)")
        #expect(!stdout.contains("acc"), "the partial table is not shown as the result: \(stdout)")

        let rerun = try GuideProcess.run(command, in: resumed, tag: "rerun")
        #expect(rerun.status == 0, "re-run failed: \(rerun.stderr)")
        #expect(rerun.stderr.contains("\(recorded) of \(experiment.rows) rows already recorded, \(experiment.rows - recorded) to run"))
        #expect(Self.withoutWallTimes(try FileIO.readText(log)) == Self.withoutWallTimes(fullLog))
        #expect(rerun.stdout == full.stdout)
    }
}
