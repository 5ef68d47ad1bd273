import Foundation
import Testing
@testable import Engine

/// llama.cpp's outputs on the same GGUF files (Fixtures/reference-*.json, copied from the
/// shared reference by bench/extract_reference_fixtures.py).
struct LlamaReference: Decodable {
    struct Step: Decodable {
        let id: Int
        let logit: Float
        /// `[id, logit]` of the second-best token.
        let runner_up: [Float]
        let margin: Float
    }
    struct Prompt: Decodable {
        let id: String
        let prompt: String
        let parse_special: Bool
        let prompt_token_ids: [Int]
        /// `[[id, logit]]`, logit descending.
        let top10_last_prompt_position: [[Float]]
        let greedy_continuation_ids: [Int]
        let greedy_steps_top2: [Step]
    }
    let model: String
    let prompts: [Prompt]
    /// llama.cpp's largest top-10 logit difference against itself (flash attention on, or the
    /// prompt fed token by token) over these prompts.
    let llamacpp_self_noise_top10: Float

    static func load(_ model: String) throws -> LlamaReference {
        guard let url = Bundle.module.url(forResource: "Fixtures/reference-\(model)", withExtension: "json") else {
            throw MissingFixture(name: "reference-\(model).json")
        }
        return try JSONDecoder().decode(LlamaReference.self, from: Data(contentsOf: url))
    }

    struct MissingFixture: Error { let name: String }
}

/// Each real model, opened once for the whole suite.
enum ReferenceModels {
    static let names = [("smollm2-135m", GGUFTestModels.smolLM), ("qwen2.5-coder-0.5b", GGUFTestModels.qwen)]
    private static let lock = NSLock()
    nonisolated(unsafe) private static var models: [String: LanguageModel] = [:]

    static func load(_ name: String) throws -> LanguageModel {
        lock.lock()
        defer { lock.unlock() }
        if let model = models[name] { return model }
        let model = try LanguageModel(gguf: try GGUFTestModels.open(name), fallbackName: name)
        models[name] = model
        return model
    }
}

/// The forward pass agrees with llama.cpp on both real models (issue 3's "done when").
///
/// Logits may differ by 0.25, or by 1.25× llama.cpp's own path-to-path difference on that model
/// when that is larger (SmolLM2's Q4_1 logits move by up to 0.38 in llama.cpp itself when only
/// flash attention is switched on). Greedy decoding is checked with teacher forcing: the
/// engine is fed llama.cpp's greedy tokens and must pick the same token at every step except
/// at a near-tie (llama.cpp's top-2 margin below 0.5).
@Suite(.serialized) struct ReferenceAgreementTests {
    static let logitTolerance: Float = 0.25
    static let nearTie: Float = 0.5
    static let greedySteps = 16

    @Test(arguments: ReferenceModels.names)
    func lastPromptPositionAndGreedyContinuationAgree(reference: String, model name: String) throws {
        let expected = try LlamaReference.load(reference)
        let model = try ReferenceModels.load(name)
        let tolerance = max(Self.logitTolerance, 1.25 * expected.llamacpp_self_noise_top10)
        var identicalContinuations = 0
        var summary = ["tolerance \(tolerance)"]
        for prompt in expected.prompts {
            let ids = model.tokenizer.encode(prompt.prompt, parseSpecial: prompt.parse_special)
            #expect(ids == prompt.prompt_token_ids, "\(prompt.id): prompt ids differ")

            // Last prompt position: top-1, top-10 overlap, top-10 logits.
            let session = try InferenceSession(model: model)
            var logits = try session.prefill(prompt.prompt_token_ids).last
            let referenceTop = prompt.top10_last_prompt_position.map { (id: Int($0[0]), logit: $0[1]) }
            let ourTop = Self.topIndices(logits, count: 10)
            let overlap = Set(ourTop).intersection(referenceTop.map(\.id)).count
            let maxDelta = referenceTop.map { abs(logits[$0.id] - $0.logit) }.max() ?? .infinity
            #expect(ourTop.first == referenceTop.first?.id, "\(prompt.id): top-1 \(ourTop[0]) vs \(referenceTop[0].id)")
            #expect(overlap >= 8, "\(prompt.id): top-10 overlap \(overlap)")
            #expect(maxDelta <= tolerance, "\(prompt.id): max |Δlogit| \(maxDelta)")

            // Greedy steps, fed llama.cpp's tokens (end-of-generation does not stop, as in the reference).
            var disagreements: [String] = []
            var stepDelta: Float = 0
            for step in 0..<Self.greedySteps {
                let reference = prompt.greedy_steps_top2[step]
                let runnerUp = Int(reference.runner_up[0])
                let chosen = Sampler.argmax(logits)
                stepDelta = max(stepDelta, abs(logits[reference.id] - reference.logit), abs(logits[runnerUp] - reference.runner_up[1]))
                if chosen != reference.id {
                    let note = "step \(step): llama.cpp \(reference.id)=\(reference.logit) over \(runnerUp)=\(reference.runner_up[1]) (margin \(reference.margin)); ours chose \(chosen), \(reference.id)=\(logits[reference.id]), \(runnerUp)=\(logits[runnerUp])"
                    #expect(reference.margin < Self.nearTie, "\(prompt.id): \(note)")
                    disagreements.append(note)
                }
                if step + 1 < Self.greedySteps { logits = try session.decode(prompt.greedy_continuation_ids[step]) }
            }
            if disagreements.isEmpty { identicalContinuations += 1 }
            summary.append("\(prompt.id): \(ids.count) tokens, top-10 overlap \(overlap)/10, max |Δlogit| top-10 \(maxDelta), top-2 |Δlogit| over \(Self.greedySteps) greedy steps \(stepDelta)")
            summary += disagreements.map { "  \(prompt.id) " + $0 }
        }
        print("[reference \(reference)]\n  " + summary.joined(separator: "\n  "))
        #expect(identicalContinuations * 4 >= expected.prompts.count * 3 || expected.llamacpp_self_noise_top10 > Self.logitTolerance,
                "greedy continuations identical on \(identicalContinuations) of \(expected.prompts.count) prompts")
        #expect(identicalContinuations * 2 >= expected.prompts.count,
                "greedy continuations identical on \(identicalContinuations) of \(expected.prompts.count) prompts")
    }

    static func topIndices(_ values: [Float], count: Int) -> [Int] {
        Array(values.indices.sorted { values[$0] > values[$1] || (values[$0] == values[$1] && $0 < $1) }.prefix(count))
    }
}
