import Foundation
import Testing
@testable import Runtime

@Suite struct ExperimentRunnerTests {
    struct Stop: Error, CustomStringConvertible { var description: String { "boom" } }

    let rows: [DataValue] = [0, 1, 2, 3, 4].map { .record(DataRecord([("delta", .number(Double($0)))])) }

    func square(_ row: DataValue) throws -> [DataRecord] {
        let d = row.record?["delta"]?.number ?? -1
        if d == 3 { throw Stop() }
        return [DataRecord([("delta", .number(d)), ("sq", .number(d * d))])]
    }

    @Test func recordsEveryRowWithParamsAndErrors() throws {
        let dir = try makeTemporaryDirectory()
        let runner = ExperimentRunner(name: "sq", params: DataRecord([("budget", .number(8))]), directory: dir)
        let result = try runner.run(rows: rows, content: { $0 }, body: square)
        #expect(result.ran == 5 && result.failed == 1 && result.skipped == 0)
        #expect(result.records.count == 5)
        #expect(result.records[2] == DataRecord([("delta", .number(2)), ("sq", .number(4)), ("budget", .number(8))]))
        #expect(result.records[3] == DataRecord([("delta", .number(3)), ("error", .string("boom")), ("budget", .number(8))]))
        #expect(try FileIO.readText(dir + "/sq.jsonl").split(separator: "\n").count == 5)
    }

    @Test func resumingSkipsRecordedRowsAndGivesTheSameTable() throws {
        let dir = try makeTemporaryDirectory()
        let full = try ExperimentRunner(name: "full", directory: dir).run(rows: rows, content: { $0 }, body: square)
        var calls = 0
        var stopAfter = 2
        let partial = ExperimentRunner(name: "part", directory: dir, isCancelled: { calls >= stopAfter })
        let first = try partial.run(rows: rows, content: { $0 }) { calls += 1; return try square($0) }
        #expect(first.cancelled && first.ran == 2)
        stopAfter = .max
        calls = 0
        let second = try partial.run(rows: rows, content: { $0 }) { calls += 1; return try square($0) }
        #expect(calls == 3 && second.skipped == 2)
        #expect(second.records == full.records)
        // Only the failed row runs again (and fails again).
        var again: [DataValue] = []
        let third = try partial.run(rows: rows, content: { $0 }) { again.append($0); return try square($0) }
        #expect(again == [rows[3]] && third.records == full.records && third.skipped == 4 && third.retried == 1)
        var keeping = partial
        keeping.retryFailed = false
        let fourth = try keeping.run(rows: rows, content: { $0 }) { _ in Issue.record("ran a recorded row"); return [] }
        #expect(fourth.records == full.records && fourth.skipped == 5 && fourth.failed == 1)
    }

    @Test func rowsRunInGroupsAndAreLoggedInRowOrder() throws {
        let dir = try makeTemporaryDirectory()
        let full = try ExperimentRunner(name: "one", directory: dir).run(rows: rows, content: { $0 }, body: square)
        // Row 1 is recorded already; the other four run two at a time.
        _ = try ExperimentRunner(name: "grouped", directory: dir).run(rows: [rows[1]], content: { $0 }, body: square)
        var groups: [[DataValue]] = []
        let grouped = ExperimentRunner(name: "grouped", directory: dir, rowsAtOnce: 2)
        let result = try grouped.runInGroups(rows: rows, content: { $0 }) { group in
            groups.append(group)
            return group.map { row in Result { try square(row) } }
        }
        #expect(groups == [[rows[0], rows[2]], [rows[3], rows[4]]])
        #expect(result.records == full.records && result.ran == 4 && result.skipped == 1 && result.failed == 1)
        let logged = try FileIO.readText(dir + "/grouped.jsonl").split(separator: "\n").map { line in
            try JSON.decode(String(line)).record?["delta"]
        }
        #expect(logged == [1, 0, 2, 3, 4].map { .number($0) })
    }

    @Test func aStopAbandonsTheGroupInFlight() throws {
        let dir = try makeTemporaryDirectory()
        var stopped = false
        let runner = ExperimentRunner(name: "stop", directory: dir, isCancelled: { stopped }, rowsAtOnce: 3)
        let result = try runner.runInGroups(rows: rows, content: { $0 }) { group in
            if group.contains(rows[4]) { Issue.record("a group ran after the stop") }
            stopped = true
            return group.map { _ in .failure(Stop()) }
        }
        #expect(result.cancelled && result.ran == 0 && result.records.isEmpty)
    }

    @Test func reorderedRowsAreStillRecognised() throws {
        let dir = try makeTemporaryDirectory()
        let runner = ExperimentRunner(name: "r", directory: dir)
        _ = try runner.run(rows: Array(rows.prefix(3)), content: { $0 }, body: square)
        var ran: [DataValue] = []
        let result = try runner.run(rows: rows.reversed(), content: { $0 }) { ran.append($0); return try square($0) }
        #expect(ran == [rows[4], rows[3]])
        #expect(result.records.map { $0["delta"] } == [4, 3, 2, 1, 0].map { .number($0) })
    }

    @Test func changedParamsRunTheRowsAgain() throws {
        let dir = try makeTemporaryDirectory()
        _ = try ExperimentRunner(name: "p", params: DataRecord([("t", .number(0))]), directory: dir)
            .run(rows: rows, content: { $0 }, body: square)
        let again = try ExperimentRunner(name: "p", params: DataRecord([("t", .number(1))]), directory: dir)
            .run(rows: rows, content: { $0 }, body: square)
        #expect(again.ran == 5 && again.records.allSatisfy { $0["t"] == .number(1) })
    }

    @Test func shardsMergeIntoTheUnshardedTable() throws {
        let dir = try makeTemporaryDirectory()
        let full = try ExperimentRunner(name: "whole", directory: dir).run(rows: rows, content: { $0 }, body: square)
        for i in 1...2 {
            let shard = try Shard(parsing: "\(i)/2")
            let part = try ExperimentRunner(name: "m", shard: shard, directory: dir).run(rows: rows, content: { $0 }, body: square)
            #expect(part.records.count == (i == 1 ? 3 : 2))
        }
        let files = try ExperimentMerge.shardFiles(experiment: "m", directory: dir)
        #expect(files.map { ($0 as NSString).lastPathComponent } == ["m.shard-1-of-2.jsonl", "m.shard-2-of-2.jsonl"])
        #expect(try ExperimentMerge.merge(files, into: dir + "/m.jsonl") == 5)
        let merged = try ExperimentRunner(name: "m", directory: dir, retryFailed: false)
            .run(rows: rows, content: { $0 }) { _ in Issue.record("ran a merged row"); return [] }
        #expect(merged.records == full.records)
        // Merging twice does not double anything.
        #expect(try ExperimentMerge.merge(files, into: dir + "/m.jsonl") == 5)
    }

    @Test func progressGoesToTheGivenOutput() throws {
        let dir = try makeTemporaryDirectory()
        var lines: [String] = []
        _ = try ExperimentRunner(name: "pg", directory: dir, progressOutput: { lines.append($0) })
            .run(rows: rows, content: { $0 }, body: square)
        #expect(lines.last?.hasPrefix("pg 5/5 rows") == true)
    }

    @Test(arguments: ["", "../x", "a/b", ".hidden"])
    func refusesUnsafeNames(_ name: String) throws {
        let dir = try makeTemporaryDirectory()
        #expect(throws: ExperimentNameError.self) {
            try ExperimentRunner(name: name, directory: dir).run(rows: rows, content: { $0 }, body: square)
        }
    }

    @Test func rowOverheadIsSmall() throws {
        let dir = try makeTemporaryDirectory()
        let many: [DataValue] = (0..<200).map { .number(Double($0)) }
        let start = ProgressBar.monotonicSeconds()
        let result = try ExperimentRunner(name: "fast", directory: dir)
            .run(rows: many, content: { $0 }) { [DataRecord([("v", $0)])] }
        let perRow = (ProgressBar.monotonicSeconds() - start) / Double(many.count)
        #expect(result.ran == 200)
        print("experiment row overhead: \(perRow * 1000) ms per row (append + fsync)")
        #expect(perRow < 0.05)
    }
}

/// The log is checked before any row computes anything.
@Suite(.serialized) struct ExperimentLogWritabilityTests {
    let rows: [DataValue] = [1, 2].map { .number($0) }

    @Test func anUnwritableResultsDirectoryFailsBeforeTheFirstRow() throws {
        let dir = try makeTemporaryDirectory() + "/results"
        try FileIO.makeDirectories(dir)
        let guardrail = try ReadOnlyDirectory(dir)
        defer { guardrail.restore() }
        #expect {
            try ExperimentRunner(name: "w", directory: dir)
                .run(rows: rows, content: { $0 }) { _ in Issue.record("a row ran"); return [] }
        } throws: { error in
            "\(error)".contains("w.jsonl: cannot be written") && "\(error)".contains("nothing was run")
        }
    }

    @Test func aFullyRecordedExperimentReadsFromAReadOnlyDirectory() throws {
        let dir = try makeTemporaryDirectory() + "/results"
        let first = try ExperimentRunner(name: "w", directory: dir).run(rows: rows, content: { $0 }) { [DataRecord([("v", $0)])] }
        let guardrail = try ReadOnlyDirectory(dir)
        defer { guardrail.restore() }
        let again = try ExperimentRunner(name: "w", directory: dir)
            .run(rows: rows, content: { $0 }) { _ in Issue.record("a row ran"); return [] }
        #expect(again.records == first.records)
    }
}
