import Foundation
import Testing
@testable import Engine

/// The measuring entries on the real small model (release build), each against a
/// straightforward reference built from the forward pass's own logits or attention.
@Suite(.serialized) struct MeasurementTests {
    static let model: Result<LanguageModel, Error> = Result(catching: {
        try LanguageModel(gguf: GGUFTestModels.open(GGUFTestModels.smolLM), fallbackName: GGUFTestModels.smolLM)
    })

    static let head = "<!->Answer in French.<-!> The capital of France is"
    static let tail = " Paris, and the capital of Italy is Rome."
    static let schedule = GuideSchedule(delta: 2)

    /// Natural-log softmax of one logit row in double precision, written out directly.
    static func logSoftmax(_ logits: [Float]) -> [Double] {
        let maximum = Double(logits.max() ?? 0)
        let total = logits.reduce(0.0) { $0 + exp(Double($1) - maximum) }
        return logits.map { Double($0) - maximum - log(total) }
    }

    /// The prompt's logits under the schedule's prompt bias from one prefill: at every
    /// position, or (as generation asks) at the last.
    static func steeredLogits(_ model: LanguageModel, _ marked: MarkedPrompt, allLogits: Bool) throws -> Logits {
        let bias = schedule.promptBias(spans: marked.spans, layerCount: model.config.layerCount)
        return try InferenceSession(model: model, contextLength: marked.tokens.count)
            .prefill(marked.tokens, hooks: AttentionHooks(bias: bias), allLogits: allLogits)
    }

    @Test func nextTokensAreTheTopOfTheSoftmax() throws {
        let model = try Self.model.get()
        let request = EngineRequest(prompt: try PromptSource(tagged: Self.head), schedule: Self.schedule)
        let result = try model.nextTokens(request, count: 10)
        let reference = Self.logSoftmax(try Self.steeredLogits(model, result.prompt, allLogits: false).last)
        let expected = reference.indices.sorted { reference[$0] > reference[$1] || (reference[$0] == reference[$1] && $0 < $1) }
        #expect(result.candidates.map(\.token) == Array(expected.prefix(10)))
        for candidate in result.candidates {
            // Both are double-precision log-softmaxes of the same float logits; only the order of
            // a 49152-term sum differs (relative rounding ~1e-16 per term).
            #expect(abs(candidate.logprob - reference[candidate.token]) < 1e-9)
        }
        // The first candidate is greedy generation's first token, with the logprob it reports
        // (in float: within float rounding of a log-probability of magnitude < 10).
        let generated = try model.generate(EngineRequest(prompt: request.prompt, schedule: Self.schedule, maxTokens: 1))
        #expect(generated.generation.tokens == [result.candidates[0].token])
        #expect(abs(Double(generated.generation.logprobs[0]) - result.candidates[0].logprob) < 1e-5)
        // Δ changes the distribution.
        let unsteered = try model.nextTokens(EngineRequest(prompt: request.prompt), count: 10)
        #expect(unsteered.candidates.map(\.logprob) != result.candidates.map(\.logprob))
    }

    @Test func promptLogprobsSumToTheContinuationsLogprob() throws {
        let model = try Self.model.get()
        let whole = try PromptSource(tagged: Self.head + Self.tail)
        let headTokens = try PromptSource(tagged: Self.head).marked(by: model.tokenizer).tokens
        for schedule in [nil, Self.schedule] {
            let result = try model.promptLogprobs(EngineRequest(prompt: whole, schedule: schedule))
            // The premise: the whole text tokenizes as the head's tokens then the tail's.
            try #require(result.prompt.tokens == headTokens + model.tokenizer.encode(Self.tail))
            #expect(result.logprobs[0] == nil)
            #expect(result.logprobs.dropFirst().allSatisfy { ($0 ?? 1) < 0 })
            let tailSum = result.logprobs[headTokens.count...].reduce(0.0) { $0 + ($1 ?? .nan) }
            let scored = try model.score(EngineRequest(prompt: try PromptSource(tagged: Self.head), schedule: schedule),
                                         continuation: Self.tail)
            // The same forward pass over the same tokens: equal up to double rounding of the sum.
            #expect(abs(tailSum - scored) < 1e-9)
        }
        // Against the logits directly (steered), one token at a time.
        let result = try model.promptLogprobs(EngineRequest(prompt: whole, schedule: Self.schedule))
        let logits = try Self.steeredLogits(model, result.prompt, allLogits: true)
        for position in 1..<result.prompt.tokens.count {
            let reference = Self.logSoftmax(Array(logits.row(position: position - 1)))[result.prompt.tokens[position]]
            #expect(abs((result.logprobs[position] ?? .nan) - reference) < 1e-9)
        }
    }

    @Test func scoreWithAPrefillScheduleBiasesOnlyThePrompt() throws {
        let model = try Self.model.get()
        let prompt = try PromptSource(tagged: Self.head)
        let all = try model.score(EngineRequest(prompt: prompt, schedule: Self.schedule), continuation: Self.tail)
        let prefill = try model.score(EngineRequest(prompt: prompt, schedule: GuideSchedule(delta: 2, steps: .prefill)),
                                      continuation: Self.tail)
        let plain = try model.score(EngineRequest(prompt: prompt), continuation: Self.tail)
        #expect(Set([all, prefill, plain]).count == 3)
        // The first continuation token is predicted from the prompt alone: both schedules agree
        // on it up to the LM head's numerics (one row is a quantized mat-vec, several a
        // dequantized sgemm: float rounding of 576-term dot products).
        let first = model.tokenizer.decode(Array(model.tokenizer.encode(Self.tail).prefix(1)))
        let a = try model.score(EngineRequest(prompt: prompt, schedule: Self.schedule), continuation: first)
        let b = try model.score(EngineRequest(prompt: prompt, schedule: GuideSchedule(delta: 2, steps: .prefill)),
                                continuation: first)
        #expect(abs(a - b) < 1e-3)
    }

    @Test func attentionRowsAreDistributionsAndTheHeadsAverageToTheMean() throws {
        let model = try Self.model.get()
        let layer = 3, heads = model.config.headCount
        var request = EngineRequest(prompt: try PromptSource(tagged: "<?->Answer in French.<-?> " + Self.tail),
                                    schedule: Self.schedule)
        let perHead = (0..<heads).map { AttentionMapProbe(layer: layer, head: $0) }
        request.probes = perHead
        let mean = try model.attention(request, layer: layer)
        let n = mean.prompt.tokens.count
        #expect(mean.rows.count == n && mean.rows.allSatisfy { $0.count == n })
        for probe in [mean.rows] + perHead.map(\.rows) {
            for (i, row) in probe.enumerated() {
                // llama.cpp's numerics round each probability to F16 (relative error ≤ 2⁻¹¹),
                // so a row sums to 1 within 2⁻¹¹ ≈ 4.9e-4.
                #expect(abs(row.reduce(0, +) - 1) < 5e-4)
                #expect(row[(i + 1)...].allSatisfy { $0 == 0 })
            }
        }
        for i in 0..<n {
            for j in 0...i {
                let average = perHead.reduce(Float(0)) { $0 + $1.rows[i][j] } / Float(heads)
                // The forward pass sums P/H per worker, then the workers: float reordering only.
                #expect(abs(average - mean.rows[i][j]) < 1e-6)
            }
        }
        // One head asked alone sees the pass the group saw.
        request.probes = []
        #expect(try model.attention(request, layer: layer, head: 4).rows == perHead[4].rows)
    }

    @Test func attentionAgreesWithRollout() throws {
        // Rollout's first layer is (I + A·I / A·1) / 2 with A the head-averaged attention of
        // layer 0 and I the span's indicator.
        let model = try Self.model.get()
        let request = EngineRequest(prompt: try PromptSource(tagged: "<?->Answer in French.<-?> " + Self.tail),
                                    schedule: Self.schedule)
        let attention = try model.attention(request, layer: 0)
        let rollout = try model.influence(request, method: .rollout).matrix
        let indicator = rollout.values(layer: -1)
        for (k, row) in attention.rows.enumerated() {
            let attended = zip(row, indicator).reduce(0.0) { $0 + Double($1.0 * $1.1) } / row.reduce(0.0) { $0 + Double($1) }
            let expected = (Double(indicator[k]) + attended) / 2
            // Float sums of ≤ 30 terms in [0, 1] against double: well within 1e-5.
            #expect(abs(Double(rollout.values(layer: 0)[k]) - expected) < 1e-5)
        }
    }

    @Test func outOfRangeLayersAndHeadsNameTheirField() throws {
        let model = try Self.model.get()
        let request = EngineRequest(prompt: try PromptSource(tagged: Self.head))
        for (layer, head, field) in [(30, nil, EngineRequest.Field.layer), (-1, nil, .layer), (0, 9, .head), (0, -1, .head)] {
            #expect(throws: EngineRequestError.self) {
                do {
                    _ = try model.attention(request, layer: layer, head: head)
                } catch let error as EngineRequestError {
                    #expect(error.field == field)
                    throw error
                }
            }
        }
        #expect(throws: EngineRequestError.self) { try model.nextTokens(request, count: 0) }
        // A prompt without tokens has nothing to measure.
        let empty = EngineRequest(prompt: try PromptSource(tagged: ""))
        #expect(throws: InferenceError.emptyPrompt) { try model.nextTokens(empty, count: 3) }
        #expect(throws: InferenceError.emptyPrompt) { try model.promptLogprobs(empty) }
        #expect(throws: InferenceError.emptyPrompt) { try model.attention(empty, layer: 0) }
    }
}
