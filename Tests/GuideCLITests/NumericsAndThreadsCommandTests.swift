import Foundation
import TestSupport
import Testing

/// `--numerics` on generate, influence and bench, and `GUIDE_THREADS` as bench reports it,
/// on the built binary and a synthetic model (`guide model synthetic`).
@Suite(.serialized) struct NumericsAndThreadsCommandTests {
    /// A directory holding `model.gguf`, written by the binary itself.
    static let directory: Result<URL, any Error> = Result {
        let directory = try GuideBinary.temporaryDirectory()
        let written = try GuideBinary.run(["model", "synthetic", "model.gguf"], in: directory)
        guard written.status == 0 else { throw SyntheticModelNotWritten(stderr: written.stderr) }
        return directory
    }

    struct SyntheticModelNotWritten: Error { let stderr: String }

    static func run(_ arguments: [String], threads: String? = nil) throws -> GuideRun {
        try GuideBinary.run(arguments, in: try directory.get(),
                            environment: threads.map { ["GUIDE_THREADS": $0] } ?? [:])
    }

    static func json(_ text: String) throws -> [String: Any] {
        let first = text.split(separator: "\n").first.map(String.init) ?? ""
        return try #require(try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any])
    }

    static let bench = ["bench", "--model", "model.gguf", "--prefill", "8", "--decode", "2", "--decode-prompt", "4",
                        "--iterations", "1", "--influence-lengths", "none", "--json"]

    @Test(arguments: ["1", "2"])
    func benchReportsTheThreadsThatRan(threads: String) throws {
        let result = try Self.run(Self.bench, threads: threads)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let report = try Self.json(result.stdout)
        let detail = try #require(report["thread_detail"] as? [String: Any])
        #expect(report["threads"] as? Int == Int(threads))
        #expect(detail["kernel_pool"] as? Int == Int(threads))
        #expect(detail["row_workers"] as? Int == Int(threads))
        #expect(detail["openblas_per_call"] as? Int == 1)
        #expect(report["numerics"] as? String == "llamacpp")
    }

    @Test func benchSaysWhenTheSettingIsIgnored() throws {
        let result = try Self.run(Self.bench, threads: "lots")
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stderr.contains("GUIDE_THREADS='lots'"))
    }

    @Test func theThreadCountDoesNotChangeWhatIsGenerated() throws {
        let generate = ["generate", "--model", "model.gguf", "-p", "The quick brown fox", "-n", "12", "--json"]
        let one = try Self.json(try Self.run(generate, threads: "1").stdout)
        let two = try Self.json(try Self.run(generate, threads: "2").stdout)
        #expect((one["generated_ids"] as? [Int])?.isEmpty == false)
        #expect(one["generated_ids"] as? [Int] == two["generated_ids"] as? [Int])
        #expect(one["logprobs"] as? [Double] == two["logprobs"] as? [Double])
    }

    @Test func numericsIsAcceptedByGenerateInfluenceAndBench() throws {
        let generate = try Self.run(["generate", "--model", "model.gguf", "-p", "Hello", "-n", "4", "--json",
                                     "--numerics", "float32"])
        #expect(generate.status == 0, "stderr: \(generate.stderr)")
        let influence = { (numerics: String) in
            try Self.run(["influence", "--model", "model.gguf", "-p", "<?->Hello<-?> world", "--json", "--numerics", numerics])
        }
        let exact = try influence("float32"), rounded = try influence("llamacpp")
        #expect(exact.status == 0 && rounded.status == 0, "stderr: \(exact.stderr) \(rounded.stderr)")
        #expect(exact.stdout != rounded.stdout, "the two numerics gave the same Influence")
        let bench = try Self.run(Self.bench + ["--numerics", "float32"])
        #expect(try Self.json(bench.stdout)["numerics"] as? String == "float32")
    }

    @Test(arguments: ["generate", "influence", "bench"])
    func anUnknownNumericsIsAUsageError(command: String) throws {
        let result = try Self.run([command, "--model", "model.gguf", "-p", "<?->Hi<-?>", "--numerics", "fp16"]
            .filter { command != "bench" || !["-p", "<?->Hi<-?>"].contains($0) })
        #expect(result.status == 64)
        #expect(result.stderr.contains("fp16") && result.stderr.contains("float32") && result.stderr.contains("llamacpp"),
                "stderr: \(result.stderr)")
    }
}
