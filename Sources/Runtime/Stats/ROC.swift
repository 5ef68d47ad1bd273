/// Receiver operating characteristic of a score that should be higher for positive cases.
///
/// The scores are sorted once, ascending, and cut into runs of equal score; the AUC of any
/// multiset of the cases (a bootstrap resample) is then one pass over the runs with a
/// weight (multiplicity) per case.
public struct ROC: Sendable {
    /// Scores in ascending order.
    private let scores: [Double]
    /// Whether the case at the same position of `scores` is positive.
    private let labels: [Bool]
    /// Start index of each run of equal scores in `scores`, plus `scores.count` at the end.
    private let runStarts: [Int]

    /// Number of cases.
    public var count: Int { scores.count }
    /// Number of positive cases.
    public let positives: Int
    /// Number of negative cases.
    public var negatives: Int { count - positives }
    /// Whether both classes are present, without which AUC and curve are undefined.
    public var hasBothClasses: Bool { positives > 0 && negatives > 0 }

    /// The cases `(score, isPositive)`; scores must be finite.
    public init(_ cases: [(score: Double, positive: Bool)]) {
        let sorted = cases.sorted { $0.score < $1.score }
        scores = sorted.map(\.score)
        labels = sorted.map(\.positive)
        positives = labels.filter { $0 }.count
        var starts: [Int] = []
        for index in scores.indices where index == 0 || scores[index] != scores[index - 1] { starts.append(index) }
        starts.append(scores.count)
        runStarts = starts
    }

    /// The area under the ROC curve: the Mann–Whitney U of positives over negatives divided by
    /// positives × negatives, i.e. P(score of a random positive > score of a random negative)
    /// with ties counted ½. Nil when a class is missing.
    public var auc: Double? { weightedAUC(weights: nil) }

    /// The AUC of the multiset holding the case at sorted position i `weights[i]` times
    /// (every case once when nil); nil when a class has zero total weight.
    func weightedAUC(weights: [Int]?) -> Double? {
        var negativesBelow = 0.0
        var pairs = 0.0
        var positiveWeight = 0.0
        for run in 0..<(runStarts.count - 1) {
            var runPositives = 0.0, runNegatives = 0.0
            for index in runStarts[run]..<runStarts[run + 1] {
                let weight = Double(weights?[index] ?? 1)
                if labels[index] { runPositives += weight } else { runNegatives += weight }
            }
            pairs += runPositives * (negativesBelow + 0.5 * runNegatives)
            negativesBelow += runNegatives
            positiveWeight += runPositives
        }
        guard positiveWeight > 0, negativesBelow > 0 else { return nil }
        return pairs / (positiveWeight * negativesBelow)
    }

    /// One point of the curve: calling "positive" every case with score ≥ `threshold`.
    public struct Point: Equatable, Sendable {
        /// False positive rate, in [0, 1].
        public var fpr: Double
        /// True positive rate, in [0, 1].
        public var tpr: Double
        /// The score cut; nil for the first point (0, 0), where no case is called positive.
        public var threshold: Double?
    }

    /// The curve from (0, 0) to (1, 1), one point per distinct score, thresholds descending
    /// (as scikit-learn's `roc_curve` with `drop_intermediate=False`); empty when a class is missing.
    public var curve: [Point] {
        guard hasBothClasses else { return [] }
        var points = [Point(fpr: 0, tpr: 0, threshold: nil)]
        var truePositives = 0, falsePositives = 0
        for run in (0..<(runStarts.count - 1)).reversed() {
            for index in runStarts[run]..<runStarts[run + 1] {
                if labels[index] { truePositives += 1 } else { falsePositives += 1 }
            }
            points.append(Point(fpr: Double(falsePositives) / Double(negatives),
                                tpr: Double(truePositives) / Double(positives),
                                threshold: scores[runStarts[run]]))
        }
        return points
    }
}
