import Testing
@testable import Engine

/// Encoding a few thousand tokens of English stays fast (release: well under 100 ms).
@Suite struct TokenizerSpeedTests {
    #if DEBUG
    static let limit = Duration.seconds(1)
    #else
    static let limit = Duration.milliseconds(100)
    #endif

    @Test(arguments: TokenizerReference.modelNames)
    func longEnglishTextEncodesQuickly(model: String) throws {
        let reference = try TokenizerReference.load(model)
        // About 3,600 tokens: the long passage six times, each copy with fresh numbers.
        let passage = try #require(reference.prompts.first { $0.id == "shared-4" }).prompt
        let text = (1...6).map { "Part \($0 * 7919): " + passage }.joined(separator: "\n\n")
        let tokenizer = try Tokenizer(gguf: RealTokenizers.file(model))   // empty word cache
        let clock = ContinuousClock()
        var ids: [Int] = []
        let cold = clock.measure { ids = tokenizer.encode(text) }
        let warm = clock.measure { ids = tokenizer.encode(text) }
        print("encode \(model): \(ids.count) tokens, cold \(cold), warm \(warm)")
        #expect(ids.count > 3_000)
        #expect(cold < Self.limit)
        #expect(warm < Self.limit)
    }
}
