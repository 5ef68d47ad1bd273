import Foundation
import TestSupport
import Testing
@testable import Engine

/// Sequences decoded together give bit for bit what each gives decoded alone: the
/// one-vector products of several vectors, `DecodeBatch`'s steps and the batched `generate`
/// (release build, real small models).
@Suite(.serialized) struct DecodeBatchTests {
    static let types: [GGMLType] = [.f32, .f16, .q4_0, .q4_1, .q5_0, .q8_0, .q4_K, .q5_K, .q6_K]

    static func randomVectors(_ count: Int, cols: Int, seed: UInt64) -> [Float] {
        var rng = SplitMix64(seed: seed)
        return (0..<count * cols).map { _ in Float.random(in: -2...2, using: &rng) }
    }

    @Test(arguments: types)
    func severalVectorsMatchOneAtATime(type: GGMLType) throws {
        let cols = 512, rows = 77, count = 5
        let matrix = try KernelIntegerDotTests.randomBlockMatrix(type, rows: rows, cols: cols, seed: 7)
        let x = Self.randomVectors(count, cols: cols, seed: 11)
        var together = [Float](repeating: .nan, count: count * rows)
        x.withUnsafeBufferPointer { matrix.multiply(vectors: $0.baseAddress!, count: count, into: &together) }
        for v in 0..<count {
            var alone = [Float](repeating: .nan, count: rows)
            x.withUnsafeBufferPointer { matrix.multiply(vector: $0.baseAddress! + v * cols, into: &alone) }
            #expect(Array(together[v * rows..<(v + 1) * rows]).map(\.bitPattern) == alone.map(\.bitPattern),
                    "\(type) vector \(v)")
        }

        guard IntegerRowDot.supports(type), let isa = IntegerRowDot.best else { return }
        x.withUnsafeBufferPointer {
            matrix.multiply(quantizingVectors: $0.baseAddress!, count: count, into: &together, isa: isa)
        }
        for v in 0..<count {
            let alone = KernelIntegerDotTests.integerProduct(matrix, Array(x[v * cols..<(v + 1) * cols]), isa: isa)
            #expect(Array(together[v * rows..<(v + 1) * rows]).map(\.bitPattern) == alone.map(\.bitPattern),
                    "\(type) integer \(isa) vector \(v)")
        }
    }

    static func load(_ name: String) throws -> LanguageModel {
        try LanguageModel(gguf: GGUFTestModels.open(name), fallbackName: name)
    }

    /// Three sessions at different depths, one of them biased, step five tokens together:
    /// each step's logits equal the lone session's.
    @Test(arguments: [Numerics.llamaCPP, .float32])
    func batchStepsMatchLoneDecodes(numerics: Numerics) throws {
        let model = try Self.load(GGUFTestModels.qwen)
        let prompts = ["The capital of France is", "def fibonacci(n):\n    ", "One, two, three, four, five, six,"]
            .map { model.tokenizer.encode($0) }
        let bias = AttentionBias(byLayer: (0..<model.config.layerCount).map { _ in [0, 1.5, 1.5, 0] })
        let hooks = [AttentionHooks.none, AttentionHooks(bias: bias), .none]

        func session(_ i: Int) throws -> InferenceSession {
            let s = try InferenceSession(model: model, contextLength: 64, numerics: numerics)
            _ = try s.prefill(prompts[i], hooks: hooks[i])
            return s
        }
        let alone = try prompts.indices.map(session)
        let together = try prompts.indices.map(session)
        let batch = DecodeBatch(sessions: together, hooks: hooks)
        var tokens = [11, 220, 1_000]
        for step in 0..<5 {
            // The last step leaves the first session out, as a finished generation is.
            let indices = step == 4 ? [1, 2] : [0, 1, 2]
            let batched = try batch.decode(indices.map { tokens[$0] }, in: indices)
            for (k, i) in indices.enumerated() {
                let expected = try alone[i].decode(tokens[i], hooks: hooks[i])
                #expect(batched[k].map(\.bitPattern) == expected.map(\.bitPattern), "step \(step) session \(i)")
                #expect(together[i].position == alone[i].position)
                tokens[i] = expected.indices.max { expected[$0] < expected[$1] } ?? 0
            }
        }
    }

    /// Greedy and sampled requests, steered and not, one stopping early, two sharing a prompt:
    /// the batch returns what each lone `generate` returns.
    @Test(arguments: [GGUFTestModels.smolLM, GGUFTestModels.qwen], [Numerics.llamaCPP, .float32])
    func batchedGenerationsMatchLoneOnes(model name: String, numerics: Numerics) throws {
        let model = try Self.load(name)
        let text = "<!-> Answer in French: <-!> What colour is the sky on a clear day? Tell me why."
        let prompt = try model.markedChat([ChatMessage(role: "user", content: text)])
        let other = try model.markedPrompt("Once upon a time, <!->in a small village<-!>, there lived")
        func options(_ maxTokens: Int, temperature: Float = 0, seed: UInt64 = 0, stop: [String] = []) -> GenerationOptions {
            GenerationOptions(maxTokens: maxTokens, sampling: SamplingOptions(temperature: temperature, seed: seed),
                              stopStrings: stop)
        }
        let requests = [
            GenerationRequest(prompt: prompt, schedule: nil, options: options(12)),
            GenerationRequest(prompt: prompt, schedule: GuideSchedule(delta: 2), options: options(12)),
            GenerationRequest(prompt: other, schedule: GuideSchedule(delta: 1, steps: .prefill), options: options(9)),
            GenerationRequest(prompt: prompt, schedule: nil, options: options(12, temperature: 0.8, seed: 3)),
            GenerationRequest(prompt: prompt, schedule: nil, options: options(12, temperature: 0.8, seed: 4)),
            GenerationRequest(prompt: other, schedule: nil, options: options(12, stop: [" "])),
        ]
        let batched = try model.generate(batch: requests, numerics: numerics)
        #expect(batched.count == requests.count)
        for (i, request) in requests.enumerated() {
            model.prefixCache.clear()
            let alone = try model.generate(request.prompt, schedule: request.schedule, options: request.options,
                                           numerics: numerics)
            #expect(batched[i].tokens == alone.tokens, "request \(i)")
            #expect(batched[i].text == alone.text, "request \(i)")
            #expect(batched[i].stopReason == alone.stopReason, "request \(i)")
            #expect(batched[i].logprobs.map(\.bitPattern) == alone.logprobs.map(\.bitPattern), "request \(i)")
        }
        // The stop string ends one generation long before the others.
        #expect(batched[5].stopReason == .stopString(" ") && batched[5].tokens.count < 12)
    }

    @Test func anEmptyPromptInABatchThrowsAsALoneOneDoes() throws {
        let model = try Self.load(GGUFTestModels.smolLM)
        let empty = try model.markedPrompt("")
        #expect(throws: InferenceError.emptyPrompt) {
            _ = try model.generate(batch: [GenerationRequest(prompt: empty)])
        }
        #expect(try model.generate(batch: []).isEmpty)
    }
}
