import Foundation
import Testing
@testable import Runtime

/// `guide run` on experiments, as a user runs it: what it says before the first row, the
/// exit status of a run with failed rows, `--fresh`, `--no-retry-failed`, and a results
/// directory it cannot write.
@Suite(.serialized) struct ExperimentCommandTests {
    static let script = """
        param fail_on = 0
        experiment "sq" over [1, 2, 3] as row {
            print("ran \\(row)")
            if row == fail_on { let broken = [1][5] }
            record {row, square: row * row}
        }
        """

    private func directory() throws -> String {
        let dir = try makeTemporaryDirectory()
        try Self.script.write(toFile: dir + "/sq.guide", atomically: true, encoding: .utf8)
        return dir
    }

    private func ranRows(_ stdout: String) -> Int {
        stdout.split(separator: "\n").filter { $0.hasPrefix("ran ") }.count
    }

    @Test func aRunSaysWhatIsRecordedAndWhatItWillRun() throws {
        let dir = try directory()
        let first = try GuideProcess.run(["run", "sq.guide"], in: dir, tag: "first")
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("sq: 0 of 3 rows already recorded, 3 to run\n"), "\(first.stderr)")
        #expect(ranRows(first.stdout) == 3)
        let second = try GuideProcess.run(["run", "sq.guide"], in: dir, tag: "second")
        #expect(second.status == 0)
        #expect(second.stderr.contains("sq: 3 of 3 rows already recorded, 0 to run\n"), "\(second.stderr)")
        #expect(ranRows(second.stdout) == 0)
    }

    @Test func freshRunsEveryRowAgainAndKeepsTheLog() throws {
        let dir = try directory()
        _ = try GuideProcess.run(["run", "sq.guide"], in: dir, tag: "first")
        let fresh = try GuideProcess.run(["run", "sq.guide", "--fresh"], in: dir, tag: "fresh")
        #expect(fresh.status == 0, "\(fresh.stderr)")
        #expect(fresh.stderr.contains("--fresh: all 3 rows to run"))
        #expect(ranRows(fresh.stdout) == 3)
        #expect(try FileIO.readText(dir + "/results/sq.jsonl").split(separator: "\n").count == 6)
    }

    @Test func failedRowsExitTwoWithASummaryAndAreRetried() throws {
        let dir = try directory()
        let failing = try GuideProcess.run(["run", "sq.guide", "fail_on=2"], in: dir, tag: "failing")
        #expect(failing.status == 2, "\(failing.stderr)")
        #expect(failing.stderr.contains("experiment \"sq\": 1 of 3 rows failed"), "\(failing.stderr)")
        #expect(failing.stderr.contains("index 5 out of range"))
        #expect(failing.stdout.contains("square"), "the table is still shown: \(failing.stdout)")
        #expect(ranRows(failing.stdout) == 3)

        let retried = try GuideProcess.run(["run", "sq.guide", "fail_on=2"], in: dir, tag: "retried")
        #expect(retried.status == 2)
        #expect(retried.stderr.contains("2 of 3 rows already recorded, 1 to run (1 failed earlier, retried)"))
        #expect(ranRows(retried.stdout) == 1)

        let kept = try GuideProcess.run(["run", "sq.guide", "fail_on=2", "--no-retry-failed"], in: dir, tag: "kept")
        #expect(kept.status == 2)
        #expect(kept.stderr.contains("(1 failed earlier, kept)"))
        #expect(ranRows(kept.stdout) == 0)
    }

    @Test func anUnwritableResultsDirectoryStopsBeforeTheFirstRow() throws {
        let dir = try directory()
        try FileIO.makeDirectories(dir + "/results")
        let guardrail = try ReadOnlyDirectory(dir + "/results")
        defer { guardrail.restore() }
        let run = try GuideProcess.run(["run", "sq.guide"], in: dir, tag: "unwritable")
        #expect(run.status == 1)
        #expect(run.stderr.contains("results/sq.jsonl: cannot be written"), "\(run.stderr)")
        #expect(ranRows(run.stdout) == 0, "no row may run before the log is known to be writable")
    }
}
