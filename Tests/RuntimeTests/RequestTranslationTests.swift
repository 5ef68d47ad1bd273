import Engine
import Foundation
import GuideLang
import Registry
import Testing
@testable import Runtime

/// `guide generate` and `generate(…)` translate into the same engine request: greedy, chat
/// and sampled generations agree bit for bit, and out-of-range fields blame the argument
/// (or option) that carries them.
@Suite(.serialized) struct RequestTranslationTests {
    static let modelName = "smollm2-135m-instruct"
    let runner = ScriptRunner()

    @Test func samplingOptionsAgreeWithTheCommandLine() throws {
        _ = try ModelCache().cachedPath(of: Self.modelName)
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let prompt = "List three fruits: apple, apple,"
        let run = try GuideProcess.run(["generate", "--model", Self.modelName, "-p", prompt, "-n", "10",
                                        "--temperature", "0.9", "--seed", "7", "--top-k", "40", "--top-p", "0.95",
                                        "--min-p", "0.05", "--repeat-penalty", "1.3", "--json"],
                                       in: directory, tag: "generate")
        try #require(run.status == 0, "guide generate failed: \(run.stderr)")
        struct Report: Decodable { var generated_ids: [Int]; var logprobs: [Float] }
        let cli = try JSONDecoder().decode(Report.self, from: Data(run.stdout.utf8))
        let value = try runner.evaluate("""
            generate(model("\(Self.modelName)"), "\(prompt)", max_tokens: 10, temperature: 0.9, seed: 7, top_k: 40,
                     top_p: 0.95, min_p: 0.05, repeat_penalty: 1.3)
            """)
        guard case .native(let native) = value, let builtin = (native as? GenerationValue)?.generation else {
            Issue.record("generate(…) returned \(value.typeName)")
            return
        }
        #expect(builtin.tokens == cli.generated_ids)
        #expect(builtin.logprobs.map(\.bitPattern) == cli.logprobs.map(\.bitPattern))
    }

    @Test func unseededSamplingTakesTheFirstSessionSeedOnBothSides() throws {
        _ = try ModelCache().cachedPath(of: Self.modelName)
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let prompt = "Once upon a time"
        let run = try GuideProcess.run(["generate", "--model", Self.modelName, "-p", prompt, "-n", "10",
                                        "--temperature", "1.2", "--json"], in: directory, tag: "generate")
        try #require(run.status == 0, "guide generate failed: \(run.stderr)")
        struct Report: Decodable { var generated_ids: [Int]; var logprobs: [Float] }
        let cli = try JSONDecoder().decode(Report.self, from: Data(run.stdout.utf8))
        let value = try runner.evaluate(#"generate(model("\#(Self.modelName)"), "\#(prompt)", max_tokens: 10, temperature: 1.2)"#)
        guard case .native(let native) = value, let builtin = native as? GenerationValue else {
            Issue.record("generate(…) returned \(value.typeName)")
            return
        }
        #expect(builtin.seed == 1)
        #expect(builtin.generation.tokens == cli.generated_ids)
        #expect(builtin.generation.logprobs.map(\.bitPattern) == cli.logprobs.map(\.bitPattern))
    }

    @Test func greedyAndChatGenerationsAgreeWithTheCommandLine() throws {
        _ = try ModelCache().cachedPath(of: Self.modelName)
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let prompt = "The capital of France is"
        let cases: [(options: [String], call: String)] = [
            ([], #"generate(m, "\#(prompt)", max_tokens: 12)"#),
            (["--chat"], #"generate(m, chat(m, "\#(prompt)"), max_tokens: 12)"#),
        ]
        _ = try runner.evaluate("let m = model(\"\(Self.modelName)\")")
        struct Report: Decodable { var prompt_ids: [Int]; var generated_ids: [Int]; var logprobs: [Float]; var text: String }
        for (options, call) in cases {
            let run = try GuideProcess.run(["generate", "--model", Self.modelName, "-p", prompt, "-n", "12", "--json"]
                                           + options, in: directory, tag: "generate")
            try #require(run.status == 0, "guide generate \(options) failed: \(run.stderr)")
            let cli = try JSONDecoder().decode(Report.self, from: Data(run.stdout.utf8))
            let value = try runner.evaluate(call)
            guard case .native(let native) = value, let builtin = (native as? GenerationValue)?.generation else {
                Issue.record("\(call) returned \(value.typeName)")
                continue
            }
            #expect(builtin.promptTokens == cli.prompt_ids, "\(call)")
            #expect(builtin.tokens == cli.generated_ids, "\(call)")
            #expect(builtin.text == cli.text, "\(call)")
            #expect(builtin.logprobs.map(\.bitPattern) == cli.logprobs.map(\.bitPattern), "\(call)")
        }
    }

    @Test func outOfRangeOptionsBlameTheirArgument() throws {
        _ = try ModelCache().cachedPath(of: Self.modelName)
        _ = try runner.evaluate("let m = model(\"\(Self.modelName)\")")
        let cases = [("max_tokens: -1", 4), ("temperature: -1", 5), ("top_k: -1", 8), ("top_p: 0", 9),
                     ("min_p: 2", 10), ("repeat_penalty: 0", 11)]
        for (argument, position) in cases {
            let message = runner.errorMessage(#"generate(m, "a", "# + argument + ")")
            #expect(message?.hasPrefix("bad argument #\(position) to 'generate'") == true, "\(argument): \(message ?? "no error")")
        }
        #expect(runner.errorMessage(#"logprob(m, "a", "")"#)?.hasPrefix("bad argument #3 to 'logprob'") == true)
    }

    @Test func commandLineNamesTheOptionAtFault() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for (option, value) in [("--top-p", "0"), ("--min-p", "1.5"), ("--repeat-penalty", "0"), ("--layers", "5-3")] {
            let run = try GuideProcess.run(["generate", "-p", "a", "--delta", "1", option, value], in: directory, tag: "bad")
            #expect(run.status != 0)
            #expect(run.stderr.contains(option), "\(option): \(run.stderr)")
        }
        _ = try ModelCache().cachedPath(of: Self.modelName)
        let tag = try GuideProcess.run(["generate", "--model", Self.modelName, "-p", "<!-> unclosed"],
                                       in: directory, tag: "tag")
        #expect(tag.status != 0)
        #expect(tag.stderr.contains("--prompt: 1:1: tag <!-> is never closed"), "\(tag.stderr)")
    }
}
