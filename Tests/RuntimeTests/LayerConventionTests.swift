import Engine
import Foundation
import GuideLang
import Registry
import Testing
@testable import Runtime

/// One layer-selection convention: `guide … --layers 0-5` and `delta(…, layers: 0...5)`
/// choose the same layers, because both go through `GuideSchedule.Layers`' one parser.
@Suite(.serialized) struct LayerConventionTests {
    static let modelName = "smollm2-135m-instruct"
    static let prompt = "<!-> Answer in French: <-!> The weather today is"
    let runner = ScriptRunner()

    @Test func everyTextFormParsesByTheOneConvention() throws {
        let six = GuideSchedule.Layers.range(0..<6)
        for text in ["0-5", "0...5", "0..<6", " 0 - 5 "] {
            #expect(try GuideSchedule.Layers(parsing: text) == six, "\(text)")
        }
        #expect(try GuideSchedule.Layers(parsing: "3") == .list([3]))
        #expect(try GuideSchedule.Layers(parsing: "1, 3,5") == .list([1, 3, 5]))
        #expect(try GuideSchedule.Layers(parsing: "last") == .last)
        #expect(try GuideSchedule.Layers(parsing: "2-2") == .range(2..<3))
        #expect(try GuideSchedule.Layers(parsing: "2..<2") == .range(2..<2))
        for bad in ["5-3", "5...3", "middle", "", "1,,2", "0-x", "0..5"] {
            #expect(throws: LayerSelectionError.self, "\(bad)") { try GuideSchedule.Layers(parsing: bad) }
        }
    }

    @Test func scriptRangesAndStringsMeanTheSameLayers() throws {
        for form in ["0...5", "0..<6", #""0-5""#, #""0...5""#, #""0..<6""#] {
            #expect(try runner.evaluate("delta(2, layers: \(form)).layers") == "0..<6", "\(form)")
        }
        #expect(try runner.evaluate(#"delta(2, layers: "4").layers"#) == "[4]")
        #expect(runner.errorMessage("delta(2, layers: 5...3)")?.hasPrefix("bad argument #2 to 'delta'") == true)
        #expect(runner.errorMessage(#"delta(2, layers: "5-3")"#)?.contains("ends before it starts") == true)
    }

    @Test func commandLineAndBuiltinGenerateBitForBitTheSame() throws {
        _ = try ModelCache().cachedPath(of: Self.modelName)
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let run = try GuideProcess.run(["generate", "--model", Self.modelName, "-p", Self.prompt, "--delta", "3",
                                        "--layers", "0-5", "-n", "12", "--json"], in: directory, tag: "generate")
        try #require(run.status == 0, "guide generate failed: \(run.stderr)")
        struct Report: Decodable { var generated_ids: [Int]; var logprobs: [Float]; var text: String }
        let cli = try JSONDecoder().decode(Report.self, from: Data(run.stdout.utf8))

        let call = "generate(model(\"\(Self.modelName)\"), \"\(Self.prompt)\", max_tokens: 12, guide: delta(3, layers: "
        let builtin = try generation(call + "0...5))")
        #expect(builtin.tokens == cli.generated_ids)
        #expect(builtin.text == cli.text)
        #expect(builtin.logprobs.map(\.bitPattern) == cli.logprobs.map(\.bitPattern))
        // The comparison sees an off-by-one: one layer fewer changes the log-probabilities.
        let fewer = try generation(call + "0..<5))")
        #expect(fewer.logprobs.map(\.bitPattern) != cli.logprobs.map(\.bitPattern))
    }

    @Test func commandLineAndBuiltinInfluenceBitForBitTheSame() throws {
        _ = try ModelCache().cachedPath(of: Self.modelName)
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let measured = "<?-> Answer in French: <-?> <!-> The weather <-!> today is"
        let run = try GuideProcess.run(["influence", "--model", Self.modelName, "-p", measured, "--delta", "3",
                                        "--layers", "0-5", "--json"], in: directory, tag: "influence")
        try #require(run.status == 0, "guide influence failed: \(run.stderr)")
        struct Report: Decodable { var values: [[Float]] }
        let cli = try JSONDecoder().decode(Report.self, from: Data(run.stdout.utf8)).values

        let value = try runner.evaluate("influence(model(\"\(Self.modelName)\"), \"\(measured)\", guide: delta(3, layers: 0...5))")
        guard case .native(let native) = value, let influence = native as? InfluenceValue else {
            Issue.record("influence(…) returned \(value.typeName)")
            return
        }
        #expect(influence.matrix.values.map { $0.map(\.bitPattern) } == cli.map { $0.map(\.bitPattern) })
    }

    /// The engine result of a `generate(…)` call.
    private func generation(_ call: String) throws -> Generation {
        let value = try runner.evaluate(call)
        guard case .native(let native) = value, let generation = native as? GenerationValue else {
            throw UnexpectedValue(typeName: value.typeName)
        }
        return generation.generation
    }

    private struct UnexpectedValue: Error, CustomStringConvertible {
        var typeName: String
        var description: String { "generate(…) returned \(typeName)" }
    }
}
