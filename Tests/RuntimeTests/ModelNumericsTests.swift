import Engine
import Foundation
import GuideLang
import Testing
@testable import Runtime

/// `model(…, numerics:)`: the choice reaches every engine call and bad names are refused.
@Suite(.serialized) struct ModelNumericsTests {
    /// A synthetic model file (no download), written once for the suite.
    static let path: Result<String, any Error> = Result {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("guide-numerics-\(UUID().uuidString).gguf").path
        try SyntheticModelFile.write(to: path)
        return path
    }

    static let prompt = "<?->The quick brown<-?> fox jumps over the lazy dog."

    @Test func float32ModelsRunTheFloat32Numerics() throws {
        let path = try Self.path.get()
        let runner = ScriptRunner()
        _ = try runner.evaluate("""
            let exact = model("\(path)", numerics: "float32")
            let plain = model("\(path)")
            let a = influence(exact, "\(Self.prompt)")
            let b = influence(plain, "\(Self.prompt)")
            """)
        // The same file is opened once; each numerics is its own model value.
        #expect(try runner.evaluate(#"model("\#(path)", numerics: "float32") == exact"#) == true)
        #expect(try runner.evaluate(#"model("\#(path)", numerics: "llamacpp") == plain"#) == true)
        #expect(try runner.evaluate("exact == plain") == false)
        #expect(runner.host.models.loadedCount == 1)

        // The values are the engine's in that numerics, bit for bit (as Floats: the script
        // holds each as the Double of its shortest decimal form).
        let engine = try LanguageModel(path: path)
        let marked = try engine.markedPrompt(Self.prompt)
        for (name, numerics) in [("a", Numerics.float32), ("b", .llamaCPP)] {
            let expected = try engine.influence(of: marked, numerics: numerics).values
            guard case .list(let rows) = try runner.evaluate("\(name).values") else {
                Issue.record("\(name).values is not a list")
                continue
            }
            let values = rows.map { row -> [Float] in
                guard case .list(let items) = row else { return [] }
                return items.map { if case .number(let x) = $0 { Float(x) } else { .nan } }
            }
            #expect(values == expected, "\(numerics)")
        }
        #expect(try runner.evaluate("a.values != b.values") == true)
    }

    @Test(arguments: ["fp16", "", "float"])
    func anUnknownNumericsIsABadArgument(name: String) throws {
        let path = try Self.path.get()
        let message = ScriptRunner().errorMessage(#"model("\#(path)", numerics: "\#(name)")"#)
        #expect(message?.hasPrefix("bad argument") == true, "\(message ?? "no error")")
        #expect(message?.contains("'float32'") == true && message?.contains("'llamacpp'") == true)
        #expect(ScriptRunner().errorMessage(#"model("\#(path)", numerics: 32)"#)?.hasPrefix("bad argument") == true)
    }
}
