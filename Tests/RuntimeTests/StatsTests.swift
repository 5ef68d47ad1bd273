import Engine
import Testing
@testable import Runtime

// Expected values come from `python3 bench/stats_reference.py` (Python 3.11.7, SciPy 1.17.1,
// NumPy 2.4.6): the standard library's NormalDist and the Wilson formula, scipy.stats.t, pair
// counting checked against scipy.stats.mannwhitneyu, and a NumPy bootstrap.

/// Relative or absolute agreement within `tolerance`.
private func close(_ a: Double?, _ b: Double, _ tolerance: Double) -> Bool {
    guard let a else { return false }
    return abs(a - b) <= tolerance * max(1, abs(b))
}

/// The synthetic ROC data of `bench/stats_reference.py`'s `lcg_cases`: a 32-bit LCG (exact in
/// both languages), every third case positive and shifted up by 0.3.
private func lcgCases(_ count: Int) -> [(score: Double, positive: Bool)] {
    var x: UInt64 = 12345
    return (0..<count).map { i in
        x = (1_664_525 &* x &+ 1_013_904_223) % (1 << 32)
        let positive = i % 3 == 0
        return (Double(x) / 4_294_967_296 + (positive ? 0.3 : 0), positive)
    }
}

@Suite struct DistributionTests {
    // AS 241 is accurate to ~1e-16; NormalDist uses the same algorithm, so agreement is to a few ulps.
    @Test(arguments: [
        (0.975, 1.9599639845400536), (0.995, 2.5758293035489), (0.95, 1.6448536269514715), (0.5, 0.0),
        (0.02425, -1.9729610513118845), (1e-10, -6.361340902404056), (1 - 1e-12, 7.0344869100478356),
    ])
    func normalQuantileMatchesNormalDist(p: Double, z: Double) {
        #expect(close(Distributions.normalQuantile(p), z, 1e-14))
    }

    // scipy.stats.t.ppf. The incomplete beta's continued fraction stops at a relative step of
    // 1e-16 and bisection runs to the last bit, so 1e-10 leaves room for SciPy's own error (~1e-12).
    @Test(arguments: [
        (0.975, 1.0, 12.706204736174694), (0.975, 2.0, 4.302652729749462), (0.975, 4.0, 2.7764451051977934),
        (0.975, 9.0, 2.262157162798205), (0.975, 29.0, 2.045229642132703), (0.975, 1000.0, 1.9623390808264083),
        (0.995, 3.0, 5.840909309733355), (0.95, 262.0, 1.6506902838754949),
    ])
    func studentQuantileMatchesSciPy(p: Double, degreesOfFreedom: Double, t: Double) {
        #expect(close(Distributions.studentQuantile(p, degreesOfFreedom: degreesOfFreedom), t, 1e-10))
        #expect(close(Distributions.studentQuantile(1 - p, degreesOfFreedom: degreesOfFreedom), -t, 1e-10))
        #expect(close(Distributions.studentCDF(t, degreesOfFreedom: degreesOfFreedom), p, 1e-12))
    }

    @Test func edgesOfTheDomain() {
        #expect(Distributions.normalQuantile(0) == -.infinity && Distributions.normalQuantile(1) == .infinity)
        #expect(Distributions.normalQuantile(1.5).isNaN)
        #expect(Distributions.studentQuantile(0.5, degreesOfFreedom: 3) == 0)
        #expect(Distributions.studentQuantile(0.9, degreesOfFreedom: 0).isNaN)
    }
}

@Suite struct IntervalTests {
    // The Wilson formula in double precision on both sides: agreement to 1e-14.
    @Test(arguments: [
        (0, 10, 0.95, 0.0, 0.27753279986288915), (5, 10, 0.95, 0.23659309051256405, 0.763406909487436),
        (81, 263, 0.95, 0.2552885198782742, 0.36620957698280004), (10, 10, 0.95, 0.7224672001371107, 1.0),
        (1, 2, 0.95, 0.09453120573423074, 0.9054687942657693),
        (81, 263, 0.90, 0.26331361718848145, 0.3565663496084882),
        (81, 263, 0.99, 0.24013690268760773, 0.38528250231822986),
    ])
    func wilsonMatchesTheFormula(k: Int, n: Int, level: Double, lo: Double, hi: Double) {
        let estimate = Intervals.wilson(successes: k, trials: n, level: level)
        #expect(estimate.p == Double(k) / Double(n))
        #expect(close(estimate.lo, lo, 1e-14) && close(estimate.hi, hi, 1e-14))
    }

    @Test func wilsonBoundsAreExactAtTheEnds() {
        #expect(Intervals.wilson(successes: 0, trials: 10).lo == 0)
        #expect(Intervals.wilson(successes: 10, trials: 10).hi == 1)
        #expect(Intervals.wilson(successes: 0, trials: 0) == .init(k: 0, n: 0, p: nil, lo: nil, hi: nil))
    }

    // scipy.stats.t.interval(level, n - 1, loc=mean, scale=sd/sqrt(n)); tolerance as for t quantiles.
    @Test func tIntervalMatchesSciPy() {
        let values = [2.1, 3.4, 1.9, 5.6, 4.4]
        let ninetyFive = Intervals.tInterval(values)
        #expect(close(ninetyFive.mean, 3.4799999999999995, 1e-14) && close(ninetyFive.sd, 1.5610893632332519, 1e-14))
        #expect(close(ninetyFive.lo, 1.5416515396944317, 1e-10) && close(ninetyFive.hi, 5.418348460305568, 1e-10))
        let ninetyNine = Intervals.tInterval(values, level: 0.99)
        #expect(close(ninetyNine.lo, 0.2656954246007861, 1e-10) && close(ninetyNine.hi, 6.694304575399213, 1e-10))
        let pair = Intervals.tInterval([1, 2])
        #expect(close(pair.lo, -4.853102368087347, 1e-10) && close(pair.hi, 7.853102368087347, 1e-10))
    }

    @Test func tIntervalNeedsTwoValues() {
        #expect(Intervals.tInterval([]) == .init(n: 0, mean: nil, sd: nil, lo: nil, hi: nil))
        #expect(Intervals.tInterval([4]) == .init(n: 1, mean: 4, sd: nil, lo: nil, hi: nil))
        #expect(Intervals.tInterval([3, 3, 3]) == .init(n: 3, mean: 3, sd: 0, lo: 3, hi: 3))
    }
}

@Suite struct ROCTests {
    /// Ten cases with ties across the classes (0.4 is two negatives and one positive).
    let tied = ROC(zip([0.1, 0.4, 0.35, 0.8, 0.4, 0.7, 0.2, 0.9, 0.4, 0.55],
                       [false, false, true, true, true, false, false, true, false, true]).map { ($0, $1) })

    // Pair counting and scipy.stats.mannwhitneyu both give 0.76 (19 of 25 pairs, one tie pair per ½).
    @Test func aucCountsTiesAsHalf() {
        #expect(close(tied.auc, 0.76, 1e-15))
        #expect(tied.positives == 5 && tied.negatives == 5 && tied.count == 10)
    }

    @Test func aucOfTheSyntheticSetMatchesPairCounting() {
        #expect(close(ROC(lcgCases(300)).auc, 0.75015, 1e-12))
    }

    @Test func perfectAndReversedScores() {
        let perfect = ROC([(1, true), (2, true), (0, false), (-1, false)])
        #expect(perfect.auc == 1)
        #expect(ROC([(1, false), (2, false), (0, true)]).auc == 0)
        #expect(ROC([(5, false), (5, true)]).auc == 0.5)
    }

    @Test func oneClassHasNoAUCAndNoCurve() {
        let positivesOnly = ROC([(1, true), (2, true)])
        #expect(positivesOnly.auc == nil && positivesOnly.curve.isEmpty && !positivesOnly.hasBothClasses)
        #expect(ROC([]).auc == nil)
    }

    // The thresholds, fpr and tpr printed by bench/stats_reference.py for the same ten cases.
    @Test func curveStepsThroughEveryDistinctScore() {
        let curve = tied.curve
        #expect(curve.first == .init(fpr: 0, tpr: 0, threshold: nil))
        #expect(curve.dropFirst().map(\.threshold) == [0.9, 0.8, 0.7, 0.55, 0.4, 0.35, 0.2, 0.1])
        #expect(curve.dropFirst().map(\.fpr) == [0, 0, 0.2, 0.2, 0.6, 0.6, 0.8, 1])
        #expect(curve.dropFirst().map(\.tpr) == [0.2, 0.4, 0.4, 0.6, 0.8, 1, 1, 1])
    }

    /// The trapezoids under the curve are the AUC (ties give the diagonal, i.e. ½).
    @Test func areaUnderTheCurveIsTheAUC() {
        let curve = tied.curve
        let area = zip(curve, curve.dropFirst()).reduce(0.0) { $0 + ($1.1.fpr - $1.0.fpr) * ($1.0.tpr + $1.1.tpr) / 2 }
        #expect(close(area, 0.76, 1e-15))
    }
}

@Suite struct BootstrapTests {
    let roc = ROC(lcgCases(300))

    @Test func sameSeedSameInterval() throws {
        let a = try #require(Bootstrap.aucInterval(roc, resamples: 500, seed: 7))
        let b = try #require(Bootstrap.aucInterval(roc, resamples: 500, seed: 7))
        let c = try #require(Bootstrap.aucInterval(roc, resamples: 500, seed: 8))
        #expect(a == b)
        #expect(a != c)
        #expect(a.resamples == 500)
    }

    // NumPy's percentile interval of 100,000 resamples is (0.69205, 0.80481). With 2,000 resamples
    // the Monte Carlo error of a 2.5 % quantile is about sd·√(0.025·0.975/2000)/φ(1.96) ≈ 0.06·sd,
    // and the bootstrap sd here is ≈ 0.029, so ≈ 0.002; 0.01 is five of those.
    @Test func intervalAgreesWithNumPyAndHoldsTheAUC() throws {
        let interval = try #require(Bootstrap.aucInterval(roc, resamples: 2000, seed: 0))
        let auc = try #require(roc.auc)
        #expect(interval.lo < auc && auc < interval.hi)
        #expect(abs(interval.lo - 0.692049801241684) < 0.01)
        #expect(abs(interval.hi - 0.804812852260571) < 0.01)
    }

    @Test func narrowerAtLowerLevel() throws {
        let ninety = try #require(Bootstrap.aucInterval(roc, resamples: 1000, seed: 3, level: 0.9))
        let ninetyNine = try #require(Bootstrap.aucInterval(roc, resamples: 1000, seed: 3, level: 0.99))
        #expect(ninetyNine.lo < ninety.lo && ninety.hi < ninetyNine.hi)
    }

    @Test func noIntervalWithoutBothClassesOrResamples() {
        #expect(Bootstrap.aucInterval(ROC([(1, true), (2, true)]), resamples: 100, seed: 0) == nil)
        #expect(Bootstrap.aucInterval(roc, resamples: 0, seed: 0) == nil)
    }

    @Test func quantileInterpolatesLikeNumPy() {
        // numpy.percentile([1, 2, 3, 4], [25, 50, 90]) == [1.75, 2.5, 3.7]
        #expect(Bootstrap.quantile(sorted: [1, 2, 3, 4], 0.25) == 1.75)
        #expect(Bootstrap.quantile(sorted: [1, 2, 3, 4], 0.5) == 2.5)
        #expect(close(Bootstrap.quantile(sorted: [1, 2, 3, 4], 0.9), 3.7, 1e-15))
    }

    @Test func uniformIndexStaysInRangeAndCoversIt() {
        var random = RandomSource(seed: 1)
        var seen = Set<Int>()
        for _ in 0..<1000 {
            let i = Bootstrap.uniformIndex(below: 7, using: &random)
            #expect((0..<7).contains(i))
            seen.insert(i)
        }
        #expect(seen.count == 7)
    }
}
