import Foundation
import Testing
@testable import Engine

/// The request entries: one validation for every caller, prompts built once, probes that
/// share a pass see what they would see alone.
@Suite struct EngineRequestTests {
    static let prompt = "The <?->quick brown<-?> fox <!->jumps over<-!> the lazy dog."

    static func model() throws -> LanguageModel {
        let path = try SyntheticModel(.init(flavour: .llama), seed: 11).writeTemporaryFile()
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try LanguageModel(path: path)
    }

    @Test func outOfRangeFieldsNameTheirCulprit() throws {
        let model = try Self.model()
        let base = EngineRequest(prompt: try PromptSource(tagged: Self.prompt), maxTokens: 2, numerics: .float32)
        let cases: [(EngineRequest.Field, (inout EngineRequest) -> Void)] = [
            (.maxTokens, { $0.maxTokens = -1 }),
            (.temperature, { $0.sampling.temperature = -1 }),
            (.temperature, { $0.sampling.temperature = .nan }),
            (.topK, { $0.sampling.topK = -3 }),
            (.topP, { $0.sampling.topP = 0 }),
            (.topP, { $0.sampling.topP = 1.5 }),
            (.minP, { $0.sampling.minP = 2 }),
            (.repetitionPenalty, { $0.sampling.repetitionPenalty = 0 }),
        ]
        for (field, change) in cases {
            var request = base
            change(&request)
            #expect(throws: EngineRequestError.self, "\(field)") {
                do {
                    _ = try model.generate(request)
                } catch let error as EngineRequestError {
                    #expect(error.field == field)
                    throw error
                }
            }
        }
        #expect(throws: EngineRequestError(field: .continuation, message: "the continuation has no tokens")) {
            try model.score(base, continuation: "")
        }
        let long = EngineRequest(prompt: PromptSource(pieces: [PromptPiece(String(repeating: "fox ", count: 5000))]))
        #expect(throws: EngineRequestError.self) { try model.influence(long) }
    }

    @Test func requestEntriesEqualTheMarkedPromptCalls() throws {
        let model = try Self.model()
        let schedule = GuideSchedule(delta: 2, layers: try .closed(0, 0))
        let request = EngineRequest(prompt: try PromptSource(tagged: Self.prompt), schedule: schedule,
                                    maxTokens: 6, numerics: .float32)
        let marked = try model.markedPrompt(Self.prompt)
        let generated = try model.generate(request)
        let direct = try model.generate(marked, schedule: schedule, options: GenerationOptions(maxTokens: 6),
                                        numerics: .float32)
        #expect(generated.prompt.tokens == marked.tokens)
        #expect(generated.generation.tokens == direct.tokens)
        #expect(generated.generation.logprobs.map(\.bitPattern) == direct.logprobs.map(\.bitPattern))
        let influence = try model.influence(request, method: .rollout)
        #expect(influence.matrix == (try model.influence(of: marked, schedule: schedule, method: .rollout, numerics: .float32)))
    }

    @Test func probesSharingAPassSeeWhatTheySeeAlone() throws {
        let model = try Self.model()
        let layer = model.config.layerCount - 1
        let map = AttentionMapProbe(layer: layer)
        var request = EngineRequest(prompt: try PromptSource(tagged: Self.prompt), schedule: GuideSchedule(delta: 1.5),
                                    numerics: .float32)
        request.probes = [map]
        let together = try model.influence(request)
        request.probes = []
        #expect(together.matrix == (try model.influence(request).matrix))
        let alone = try model.attentionMap(of: together.prompt, layer: layer, schedule: GuideSchedule(delta: 1.5),
                                           numerics: .float32)
        #expect(!map.rows.isEmpty)
        #expect(map.rows == alone)
    }
}
