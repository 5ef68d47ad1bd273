import Engine

/// Percentile bootstrap confidence intervals, reproducible from a seed.
///
/// Resamples draw case indices with replacement from the engine's xoshiro256** generator
/// (`RandomSource`, seeded through SplitMix64) and bound them with Lemire's
/// multiply-and-reject method written out here, so the same seed gives the same interval
/// on every platform and Swift version.
public enum Bootstrap {
    /// An interval from `resamples` bootstrap replicates.
    public struct Interval: Equatable, Sendable {
        public var lo: Double
        public var hi: Double
        /// Replicates behind the interval.
        public var resamples: Int
    }

    /// The percentile interval of the ROC AUC at confidence `level`, from `resamples` resamples
    /// of the cases (rows, not classes separately). A resample that misses a class has no AUC
    /// and is drawn again; each draw has both classes with probability ≥ ½ whenever `roc`
    /// has both, so the cap of 100 draws per replicate is never the limit in practice.
    /// Nil when `roc` lacks a class or `resamples` < 1.
    public static func aucInterval(_ roc: ROC, resamples: Int, seed: UInt64, level: Double = 0.95) -> Interval? {
        guard roc.hasBothClasses, resamples > 0 else { return nil }
        var random = RandomSource(seed: seed)
        let n = roc.count
        var replicates: [Double] = []
        replicates.reserveCapacity(resamples)
        var weights = [Int](repeating: 0, count: n)
        var draws = 0
        while replicates.count < resamples, draws < 100 * resamples {
            draws += 1
            for i in weights.indices { weights[i] = 0 }
            for _ in 0..<n { weights[uniformIndex(below: n, using: &random)] += 1 }
            if let auc = roc.weightedAUC(weights: weights) { replicates.append(auc) }
        }
        guard replicates.count == resamples else { return nil }
        replicates.sort()
        let tail = (1 - level) / 2
        return Interval(lo: quantile(sorted: replicates, tail), hi: quantile(sorted: replicates, 1 - tail),
                        resamples: resamples)
    }

    /// The `q`-quantile of ascending `values` by linear interpolation between order statistics
    /// (position q·(count − 1), NumPy's default `linear` method).
    static func quantile(sorted values: [Double], _ q: Double) -> Double {
        let position = q * Double(values.count - 1)
        let below = Int(position.rounded(.down))
        let above = min(below + 1, values.count - 1)
        let fraction = position - Double(below)
        return values[below] + fraction * (values[above] - values[below])
    }

    /// A uniform integer in 0..<bound (bound > 0) without modulo bias (Lemire 2019).
    static func uniformIndex(below bound: Int, using random: inout RandomSource) -> Int {
        let range = UInt64(bound)
        var product = random.next().multipliedFullWidth(by: range)
        if product.low < range {
            let threshold = (0 &- range) % range
            while product.low < threshold { product = random.next().multipliedFullWidth(by: range) }
        }
        return Int(product.high)
    }
}
