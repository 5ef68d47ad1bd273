import Foundation
import Testing
@testable import Engine

/// Gemma 3 270M (the cached `gemma-3-270m`, a base model) read and run as llama.cpp does;
/// agreement of its logits with llama.cpp is in `ReferenceAgreementTests`.
@Suite(.serialized) struct GemmaModelTests {
    static func model() throws -> LanguageModel { try ReferenceModels.load(GGUFTestModels.gemma) }

    /// What the file does not say and llama.cpp hard-codes (gemma3-270m-gguf.md, last section):
    /// every sixth layer global, the others a 512-token window with RoPE base 10 000, scale
    /// 1/√256, embeddings × √640, the LM head tied to the embedding.
    @Test func configFollowsLlamaCppDefaults() throws {
        let config = try Self.model().config
        #expect(config.architecture == "gemma3")
        #expect(config.dim == 640 && config.layerCount == 18 && config.headDim == 256)
        #expect(config.headCount == 4 && config.kvHeadCount == 1)
        #expect(config.slidingWindow == 512)
        #expect(config.isSlidingLayer.indices.filter { !config.isSlidingLayer[$0] } == [5, 11, 17])
        #expect(config.ropeFreqBase == 1_000_000 && config.ropeFreqBaseSliding == 10_000)
        #expect(config.attentionScale == Float(1) / 16)
        #expect(config.traits.scalesEmbedding && config.traits.hasQKNorm && config.traits.hasPostNorms)
        #expect(config.traits.activation == .geluTanh && config.traits.ropeType == .neox)
        #expect(config.tiedOutput)
    }

    /// Special tokens as llama.cpp reads the file: BOS 2 added, generation ends at `<eos>` 1,
    /// `<end_of_turn>` 106 and the user-defined `</s>` 212 (src/llama-vocab.cpp of 0.3.36
    /// lists `</s>` among the end-of-generation texts and makes it a control token;
    /// gemma3-270m-gguf.md names only the first two), turn markers are control tokens,
    /// newline runs are user-defined tokens matched whole.
    @Test func specialTokensFollowLlamaCpp() throws {
        let tokenizer = try Self.model().tokenizer
        #expect(tokenizer.bosID == 2 && tokenizer.eosID == 1 && tokenizer.addsBOS)
        #expect(tokenizer.endOfGenerationIDs == [1, 106, 212])
        #expect(tokenizer.tokenType(212) == .control)
        let turn = "<start_of_turn>user\nHi<end_of_turn>\n\n"
        let parsed = tokenizer.encode(turn, parseSpecial: true)
        #expect(parsed.first == 105 && parsed.contains(106) && parsed.last == 108)
        #expect(!tokenizer.encode(turn).contains(105))
        #expect(tokenizer.decode(parsed, renderSpecial: true) == turn)
        #expect(tokenizer.decode(tokenizer.encode(turn)) == turn)
    }

    /// Characters missing from the 262k vocabulary are spelled with `<0xNN>` byte tokens
    /// (ids 238…493), and streaming holds them back until the character is complete.
    @Test func byteFallbackStreamsWholeCharacters() throws {
        let tokenizer = try Self.model().tokenizer
        let text = "Ça dépend 🍕🎉 今天天气 \u{30EDE}\u{2A6D6} Ελληνικά  x"
        let ids = tokenizer.encode(text)
        #expect(ids.contains { (238...493).contains($0) }, "the text should need the byte fallback")
        #expect(tokenizer.decode(ids) == text)
        for split in 0...ids.count {
            var decoder = TextStreamDecoder(tokenizer: tokenizer)
            let head = ids[..<split].map { decoder.append($0) }.joined()
            let tail = ids[split...].map { decoder.append($0) }.joined() + decoder.finish()
            #expect(head + tail == text)
            #expect(!head.contains("\u{FFFD}"))
        }
    }

    /// The base model has no chat template: a chat prompt is an error that says so.
    @Test func chatOnTheBaseModelIsAClearError() throws {
        let model = try Self.model()
        #expect(model.chatTemplate == nil)
        do {
            _ = try model.chatPrompt([ChatMessage(role: "user", content: "Hello")])
            Issue.record("a chat prompt on a model without template must fail")
        } catch let error as ChatTemplateError {
            #expect(error == .missingTemplate)
            #expect("\(error)".contains("no chat template"))
            #expect("\(error)".contains("plain prompt"))
        }
    }

    /// Δ = 0 is bit-identical to no schedule: a Δ = 0 schedule biases nothing, and an
    /// explicit all-zero bias on every layer leaves every logit bit for bit as without hooks
    /// (adding 0.0 is exact), in prefill and decode, on a prompt longer than the sliding
    /// window (596 tokens), so local layers mask keys the bias vector covers.
    @Test func zeroDeltaIsBitIdentical() throws {
        let model = try Self.model()
        let reference = try LlamaReference.load("gemma3-270m")
        let short = try #require(reference.prompts.first)
        let marked = try model.markedPrompt("<!->" + short.prompt.prefix(40) + "<-!>" + short.prompt.dropFirst(40))
        let schedule = GuideSchedule(delta: 0)
        #expect(schedule.promptBias(spans: marked.spans, layerCount: model.config.layerCount) == nil)
        let options = GenerationOptions(maxTokens: 2, stopAtEndOfGeneration: false)
        let unsteered = try model.generate(marked, schedule: nil, options: options)
        let steered = try model.generate(marked, schedule: schedule, options: options)
        #expect(steered.tokens == unsteered.tokens && steered.logprobs == unsteered.logprobs)

        let long = try #require(reference.prompts.first { $0.prompt_token_ids.count > 512 }).prompt_token_ids
        #expect(long.count > model.config.slidingWindow ?? .max)
        let zeros = AttentionHooks(bias: AttentionBias(byLayer: Array(
            repeating: [Float](repeating: 0, count: long.count + 1), count: model.config.layerCount)))
        let plain = try InferenceSession(model: model), biased = try InferenceSession(model: model)
        let plainLogits = try plain.prefill(long).last
        #expect(plainLogits == (try biased.prefill(long, hooks: zeros).last))
        let next = Sampler.argmax(plainLogits)
        #expect(try plain.decode(next) == biased.decode(next, hooks: zeros))
    }
}
