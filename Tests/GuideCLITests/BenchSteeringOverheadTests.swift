import Foundation
import TestSupport
import Testing

/// The steering section of `guide bench` (Δ-schedule and Influence overhead on a prefill),
/// on the built binary and a synthetic model (`guide model synthetic`).
@Suite(.serialized) struct BenchSteeringOverheadTests {
    /// A directory holding `model.gguf`, written by the binary itself.
    static let directory: Result<URL, any Error> = Result {
        let directory = try GuideBinary.temporaryDirectory()
        let written = try GuideBinary.run(["model", "synthetic", "model.gguf"], in: directory)
        guard written.status == 0 else { throw SyntheticModelNotWritten(stderr: written.stderr) }
        return directory
    }

    struct SyntheticModelNotWritten: Error { let stderr: String }

    /// A bench whose throughput part is as small as it gets, followed by `section`.
    static func bench(_ section: [String]) throws -> GuideRun {
        try GuideBinary.run(["bench", "--model", "model.gguf", "--prefill", "8", "--decode", "2",
                             "--decode-prompt", "4", "--iterations", "1"] + section,
                            in: try directory.get(), environment: ["GUIDE_THREADS": "2"])
    }

    @Test func theJSONSectionHasEveryRunOfThePlainBiasedAndProbedPrefills() throws {
        let result = try Self.bench(["--overhead-lengths", "16,40", "--overhead-iterations", "2", "--json"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 2, "stdout: \(result.stdout)")
        let section = try #require(try JSONSerialization.jsonObject(with: Data((lines.last ?? "").utf8)) as? [String: Any])
        #expect(section["section"] as? String == "steering_overhead")
        #expect(section["delta"] as? Double == 2)
        let rows = try #require(section["rows"] as? [[String: Any]])
        #expect(rows.map { $0["tokens"] as? Int } == [16, 40])
        for row in rows {
            for key in ["plain", "schedule", "influence", "plain_cpu", "schedule_cpu", "influence_cpu"] {
                let seconds = try #require(row[key] as? [Double], "row \(row["tokens"] ?? "?") lacks \(key)")
                #expect(seconds.count == 2 && seconds.allSatisfy { $0 > 0 }, "\(key): \(seconds)")
            }
        }
    }

    @Test func theTableGivesBothOverheadsInPercentUnderTheOldOptionNames() throws {
        let result = try Self.bench(["--influence-lengths", "24", "--influence-iterations", "1"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.contains("Δ overhead wall / CPU"), "stdout: \(result.stdout)")
        #expect(result.stdout.contains("influence overhead wall / CPU"), "stdout: \(result.stdout)")
        let row = try #require(result.stdout.split(separator: "\n").first { $0.hasPrefix("| 24 |") },
                               "no row for 24 tokens in: \(result.stdout)")
        let percentages = row.matches(of: #/[+-]\d+\.\d%/#).count
        #expect(percentages == 4, "row: \(row)")
    }

    @Test func noneSkipsTheSection() throws {
        let result = try Self.bench(["--overhead-lengths", "none", "--json"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.split(separator: "\n").count == 1, "stdout: \(result.stdout)")
    }

    @Test(arguments: ["0", "512,x", ""])
    func aBadLengthListIsAUsageError(lengths: String) throws {
        let result = try Self.bench(["--overhead-lengths", lengths])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--overhead-lengths"), "stderr: \(result.stderr)")
    }
}
