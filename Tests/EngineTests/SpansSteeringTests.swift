import Testing
@testable import Engine

/// Marking a span changes nothing but the attention bias (release build, smollm2).
@Suite(.serialized) struct SpansSteeringTests {
    static let prompts: [(tagged: String, plain: String)] = [
        ("<!-> Answer in one word: <-!> What colour is the sky?", "Answer in one word: What colour is the sky?"),
        ("Please <!->translate this<-!> now, <?->carefully<-?>.", "Please translate this now, carefully."),
        ("<!!!->Où<-!!!> est la bibliot<!->hèque<-!> ?", "Où est la bibliothèque ?"),
    ]

    /// Δ = 0 on a marked prompt gives bit for bit the logits and generation of the
    /// unmarked prompt: same ids, and a zero bias on the span keys changes no bit.
    @Test func zeroDeltaWithTagsEqualsNoTags() throws {
        let model = try SteeringModelTests.model.get()
        let layerCount = model.config.layerCount
        for (tagged, plain) in Self.prompts {
            let marked = try model.markedChat([ChatMessage(role: "user", content: tagged)])
            let unmarked = try model.markedChat([ChatMessage(role: "user", content: plain)])
            #expect(marked.tokens == unmarked.tokens, "\(tagged)")
            #expect(unmarked.spans.isEmpty)
            let spanEnd = try #require(marked.spans.map(\.tokens.upperBound).max())
            let zeros = AttentionBias(byLayer: Array(repeating: [Float](repeating: 0, count: spanEnd), count: layerCount))
            let biased = try InferenceSession(model: model).prefill(marked.tokens, hooks: AttentionHooks(bias: zeros),
                                                                    allLogits: true)
            let reference = try InferenceSession(model: model).prefill(unmarked.tokens, allLogits: true)
            #expect(biased.values == reference.values, "\(tagged)")

            let options = GenerationOptions(maxTokens: 8)
            let steered = try model.generate(marked, schedule: GuideSchedule(delta: 0), options: options)
            let unsteered = try model.generate(unmarked, schedule: nil, options: options)
            #expect(steered.tokens == unsteered.tokens)
            #expect(steered.logprobs == unsteered.logprobs)
        }
    }
}
