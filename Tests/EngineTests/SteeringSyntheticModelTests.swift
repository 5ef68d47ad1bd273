import Foundation
import Testing
@testable import Engine

/// The streaming engine with GUIDE hooks against the naive full-matrix reference, on
/// small random models stored as real GGUF files.
@Suite struct SteeringSyntheticModelTests {
    static let prompt = "The <?->quick brown<-?> fox <!->jumps over<-!> the lazy dog, then <!!->the cat<-!!> sleeps."

    /// Loads `flavour` through the engine and keeps the weights for the reference.
    static func load(_ flavour: SyntheticModel.Flavour) throws -> (LanguageModel, NaiveTransformer) {
        let synthetic = SyntheticModel(.init(flavour: flavour), seed: flavour == .llama ? 11 : 23)
        let path = try synthetic.writeTemporaryFile()
        defer { try? FileManager.default.removeItem(atPath: path) }
        return (try LanguageModel(path: path), NaiveTransformer(model: synthetic))
    }

    static func maxDifference(_ a: [[Float]], _ b: [[Float]]) -> Float {
        guard a.count == b.count, zip(a, b).allSatisfy({ $0.count == $1.count }) else { return .infinity }
        return zip(a.joined(), b.joined()).map { abs($0 - $1) }.max() ?? 0
    }

    @Test(arguments: SyntheticModel.Flavour.allCases, [Float(0), 1.5])
    func influenceAndRolloutMatchTheReference(flavour: SyntheticModel.Flavour, delta: Float) throws {
        let (model, naive) = try Self.load(flavour)
        let prompt = try model.markedPrompt(Self.prompt)
        let schedule = GuideSchedule(delta: delta)
        let bias = schedule.promptBias(spans: prompt.spans, layerCount: model.config.layerCount)
        let trace = naive.forward(prompt.tokens, bias: bias?.byLayer ?? [])
        for method in InfluenceMethod.allCases {
            let expected = NaiveTransformer.influence(trace, indicator: prompt.measuredIndicator, method: method)
            for batchSize in [prompt.tokens.count, 9, 1] {
                let streamed = try model.influence(of: prompt, schedule: schedule, method: method,
                                                   batchSize: batchSize, numerics: .float32)
                let difference = Self.maxDifference(streamed.values, expected)
                print("agreement \(flavour) Δ=\(delta) \(method) batch \(batchSize): max |Δ| = \(difference)")
                #expect(difference < 1e-5, "\(flavour) \(method) batch \(batchSize)")
            }
        }
        // The influence spread beyond the span, and the bias changed it: the comparison
        // is neither between zeros nor blind to the schedule.
        let expected = NaiveTransformer.influence(trace, indicator: prompt.measuredIndicator, method: .influence)
        #expect((expected.last?.last ?? 0) > 1e-3)
        let unbiased = NaiveTransformer.influence(naive.forward(prompt.tokens), indicator: prompt.measuredIndicator,
                                                  method: .influence)
        #expect((Self.maxDifference(expected, unbiased) > 1e-3) == (delta != 0))
    }

    @Test(arguments: SyntheticModel.Flavour.allCases)
    func logitsAndAttentionMapMatchTheReference(flavour: SyntheticModel.Flavour) throws {
        let (model, naive) = try Self.load(flavour)
        let prompt = try model.markedPrompt(Self.prompt)
        let schedule = GuideSchedule(delta: 2, layers: .list([0, 2]))
        let bias = schedule.promptBias(spans: prompt.spans, layerCount: model.config.layerCount)
        let trace = naive.forward(prompt.tokens, bias: bias?.byLayer ?? [])
        let session = try InferenceSession(model: model, contextLength: prompt.tokens.count, numerics: .float32)
        let logits = try session.prefill(prompt.tokens, hooks: AttentionHooks(bias: bias), allLogits: true)
        let rows = (0..<prompt.tokens.count).map { Array(logits.row(position: $0)) }
        let scale = trace.logits.joined().map(abs).max() ?? 1
        #expect(Self.maxDifference(rows, trace.logits) / scale < 1e-4)
        for layer in 0..<model.config.layerCount {
            let map = try model.attentionMap(of: prompt, layer: layer, schedule: schedule, numerics: .float32)
            #expect(Self.maxDifference(map, trace.attention[layer]) < 1e-5, "layer \(layer)")
        }
    }

    @Test(arguments: SyntheticModel.Flavour.allCases, GuideSchedule.Steps.allCases)
    func steeredGenerationBiasesDecodeRowsPerSteps(flavour: SyntheticModel.Flavour,
                                                   steps: GuideSchedule.Steps) throws {
        let (model, naive) = try Self.load(flavour)
        let prompt = try model.markedPrompt(Self.prompt)
        let schedule = GuideSchedule(delta: 3, steps: steps)
        let options = GenerationOptions(maxTokens: 6, stopAtEndOfGeneration: false)
        let generation = try model.generate(prompt, schedule: schedule, options: options, numerics: .float32)
        #expect(generation.tokens.count == 6)
        // The reference biases every row for `.all`, only the prompt rows for `.prefill`.
        let bias = schedule.promptBias(spans: prompt.spans, layerCount: model.config.layerCount)
        let all = prompt.tokens + generation.tokens
        let trace = naive.forward(all, bias: bias?.byLayer ?? [],
                                  biasedRows: steps == .all ? nil : 0..<prompt.tokens.count)
        let greedy = (prompt.tokens.count - 1..<all.count - 1).map { row in
            trace.logits[row].indices.max { trace.logits[row][$0] < trace.logits[row][$1] } ?? -1
        }
        #expect(greedy == generation.tokens)
        let unsteered = try model.generate(prompt, schedule: nil, options: options, numerics: .float32)
        #expect(unsteered.tokens != generation.tokens || unsteered.logprobs != generation.logprobs)
    }

    @Test func chatSpansLandOnTheInstructionTokens() throws {
        let (model, _) = try Self.load(.qwen2)
        let prompt = try model.markedChat([ChatMessage(role: "user", content: "<!->Say it in French:<-!> the cat")])
        let span = try #require(prompt.spans.first)
        #expect(Array(prompt.tokens[span.tokens]) == model.tokenizer.encode("Say it in French:"))
        let start = model.tokenizer.encode("<|im_start|>", parseSpecial: true)
        #expect(prompt.tokens.starts(with: start))
        #expect(prompt.text.hasSuffix("<|im_start|>assistant\n"))
        #expect(throws: SpanMappingError.inMessage(0, .unopened(closing: .measured, at: .init(line: 2, column: 2)))) {
            try model.markedChat([ChatMessage(role: "user", content: "ok\n <-?>")])
        }
    }
}
