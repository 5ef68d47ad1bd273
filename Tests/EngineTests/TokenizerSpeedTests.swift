import Testing
@testable import Engine

/// Encoding a few thousand tokens of English: the word cache gives the same ids warm as
/// cold. The times are printed for the record (speed goals live in benchmarks, not tests).
@Suite struct TokenizerSpeedTests {
    @Test(arguments: TokenizerReference.modelNames)
    func longEnglishTextEncodesTheSameColdAndWarm(model: String) throws {
        let reference = try TokenizerReference.load(model)
        // About 3,600 tokens: the long passage six times, each copy with fresh numbers.
        let passage = try #require(reference.prompts.first { $0.id == "shared-4" }).prompt
        let text = (1...6).map { "Part \($0 * 7919): " + passage }.joined(separator: "\n\n")
        let tokenizer = try Tokenizer(gguf: RealTokenizers.file(model))   // empty word cache
        let clock = ContinuousClock()
        var cold: [Int] = [], warm: [Int] = []
        let coldTime = clock.measure { cold = tokenizer.encode(text) }
        let warmTime = clock.measure { warm = tokenizer.encode(text) }
        print("encode \(model): \(cold.count) tokens, cold \(coldTime), warm \(warmTime)")
        #expect(cold.count > 3_000)
        #expect(warm == cold)
        #expect(tokenizer.decode(cold) == text)
    }
}
