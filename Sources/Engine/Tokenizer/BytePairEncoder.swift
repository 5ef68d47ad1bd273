/// Byte-pair merging of one pre-tokenized word.
///
/// A word starts as one symbol per byte (the token of that byte's byte-level scalar).
/// The adjacent pair with the lowest merge rank is merged, the leftmost one on ties,
/// until no adjacent pair has a rank. Pairs are looked up by the two token ids, so a
/// merge costs one hash lookup; a priority queue keeps the whole word O(n log n).
struct BytePairEncoder {
    /// A merge rule keyed by `left << 32 | right`: its rank and the merged token id.
    private let merges: [UInt64: (rank: Int32, merged: Int32)]
    /// `byteTokens[b]` is the token of byte `b`'s scalar, or -1 when the vocabulary lacks it.
    private let byteTokens: [Int32]

    /// Builds the rank table; merges whose sides or result are not tokens are dropped,
    /// as they can never apply to a word made of tokens.
    init(tokenIDs: [TokenText: Int], merges mergeTexts: [String]) throws {
        var table: [UInt64: (rank: Int32, merged: Int32)] = [:]
        table.reserveCapacity(mergeTexts.count)
        for (rank, text) in mergeTexts.enumerated() {
            let utf8 = Array(text.utf8)
            guard let space = Self.separator(utf8) else {
                throw TokenizerError.malformedMerge(index: rank, text: text)
            }
            var joined = utf8
            joined.remove(at: space)
            guard let left = tokenIDs[TokenText(utf8[..<space])],
                  let right = tokenIDs[TokenText(utf8[(space + 1)...])],
                  let merged = tokenIDs[TokenText(joined)] else { continue }
            let key = UInt64(left) << 32 | UInt64(right)
            if table[key] == nil { table[key] = (Int32(rank), Int32(merged)) }
        }
        merges = table
        byteTokens = (0..<256).map { byte in
            let text = TokenText(String(ByteLevelEncoding.scalarForByte[byte]))
            return Int32(tokenIDs[text] ?? -1)
        }
    }

    /// The index of the space that separates `"left right"`: the first one after the
    /// first byte, with text on both sides.
    private static func separator(_ utf8: [UInt8]) -> Int? {
        guard utf8.count >= 3, let space = utf8[1...].firstIndex(of: 0x20), space + 1 < utf8.count else {
            return nil
        }
        return space
    }

    /// Appends the tokens of one word (its raw UTF-8 bytes) to `output`.
    func encode(_ word: ArraySlice<UInt8>, into output: inout [Int]) {
        var symbols = word.map { byteTokens[Int($0)] }
        let count = symbols.count
        if count == 1 {
            if symbols[0] >= 0 { output.append(Int(symbols[0])) }
            return
        }
        // Doubly linked list over symbol slots; a merged-away slot gets id -2.
        var next = Array(1...count)
        var previous = Array(-1..<(count - 1))
        var queue = PriorityQueue<PairCandidate>()
        for index in 0..<(count - 1) { push(index, index + 1, symbols, into: &queue) }

        while let candidate = queue.pop() {
            let left = candidate.left, right = candidate.right
            // Stale when either side changed since the pair was queued.
            guard symbols[left] == candidate.leftID, next[left] == right,
                  symbols[right] == candidate.rightID else { continue }
            symbols[left] = candidate.merged
            symbols[right] = -2
            next[left] = next[right]
            if next[right] < count { previous[next[right]] = left }
            if previous[left] >= 0 { push(previous[left], left, symbols, into: &queue) }
            if next[left] < count { push(left, next[left], symbols, into: &queue) }
        }

        var index = 0
        while index < count {
            if symbols[index] >= 0 { output.append(Int(symbols[index])) }
            index = next[index]
        }
    }

    private func push(_ left: Int, _ right: Int, _ symbols: [Int32], into queue: inout PriorityQueue<PairCandidate>) {
        let leftID = symbols[left], rightID = symbols[right]
        guard leftID >= 0, rightID >= 0,
              let rule = merges[UInt64(leftID) << 32 | UInt64(rightID)] else { return }
        queue.push(.init(rank: rule.rank, left: left, right: right,
                         leftID: leftID, rightID: rightID, merged: rule.merged))
    }
}

/// A candidate merge, ordered by (rank, left position).
private struct PairCandidate: QueueOrdered {
    var rank: Int32
    var left: Int
    var right: Int
    var leftID: Int32
    var rightID: Int32
    var merged: Int32

    func precedes(_ other: PairCandidate) -> Bool {
        rank != other.rank ? rank < other.rank : left < other.left
    }
}
