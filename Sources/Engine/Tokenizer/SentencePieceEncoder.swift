/// SentencePiece-style merging by score (`tokenizer.ggml.model = llama`), as llama.cpp's
/// `llm_tokenizer_spm_session` runs it (src/llama-vocab.cpp, llama-cpp-python 0.3.36).
///
/// The text (spaces already written `▁`) starts as one symbol per UTF-8 character. Every
/// adjacent pair whose concatenation is a vocabulary token is a candidate; the candidate
/// whose token has the highest score is merged first, the leftmost on equal scores, and
/// the merged symbol's new pairs join the candidates, until none is left. Each final
/// symbol is its token, or, when it is a single character the vocabulary lacks, one byte
/// token `<0xNN>` per byte (byte fallback).
struct SentencePieceEncoder {
    private let tokenIDs: [TokenText: Int]
    private let scores: [Float]
    /// `byteTokens[b]`: the token of byte b (`<0xNN>`, else the one-byte text), or the
    /// unknown token, or nil when the vocabulary has none of them.
    private let byteTokens: [Int?]

    /// - Parameters:
    ///   - tokenIDs: token id by vocabulary text (the last id wins for duplicate texts, as in llama.cpp).
    ///   - scores: one score per token id; missing scores count as 0.
    ///   - unknownID: what a byte without a byte token becomes (llama.cpp would abort there).
    init(tokenIDs: [TokenText: Int], scores: [Float], unknownID: Int?) {
        self.tokenIDs = tokenIDs
        self.scores = scores
        byteTokens = (0..<256).map { byte in
            let hex = String(byte, radix: 16, uppercase: true)
            let name = "<0x" + (hex.count == 1 ? "0" + hex : hex) + ">"
            return tokenIDs[TokenText(name)] ?? tokenIDs[TokenText([UInt8(byte)])] ?? unknownID
        }
    }

    /// The UTF-8 bytes of `▁` (U+2581), which stands for a space in the vocabulary.
    static let escapedSpace: [UInt8] = [0xE2, 0x96, 0x81]

    /// `text` with every space written `▁`, as llama.cpp's `llama_escape_whitespace`.
    static func escapingSpaces<C: Collection<UInt8>>(_ text: C, prefixSpace: Bool) -> [UInt8] {
        var escaped: [UInt8] = []
        escaped.reserveCapacity(text.count + 8)
        if prefixSpace { escaped += escapedSpace }
        for byte in text {
            if byte == 0x20 { escaped += escapedSpace } else { escaped.append(byte) }
        }
        return escaped
    }

    /// A normal token's text with every `▁` written as a space again (`llama_unescape_whitespace`).
    static func unescapingSpaces(_ text: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.count)
        var index = 0
        while index < text.count {
            if index + 3 <= text.count, text[index] == 0xE2, text[index + 1] == 0x96, text[index + 2] == 0x81 {
                bytes.append(0x20)
                index += 3
            } else {
                bytes.append(text[index])
                index += 1
            }
        }
        return bytes
    }

    /// Appends the tokens of `text` (spaces already escaped) to `output`.
    func encode(_ text: [UInt8], into output: inout [Int]) {
        guard !text.isEmpty else { return }
        // Symbols: one per UTF-8 character (a stray continuation byte is a character of its own).
        var start: [Int] = [], length: [Int] = []
        var offset = 0
        while offset < text.count {
            let size = min(Self.sequenceLength(lead: text[offset]), text.count - offset)
            start.append(offset)
            length.append(size)
            offset += size
        }
        let count = start.count
        var next = Array(1...count)
        next[count - 1] = -1
        var previous = Array(-1..<(count - 1))

        var queue = PriorityQueue<Candidate>()
        func consider(_ left: Int, _ right: Int) {
            guard left >= 0, right >= 0 else { return }
            let size = length[left] + length[right]
            guard let id = tokenIDs[TokenText(text[start[left]..<(start[left] + size)])] else { return }
            queue.push(Candidate(score: id < scores.count ? scores[id] : 0, left: left, right: right, size: size))
        }
        for index in 1..<count { consider(index - 1, index) }

        while let candidate = queue.pop() {
            let left = candidate.left, right = candidate.right
            // Stale when either side was merged (away or with another neighbour) since.
            guard length[left] > 0, length[right] > 0, length[left] + length[right] == candidate.size else {
                continue
            }
            length[left] += length[right]
            length[right] = 0
            next[left] = next[right]
            if next[right] >= 0 { previous[next[right]] = left }
            consider(previous[left], left)
            consider(left, next[left])
        }

        var index = 0
        while index != -1 {
            let piece = text[start[index]..<(start[index] + length[index])]
            if let id = tokenIDs[TokenText(piece)] {
                output.append(id)
            } else {
                // Only single characters can be missing: every merge made a token.
                for byte in piece { if let id = byteTokens[Int(byte)] { output.append(id) } }
            }
            index = next[index]
        }
    }

    /// Bytes of the UTF-8 sequence a lead byte starts (llama.cpp's `unicode_len_utf8`).
    private static func sequenceLength(lead: UInt8) -> Int {
        switch lead >> 4 {
        case 0xC, 0xD: return 2
        case 0xE: return 3
        case 0xF: return 4
        default: return 1
        }
    }

    /// A pair of adjacent symbols whose concatenation is a token.
    private struct Candidate: QueueOrdered {
        var score: Float
        var left: Int
        var right: Int
        /// Bytes of the two symbols together when the pair was found.
        var size: Int

        /// Higher score first, then the leftmost pair.
        func precedes(_ other: Candidate) -> Bool {
            score != other.score ? score > other.score : left < other.left
        }
    }
}
