import Engine

/// Sampling documents by length: bins between consecutive edges, `low ≤ tokens < high`,
/// and up to N documents drawn from each bin by a seeded shuffle, so the same seed gives
/// the same sample on every machine.
public enum TokenBins {
    /// One chosen document.
    public struct Pick: Equatable {
        /// Its index in the input.
        public var index: Int
        /// The bin it fell in (0 for the bin between the first two edges).
        public var bin: Int
    }

    /// Why the edges cannot make bins.
    public struct EdgeError: Error, CustomStringConvertible, Equatable {
        public let description: String
    }

    /// Checks that `edges` has at least two values, strictly increasing, none negative.
    public static func validate(_ edges: [Int]) throws {
        guard edges.count >= 2 else { throw EdgeError(description: "expected at least two edges, got \(edges.count)") }
        guard edges[0] >= 0 else { throw EdgeError(description: "edges must be ≥ 0, got \(edges[0])") }
        for (a, b) in zip(edges, edges.dropFirst()) where b <= a {
            throw EdgeError(description: "edges must increase, but \(b) follows \(a)")
        }
    }

    /// The bin of a document of `count` tokens, or nil outside `edges`.
    public static func bin(of count: Int, edges: [Int]) -> Int? {
        guard let first = edges.first, let last = edges.last, count >= first, count < last else { return nil }
        return (edges.lastIndex { $0 <= count } ?? 0)
    }

    /// Up to `perBin` documents per bin (all when nil) from documents of `counts` tokens:
    /// bins in increasing order, each bin's picks in input order.
    ///
    /// Each bin is shuffled on its own (Fisher–Yates with `RandomSource(seed)`, the bin's
    /// two edges mixed into the seed), so the sample of a bin depends only on its edges,
    /// the seed and the documents: it does not change when another bin gains or loses
    /// documents, or when the other edges change (a run of one bin reproduces that bin of
    /// a larger run).
    public static func sample(counts: [Int], edges: [Int], perBin: Int?, seed: UInt64) -> [Pick] {
        var members = [[Int]](repeating: [], count: edges.count - 1)
        for (index, count) in counts.enumerated() {
            if let bin = bin(of: count, edges: edges) { members[bin].append(index) }
        }
        var picks: [Pick] = []
        for (bin, indices) in members.enumerated() {
            var chosen = indices
            if let perBin, perBin < indices.count {
                let low = UInt64(truncatingIfNeeded: edges[bin]), high = UInt64(truncatingIfNeeded: edges[bin + 1])
                var random = RandomSource(seed: seed &+ low &* 0x9E37_79B9_7F4A_7C15 &+ high &* 0xC2B2_AE3D_27D4_EB4F)
                for i in stride(from: chosen.count - 1, to: 0, by: -1) {
                    let j = Int(random.next() % UInt64(i + 1))
                    chosen.swapAt(i, j)
                }
                chosen = Array(chosen.prefix(perBin)).sorted()
            }
            picks += chosen.map { Pick(index: $0, bin: bin) }
        }
        return picks
    }
}
