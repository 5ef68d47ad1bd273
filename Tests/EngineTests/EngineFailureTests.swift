import Foundation
import Testing
@testable import Engine

/// Engine failures carry a stable code and the request field at fault, which hosts map to
/// their own diagnostics.
@Suite struct EngineFailureTests {
    /// The code and culprit of what `body` throws.
    func failure(_ body: () throws -> Void) -> (code: String, culprit: EngineRequest.Field?)? {
        do {
            try body()
            return nil
        } catch let failure as any EngineFailure {
            return (failure.code, failure.culprit)
        } catch {
            Issue.record("not an engine failure: \(error)")
            return nil
        }
    }

    @Test func failuresNameTheirCodeAndCulprit() throws {
        let path = try SyntheticModel(.init(flavour: .llama), seed: 11).writeTemporaryFile()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let model = try LanguageModel(path: path)
        let spans = try PromptSource(tagged: "The <!->quick<-!> fox")

        let tag = failure { _ = try PromptSource(tagged: "The <!->quick fox") }
        #expect(tag?.code == "engine.span-tag" && tag?.culprit == .prompt)
        let unmeasured = failure { _ = try model.influence(EngineRequest(prompt: try PromptSource(tagged: "no spans"))) }
        #expect(unmeasured?.code == "engine.no-span-to-measure" && unmeasured?.culprit == .prompt)
        let layer = failure {
            _ = try model.influence(EngineRequest(prompt: spans, schedule: GuideSchedule(delta: 1, layers: .list([99]))))
        }
        #expect(layer?.code == "engine.schedule" && layer?.culprit == .schedule)
        let topP = failure { _ = try model.generate(EngineRequest(prompt: spans, sampling: SamplingOptions(topP: 2))) }
        #expect(topP?.code == "engine.out-of-range" && topP?.culprit == .topP)
        let long = PromptSource(pieces: [PromptPiece(String(repeating: "fox ", count: 5000))])
        let tooLong = failure { _ = try model.score(EngineRequest(prompt: long), continuation: " fox") }
        #expect(tooLong?.code == "engine.prompt-too-long" && tooLong?.culprit == .prompt)
        let range = failure { _ = try GuideSchedule.Layers(parsing: "5-3") }
        #expect(range?.code == "engine.layer-selection" && range?.culprit == .schedule)
        let file = failure { _ = try LanguageModel(path: "/nonexistent/model.gguf") }
        #expect(file?.culprit == .model)
    }
}
