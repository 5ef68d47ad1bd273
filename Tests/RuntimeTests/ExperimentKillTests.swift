import Foundation
import Testing
@testable import Runtime

/// Kills `guide run` with SIGKILL in the middle of an experiment and runs it again.
@Suite(.serialized) struct ExperimentKillTests {
    /// Ten rows that each spin for a while, so the kill lands mid-run.
    static let script = """
        param spin = 60000
        %% slow rows
        experiment "slow" over grid(i: 0..<10, tag: ["a"]) as row {
            var n = 0
            var acc = 0
            while n < spin { n = n + 1; acc = (acc + n * row.i) % 9973 }
            record {i: row.i, acc: acc, half: row.i / 2}
        }
        """

    /// Loop iterations per row: a row takes roughly 0.1 s in either build.
    #if DEBUG
    static let spin = "spin=60000"
    #else
    static let spin = "spin=400000"
    #endif

    @Test func killedRunResumesToTheUninterruptedTable() throws {
        let reference = try makeTemporaryDirectory()
        let resumed = try makeTemporaryDirectory()
        for dir in [reference, resumed] {
            try Self.script.write(toFile: dir + "/slow.guide", atomically: true, encoding: .utf8)
        }
        let full = try GuideProcess.run(["run", "slow.guide", Self.spin], in: reference, tag: "full")
        #expect(full.status == 0, "uninterrupted run failed: \(full.stderr)")
        let fullLog = try FileIO.readText(reference + "/results/slow.jsonl")
        #expect(fullLog.split(separator: "\n").count == 10)

        // Start, wait for a few rows, kill without warning.
        let log = resumed + "/results/slow.jsonl"
        let victim = try GuideProcess.start(["run", "slow.guide", Self.spin], in: resumed, tag: "killed")
        let deadline = Date().addingTimeInterval(120)
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
        #expect(before.count >= 3 && before.count < 10, "killed after \(before.count) rows")

        let rerun = try GuideProcess.run(["run", "slow.guide", Self.spin], in: resumed, tag: "rerun")
        #expect(rerun.status == 0, "re-run failed: \(rerun.stderr)")
        let afterText = try FileIO.readText(log)
        let after = afterText.split(separator: "\n").map(String.init)
        // Every record written before the kill is still there, unchanged, exactly once.
        #expect(Array(after.prefix(before.count)) == before)
        let keys = after.compactMap { try? JSON.decode($0).record?["_key"] }
        #expect(keys.count == 10 && Set(keys).count == 10)
        // The final log and displayed table equal the uninterrupted run's.
        #expect(afterText == fullLog)
        #expect(rerun.stdout == full.stdout)
        #expect(rerun.stderr.contains("already recorded"))
        print("kill test: killed after \(before.count) of 10 rows; resumed run ran \(10 - before.count)")
    }
}
