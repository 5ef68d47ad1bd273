/// Point estimates with confidence intervals: a proportion (Wilson score interval) and a
/// mean (Student's t interval).
public enum Intervals {
    /// A share of successes with its Wilson score interval.
    public struct Proportion: Equatable, Sendable {
        /// Successes.
        public var k: Int
        /// Trials.
        public var n: Int
        /// k / n, nil when n = 0.
        public var p: Double?
        /// The interval's bounds, within [0, 1]; nil when n = 0.
        public var lo: Double?
        public var hi: Double?
    }

    /// A sample mean with its t interval.
    public struct Mean: Equatable, Sendable {
        /// Number of values.
        public var n: Int
        /// The arithmetic mean, nil when n = 0.
        public var mean: Double?
        /// The sample standard deviation (divisor n − 1), nil when n < 2.
        public var sd: Double?
        /// The interval's bounds, nil when n < 2.
        public var lo: Double?
        public var hi: Double?
    }

    /// The Wilson score interval for `k` successes in `n` trials at confidence `level`
    /// (0 < level < 1): with z the normal quantile at 1 − (1 − level)/2,
    /// centre = (k + z²/2)/(n + z²) and half-width = z·√(k(n − k)/n + z²/4)/(n + z²).
    /// Unlike the normal (Wald) interval it stays inside [0, 1] and is not empty at k = 0 or k = n.
    public static func wilson(successes k: Int, trials n: Int, level: Double = 0.95) -> Proportion {
        guard n > 0 else { return Proportion(k: k, n: n, p: nil, lo: nil, hi: nil) }
        let z = Distributions.normalQuantile(1 - (1 - level) / 2)
        let kd = Double(k), nd = Double(n), z2 = z * z
        let centre = (kd + z2 / 2) / (nd + z2)
        let half = z * (kd * (nd - kd) / nd + z2 / 4).squareRoot() / (nd + z2)
        // At k = 0 (k = n) the lower (upper) bound is 0 (1) exactly; rounding would leave ±1e-17.
        let lo = k == 0 ? 0 : max(0, centre - half)
        let hi = k == n ? 1 : min(1, centre + half)
        return Proportion(k: k, n: n, p: kd / nd, lo: lo, hi: hi)
    }

    /// The mean of `values` with the interval mean ± t·sd/√n, t the quantile of Student's t
    /// with n − 1 degrees of freedom at 1 − (1 − level)/2 (as `scipy.stats.t.interval`).
    /// It assumes roughly normal values or a sample large enough for the mean to be.
    public static func tInterval(_ values: [Double], level: Double = 0.95) -> Mean {
        let n = values.count
        let mean = Statistics.mean(values)
        guard let mean, let sd = Statistics.stdev(values) else {
            return Mean(n: n, mean: mean, sd: nil, lo: nil, hi: nil)
        }
        let t = Distributions.studentQuantile(1 - (1 - level) / 2, degreesOfFreedom: Double(n - 1))
        let half = t * sd / Double(n).squareRoot()
        return Mean(n: n, mean: mean, sd: sd, lo: mean - half, hi: mean + half)
    }
}
