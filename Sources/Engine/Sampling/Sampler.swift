import Foundation

/// How the next token is chosen from the logits.
public struct SamplingOptions: Sendable, Equatable {
    /// Softmax temperature; 0 (or less) means greedy: the highest logit, lowest id on ties.
    public var temperature: Float
    /// Keep only the k most likely tokens; 0 keeps all.
    public var topK: Int
    /// Keep the smallest set of most likely tokens whose probability reaches p; 1 keeps all.
    public var topP: Float
    /// Drop tokens less likely than `minP ×` the most likely one; 0 keeps all.
    public var minP: Float
    /// Divides positive (multiplies negative) logits of recently seen tokens; 1 is off.
    public var repetitionPenalty: Float
    /// How many of the most recent tokens (prompt included) the penalty looks at.
    public var repetitionWindow: Int
    /// Seed of the random stream; the same seed, prompt and options give the same tokens.
    public var seed: UInt64

    public init(temperature: Float = 0, topK: Int = 0, topP: Float = 1, minP: Float = 0,
                repetitionPenalty: Float = 1, repetitionWindow: Int = 64, seed: UInt64 = 0) {
        self.temperature = temperature
        self.topK = topK
        self.topP = topP
        self.minP = minP
        self.repetitionPenalty = repetitionPenalty
        self.repetitionWindow = repetitionWindow
        self.seed = seed
    }

    /// Greedy decoding.
    public static let greedy = SamplingOptions()
}

/// Picks tokens from logits: repetition penalty → top-k → top-p → min-p → temperature → draw
/// (llama.cpp's default chain order).
public struct Sampler {
    public let options: SamplingOptions
    private var random: RandomSource

    public init(options: SamplingOptions) {
        self.options = options
        random = RandomSource(seed: options.seed)
    }

    /// The next token for `logits` given the tokens so far (for the repetition penalty).
    public mutating func sample(_ logits: [Float], history: [Int] = []) -> Int {
        var adjusted = logits
        applyRepetitionPenalty(to: &adjusted, history: history)
        guard options.temperature > 0 else { return Self.argmax(adjusted) }

        // Candidates sorted by logit, descending (ties: lower id first).
        var candidates = Array(adjusted.indices)
        let k = options.topK > 0 ? min(options.topK, candidates.count) : candidates.count
        candidates = Self.largest(k, of: candidates, by: adjusted)

        // Probabilities at temperature 1 for the top-p / min-p cut-offs.
        var probabilities = options.topP < 1 || options.minP > 0 ? Self.softmax(candidates.map { adjusted[$0] }) : []
        if options.topP < 1 {
            var total: Float = 0
            var keep = 0
            while keep < probabilities.count {
                total += probabilities[keep]
                keep += 1
                if total >= options.topP { break }
            }
            candidates.removeSubrange(keep...)
        }
        if options.minP > 0, let best = probabilities.first {
            let threshold = best * options.minP
            let keep = max(1, probabilities.prefix(candidates.count).prefix { $0 >= threshold }.count)
            candidates.removeSubrange(keep...)
        }

        // Temperature, then draw.
        probabilities = Self.softmax(candidates.map { adjusted[$0] / options.temperature })
        let u = random.nextUnitFloat()
        var cumulative: Float = 0
        for (i, p) in probabilities.enumerated() {
            cumulative += p
            if u < cumulative { return candidates[i] }
        }
        return candidates[candidates.count - 1]
    }

    private func applyRepetitionPenalty(to logits: inout [Float], history: [Int]) {
        let penalty = options.repetitionPenalty
        guard penalty != 1, options.repetitionWindow > 0 else { return }
        for token in Set(history.suffix(options.repetitionWindow)) where logits.indices.contains(token) {
            logits[token] = logits[token] > 0 ? logits[token] / penalty : logits[token] * penalty
        }
    }

    /// The index of the largest value, the lowest index on exact ties.
    public static func argmax(_ values: [Float]) -> Int {
        var best = 0
        for i in values.indices where values[i] > values[best] { best = i }
        return best
    }

    /// Natural log of the softmax probability of `token` under `logits` (temperature 1).
    public static func logProbability(of token: Int, in logits: [Float]) -> Float {
        let maximum = logits.max() ?? 0
        var total: Double = 0
        for v in logits { total += Foundation.exp(Double(v - maximum)) }
        return Float(Double(logits[token] - maximum) - Foundation.log(total))
    }

    /// The `k` indices with the largest values, descending, lower index first on ties.
    static func largest(_ k: Int, of indices: [Int], by values: [Float]) -> [Int] {
        let ordered: (Int, Int) -> Bool = { a, b in values[a] > values[b] || (values[a] == values[b] && a < b) }
        if k >= indices.count {
            // The same order as sorting by `ordered`, through integer keys that sort faster.
            if let keys = descendingKeys(of: indices, by: values) {
                return keys.sorted().map { Int(truncatingIfNeeded: $0 & 0xFFFF_FFFF) }
            }
            return indices.sorted(by: ordered)
        }
        // Partial selection: keep a sorted window of the best k while scanning.
        var best: [Int] = []
        best.reserveCapacity(k + 1)
        for i in indices {
            if best.count == k, let last = best.last, !ordered(i, last) { continue }
            let at = best.firstIndex { ordered(i, $0) } ?? best.count
            best.insert(i, at: at)
            if best.count > k { best.removeLast() }
        }
        return best
    }

    /// Keys whose ascending order is `largest`'s order: the value's bits mapped so larger
    /// floats give smaller keys (−0 as +0, equal as `==` says), in the high 32 bits; the
    /// index in the low 32. Nil when an index does not fit 32 bits or a value is NaN.
    static func descendingKeys(of indices: [Int], by values: [Float]) -> [UInt64]? {
        var keys: [UInt64] = []
        keys.reserveCapacity(indices.count)
        for i in indices {
            let value = values[i]
            guard i >= 0, i <= Int(UInt32.max), !value.isNaN else { return nil }
            let bits = (value == 0 ? Float(0) : value).bitPattern
            // Ascending float order as unsigned integers, then flipped for descending.
            let ascending = bits & 0x8000_0000 != 0 ? ~bits : bits | 0x8000_0000
            keys.append(UInt64(~ascending) << 32 | UInt64(i))
        }
        return keys
    }

    private static func softmax(_ x: [Float]) -> [Float] {
        guard let maximum = x.max() else { return [] }
        let e = x.map { Foundation.exp(Double($0 - maximum)) }
        let total = e.reduce(0, +)
        return e.map { Float($0 / total) }
    }
}
