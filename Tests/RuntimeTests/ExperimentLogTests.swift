import Foundation
import Testing
@testable import Runtime

@Suite struct ExperimentLogTests {
    @Test func appendsLinesAndReloadsThem() throws {
        let path = try makeTemporaryDirectory() + "/results/french.jsonl"
        let log = try ExperimentLog(path: path)
        try log.append([DataRecord([("delta", .number(1)), ("fr", .bool(true))])], key: "k1#0", rowIndex: 0)
        try log.append([DataRecord([("delta", .number(2))]), DataRecord([("delta", .number(3))])], key: "k2#0", rowIndex: 1)
        let text = try FileIO.readText(path)
        #expect(text == """
            {"_key":"k1#0","_row":0,"delta":1,"fr":true}
            {"_key":"k2#0","_row":1,"delta":2}
            {"_key":"k2#0","_row":1,"_n":2,"delta":3}

            """)
        let reopened = try ExperimentLog(path: path)
        #expect(reopened.contains(key: "k1#0"))
        #expect(!reopened.contains(key: "k3#0"))
        #expect(reopened.records(forKey: "k2#0") == [DataRecord([("delta", .number(2))]), DataRecord([("delta", .number(3))])])
    }

    @Test func dropsATornLastLineAndKeepsTheRest() throws {
        let path = try makeTemporaryDirectory() + "/x.jsonl"
        try FileIO.writeText("{\"_key\":\"a#0\",\"_row\":0,\"v\":1}\n{\"_key\":\"b#0\",\"_ro", to: path)
        let log = try ExperimentLog(path: path)
        #expect(log.lines.count == 1)
        #expect(try FileIO.readText(path) == "{\"_key\":\"a#0\",\"_row\":0,\"v\":1}\n")
        try log.append([DataRecord([("v", .number(2))])], key: "b#0", rowIndex: 1)
        #expect(try ExperimentLog(path: path).lines.count == 2)
    }

    @Test func completesALastLineThatOnlyLacksItsNewline() throws {
        let path = try makeTemporaryDirectory() + "/x.jsonl"
        try FileIO.writeText("{\"_key\":\"a#0\",\"v\":1}", to: path)
        let log = try ExperimentLog(path: path)
        try log.append([DataRecord([("v", .number(2))])], key: "b#0", rowIndex: 1)
        #expect(try FileIO.readText(path).split(separator: "\n").count == 2)
        #expect(try ExperimentLog(path: path).lines.count == 2)
    }

    @Test func refusesACorruptLineInTheMiddle() throws {
        let path = try makeTemporaryDirectory() + "/x.jsonl"
        try FileIO.writeText("{\"v\":1}\nnot json\n{\"v\":2}\n", to: path)
        #expect(throws: ExperimentLogError.self) { try ExperimentLog(path: path) }
    }

    @Test func aRowsCurrentAttemptIsItsLastSuccessfulOne() throws {
        let dir = try makeTemporaryDirectory()
        let log = try ExperimentLog(path: dir + "/a.jsonl")
        let ok = [DataRecord([("v", .number(1))]), DataRecord([("v", .number(2))])]
        try log.append([DataRecord([("error", .string("boom"))])], key: "k#0", rowIndex: 0, failed: true)
        #expect(log.current(forKey: "k#0")?.failed == true)
        try log.append(ok, key: "k#0", rowIndex: 0)
        try log.append([], key: "e#0", rowIndex: 1)
        let reopened = try ExperimentLog(path: dir + "/a.jsonl")
        #expect(reopened.attempts(forKey: "k#0").count == 2)
        #expect(reopened.records(forKey: "k#0") == ok)
        #expect(reopened.contains(key: "e#0") && reopened.records(forKey: "e#0").isEmpty)

        // A shard's older failure merged after the success does not undo it; merging twice adds nothing.
        let shard = try ExperimentLog(path: dir + "/a.shard-1-of-2.jsonl")
        try shard.append([DataRecord([("error", .string("shard boom"))])], key: "k#0", rowIndex: 0, failed: true)
        let lines = try ExperimentMerge.merge([shard.path], into: dir + "/a.jsonl")
        #expect(lines == 5)
        #expect(try ExperimentMerge.merge([shard.path], into: dir + "/a.jsonl") == 5)
        #expect(try ExperimentLog(path: dir + "/a.jsonl").records(forKey: "k#0") == ok)
    }

    @Test func rowKeysFollowContentNotPosition() {
        let params = DataRecord([("delta", .number(2))])
        let a = DataValue.record(DataRecord([("doc", .string("a"))]))
        let b = DataValue.record(DataRecord([("doc", .string("b"))]))
        let keys = RowKey.make(rows: [a, b, a], params: params)
        #expect(Set(keys).count == 3)
        #expect(keys[0].hasSuffix("#0") && keys[2].hasSuffix("#1"))
        #expect(RowKey.make(rows: [b, a], params: params) == [keys[1], keys[0]])
        #expect(RowKey.make(rows: [a], params: DataRecord([("delta", .number(3))]))[0] != keys[0])
        #expect(RowKey.make(rows: [a], params: params, identity: "another body")[0] != keys[0])
    }

    @Test func shardsPartitionTheRows() throws {
        let shards = try (1...3).map { try Shard(parsing: "\($0)/3") }
        for row in 0..<10 {
            #expect(shards.filter { $0.contains(rowIndex: row) }.count == 1)
        }
        #expect(shards[2].logPath(experiment: "f") == "results/f.shard-3-of-3.jsonl")
        #expect(Shard.all.logPath(experiment: "f") == "results/f.jsonl")
        for bad in ["0/3", "4/3", "1/0", "x", "1/2/3", ""] {
            #expect(throws: ShardError.self) { try Shard(parsing: bad) }
        }
    }
}
