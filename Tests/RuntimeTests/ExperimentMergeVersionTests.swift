import Foundation
import Testing
@testable import Runtime

/// `guide merge` refuses the shard logs of one split run when their tasks ran different
/// versions of the experiment (its identity, or its params, differ).
@Suite struct ExperimentMergeVersionTests {
    let rows: [DataValue] = (0..<6).map { .record(DataRecord([("x", .number(Double($0)))])) }

    func double(_ row: DataValue) throws -> [DataRecord] {
        [DataRecord([("y", .number((row.record?["x"]?.number ?? 0) * 2))])]
    }

    /// Runs shard `i/n` of experiment `name` with `identity` and `params`.
    func runShard(_ i: Int, of n: Int, name: String = "e", identity: String, params: DataRecord = DataRecord(),
                  in dir: String) throws {
        _ = try ExperimentRunner(name: name, params: params, shard: Shard(parsing: "\(i)/\(n)"), directory: dir,
                                 identity: identity).run(rows: rows, content: { $0 }, body: double)
    }

    @Test func shardsOfOneVersionMerge() throws {
        let dir = try makeTemporaryDirectory()
        for i in 1...3 { try runShard(i, of: 3, identity: "v1", in: dir) }
        let files = try ExperimentMerge.shardFiles(experiment: "e", directory: dir)
        #expect(try ExperimentMerge.merge(files, into: dir + "/e.jsonl") == 6)
        // Every attempt's first line names the experiment's version; displayed rows do not show it.
        let lines = try FileIO.readText(dir + "/e.jsonl").split(separator: "\n")
        let version = RowKey.experiment(params: DataRecord(), identity: "v1")
        #expect(lines.allSatisfy { $0.contains("\"_exp\":\"\(version)\"") }, "\(lines)")
        let log = try ExperimentLog(readingOnly: dir + "/e.jsonl")
        #expect(log.lines.map(ExperimentLog.withoutBookkeeping).allSatisfy { $0.fields.map(\.key) == ["y"] })
    }

    /// `paramsChanged`: the second task ran other params; else another script or model.
    @Test(arguments: [false, true])
    func shardsOfDifferentVersionsAreRefused(paramsChanged: Bool) throws {
        let dir = try makeTemporaryDirectory()
        try runShard(1, of: 2, identity: "v1", in: dir)
        if paramsChanged {
            try runShard(2, of: 2, identity: "v1", params: DataRecord([("tokens", .number(64))]), in: dir)
        } else {
            try runShard(2, of: 2, identity: "v2", in: dir)
        }
        let files = try ExperimentMerge.shardFiles(experiment: "e", directory: dir)
        let error = #expect(throws: ExperimentMergeError.self) {
            try ExperimentMerge.merge(files, into: dir + "/e.jsonl")
        }
        #expect(!FileManager.default.fileExists(atPath: dir + "/e.jsonl"))
        let message = error?.description ?? ""
        #expect(message.contains("different versions of the experiment"))
        #expect(message.contains("e.shard-1-of-2.jsonl") && message.contains("e.shard-2-of-2.jsonl"))
        #expect(message.contains(String(RowKey.experiment(params: DataRecord(), identity: "v1").prefix(12))))
        // Asked to, it merges everything.
        #expect(try ExperimentMerge.merge(files, into: dir + "/e.jsonl", allowMixedVersions: true) == 6)
    }

    @Test func aShardRunAgainWithTheNewVersionMakesTheRunMergeable() throws {
        let dir = try makeTemporaryDirectory()
        try runShard(1, of: 2, identity: "v1", in: dir)
        try runShard(2, of: 2, identity: "v2", in: dir)
        try runShard(1, of: 2, identity: "v2", in: dir)
        let files = try ExperimentMerge.shardFiles(experiment: "e", directory: dir)
        // The old attempts stay: 3 rows of v1, 6 of v2.
        #expect(try ExperimentMerge.merge(files, into: dir + "/e.jsonl") == 9)
    }

    @Test func splitRunsOfAnotherShardCountAreNotCompared() throws {
        let dir = try makeTemporaryDirectory()
        for i in 1...2 { try runShard(i, of: 2, identity: "v1", in: dir) }
        for i in 1...3 { try runShard(i, of: 3, identity: "v2", in: dir) }
        let files = try ExperimentMerge.shardFiles(experiment: "e", directory: dir)
        #expect(try ExperimentMerge.merge(files, into: dir + "/e.jsonl") == 12)
        #expect(ExperimentMerge.experimentsWithShards(directory: dir) == ["e"])
    }
}
