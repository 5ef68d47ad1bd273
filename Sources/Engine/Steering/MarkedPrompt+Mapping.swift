/// The two ways of turning pieces into tokens and spans (before BOS is added).
extension MarkedPrompt {
    typealias Mapped = (tokens: [Int], spans: [TokenSpan], notes: [SpanBoundaryNote])

    /// Whole text: `tokens` are the clean text's ids; each span is the tokens whose bytes
    /// overlap the span's bytes. A token shared with the previous span stays with it.
    static func mapSpans(_ pieces: [PromptPiece], byteRanges: [Range<Int>], text: String, tokens: [Int],
                         encoder: some PromptEncoding) throws -> Mapped {
        let textBytes = Array(text.utf8)
        var starts: [Int] = []
        starts.reserveCapacity(tokens.count + 1)
        var offset = 0
        for id in tokens {
            let bytes = encoder.textBytes(of: id)
            guard offset + bytes.count <= textBytes.count,
                  textBytes[offset..<offset + bytes.count].elementsEqual(bytes)
            else { throw SpanMappingError.tokensDoNotSpellText }
            starts.append(offset)
            offset += bytes.count
        }
        guard offset == textBytes.count else { throw SpanMappingError.tokensDoNotSpellText }
        starts.append(offset)
        func tokenText(_ index: Int) -> String {
            String(decoding: textBytes[starts[index]..<starts[index + 1]], as: UTF8.self)
        }

        var spans: [TokenSpan] = []
        var notes: [SpanBoundaryNote] = []
        for (piece, range) in zip(pieces, byteRanges) {
            guard let level = piece.level else { continue }
            // The first token ending after the span starts, the last starting before it ends.
            let first = firstIndex(tokenCount: tokens.count) { starts[$0 + 1] > range.lowerBound }
            let end = firstIndex(tokenCount: tokens.count) { starts[$0] >= range.upperBound }
            var lower = first
            if let previous = spans.last, previous.tokens.upperBound > first {
                lower = previous.tokens.upperBound
                notes.append(SpanBoundaryNote(level: level, spanText: piece.text, edge: .start, token: first,
                                              tokenText: tokenText(first), inSpan: false))
            } else if starts[first] < range.lowerBound {
                notes.append(SpanBoundaryNote(level: level, spanText: piece.text, edge: .start, token: first,
                                              tokenText: tokenText(first), inSpan: true))
            }
            guard lower < end else { throw SpanMappingError.spanWithoutTokens(level, text: piece.text) }
            if starts[end] > range.upperBound {
                notes.append(SpanBoundaryNote(level: level, spanText: piece.text, edge: .end, token: end - 1,
                                              tokenText: tokenText(end - 1), inSpan: true))
            }
            spans.append(TokenSpan(level: level, tokens: lower..<end))
        }
        return (tokens, spans, notes)
    }

    /// The first token index in `0..<tokenCount` for which `isPast` holds (`tokenCount` when
    /// none); `isPast` must be false then true along the tokens.
    private static func firstIndex(tokenCount: Int, where isPast: (Int) -> Bool) -> Int {
        var low = 0, high = tokenCount
        while low < high {
            let middle = (low + high) / 2
            if isPast(middle) { high = middle } else { low = middle + 1 }
        }
        return low
    }

    /// Piecewise: each piece is tokenized on its own and a span is exactly its piece's ids.
    static func tokenizePieces(_ pieces: [PromptPiece], encoder: some PromptEncoding) throws -> Mapped {
        var tokens: [Int] = []
        var spans: [TokenSpan] = []
        for piece in pieces {
            let ids = encoder.encode(piece.text, parseSpecialIn: piece.parseSpecial ? [0..<piece.text.utf8.count] : [])
            if let level = piece.level {
                guard !ids.isEmpty else { throw SpanMappingError.spanWithoutTokens(level, text: piece.text) }
                spans.append(TokenSpan(level: level, tokens: tokens.count..<tokens.count + ids.count))
            }
            tokens += ids
        }
        return (tokens, spans, [])
    }
}
