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
