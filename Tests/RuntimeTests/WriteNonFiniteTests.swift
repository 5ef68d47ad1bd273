import Foundation
import GuideLang
import Testing
@testable import Runtime

/// `write` refuses inf and nan (CSV and JSON would turn them into an empty field or `null`,
/// which reads back as nil: a silently lost result) and says where the number is.
@Suite struct WriteNonFiniteTests {
    static func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("write-nonfinite-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test(arguments: ["out.csv", "out.jsonl"])
    func infAndNanAreRefusedWithTheirPlace(_ name: String) throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent(name).path
        let runner = ScriptRunner()
        let inf = runner.errorMessage("write([{a: 1}, {a: 2, stats: {score: log(0)}}], \(Value.quote(path)))")
        #expect(inf == "bad argument #1 to 'write': row 2, field .stats.score is -inf: CSV and JSON cannot hold "
            + "inf or nan; replace it before writing (e.g. with nil)")
        let nan = runner.errorMessage("write([{xs: [1, sqrt(-1)]}], \(Value.quote(path)))")
        #expect(nan?.contains("row 1, field .xs[1] is nan") == true, "\(nan ?? "no error")")
        #expect(!FileManager.default.fileExists(atPath: path), "nothing is written")
    }

    @Test func largeIntegersAndFractionsRoundTrip() throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let runner = ScriptRunner()
        for name in ["big.csv", "big.jsonl"] {
            let path = Value.quote(folder.appendingPathComponent(name).path)
            let rows = "[{big: 10 ** 20, huge: 2 ** 80, x: 0.1, neg: -(2 ** 60)}]"
            let back = try runner.evaluate("write(\(rows), \(path))\n\(name.hasSuffix(".csv") ? "read_csv" : "read_jsonl")(\(path)) == \(rows)")
            #expect(back == .bool(true), "\(name) reads back what was written")
        }
    }
}

/// An experiment refuses to log inf and nan (JSON would turn them into `null`, which reads back
/// as nil): the row fails with the reason and every log line stays valid JSON.
@Suite struct ExperimentNonFiniteTests {
    @Test func aRecordWithNanFailsItsRowAndTheLogStaysValid() throws {
        let dir = try makeTemporaryDirectory()
        var progress: [String] = []
        let runner = ScriptRunner(resultsDirectory: dir, progress: { progress.append($0) })
        let lines = try runner.run("""
            experiment "ratios" over grid(x: [1, 0, 4]) as row {
                record {x: row.x, root: sqrt(row.x - 1), scores: [1, log(row.x)]}
            }
            """)
        let log = try FileIO.readText(dir + "/ratios.jsonl").split(separator: "\n")
        #expect(log.count == 3)
        for line in log { #expect((try? JSON.decode(String(line))) != nil, "\(line)") }
        #expect(log[0].hasSuffix(#""x":1,"root":0,"scores":[1,0]}"#))
        #expect(log[1].contains(#""x":0,"error":"#) && log[1].contains("record 1, field .root is nan: "
            + "the experiment's JSON log cannot hold inf or nan; record nil (or a string) in its place"))
        #expect(!log[1].contains("null"))
        #expect(log[2].hasSuffix(#""x":4,"root":1.7320508075688772,"scores":[1,1.3862943611198906]}"#))
        #expect(progress.last?.hasPrefix("experiment \"ratios\": 1 of 3 rows failed") == true)
        #expect(lines.contains { $0.contains("record 1, field .root is nan") }, "\(lines)")
    }

    @Test func aParamWithInfStopsTheExperimentBeforeAnyRow() throws {
        let dir = try makeTemporaryDirectory()
        let runner = ScriptRunner(resultsDirectory: dir)
        let message = runner.errorMessage("""
            param limit = -log(0)
            experiment "limited" over [1, 2] as row { record {x: row} }
            """)
        #expect(message?.contains("experiment \"limited\": param limit holds inf, which its JSON log cannot hold") == true,
                "\(message ?? "no error")")
        #expect(!FileManager.default.fileExists(atPath: dir + "/limited.jsonl"), "nothing is logged")
    }

    @Test func aRowWithNanStopsTheExperimentBeforeAnyRow() throws {
        let dir = try makeTemporaryDirectory()
        let runner = ScriptRunner(resultsDirectory: dir)
        let message = runner.errorMessage("""
            experiment "rows" over [{x: 1}, {x: 2, stats: [0, sqrt(-1)]}] as row { record {y: row.x} }
            """)
        #expect(message?.contains("experiment \"rows\": row 2, field .stats[1] is nan, which its JSON log cannot hold") == true,
                "\(message ?? "no error")")
        #expect(!FileManager.default.fileExists(atPath: dir + "/rows.jsonl"), "nothing is logged")
    }
}
