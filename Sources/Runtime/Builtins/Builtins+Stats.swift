import GuideLang

/// Statistics builtins: estimates with 95 % confidence intervals and ROC analysis.
///
/// - `proportion(values, by:, level: 0.95)` → `{p, lo, hi, n, k}`: the share of true (or 1)
///   values with its Wilson score interval.
/// - `mean_ci(values, by:, level: 0.95)` → `{mean, lo, hi, n, sd}`: the mean with its
///   Student t interval (mean ± t₍n−1₎·sd/√n; sd with divisor n − 1).
/// - `roc_auc(scores, labels, bootstrap: 2000, seed: 0, level: 0.95)` →
///   `{auc, lo, hi, n, positives, negatives}`: AUC by the Mann–Whitney statistic (ties ½)
///   with a seeded percentile-bootstrap interval over resampled rows (`bootstrap: 0` skips it).
///   With one class only the AUC is undefined: `auc`, `lo`, `hi` are nil and `note` says why.
/// - `roc_curve(scores, labels)` → a table `{fpr, tpr, threshold}` from (0, 0) to (1, 1),
///   thresholds descending (the first row's is nil); empty when a class is missing.
///
/// Like `mean`, the first two take a list, or a table and a function of a row (`by:`), and
/// skip nil values, so `agg(group(t, by: .delta), french: fn(rs) => proportion(rs, .french))`
/// summarises a table per group. The ROC builtins drop the rows where the score or the label
/// is nil. Labels and proportion values are booleans or the numbers 0 and 1.
extension RuntimeHost {
    var statsBuiltins: [Builtin] {
        [
            Builtin("proportion", [.required("values"), .optional("by"), .optional("level", 0.95)]) { args in
                let level = try Self.confidenceLevel(args)
                let outcomes = try Self.mapped(args).enumerated().compactMap { index, value in
                    try Self.outcome(value, args, "values", index: index)
                }
                let estimate = Intervals.wilson(successes: outcomes.filter { $0 }.count, trials: outcomes.count,
                                                level: level)
                return .record(Record([
                    ("p", Self.optional(estimate.p)), ("lo", Self.optional(estimate.lo)),
                    ("hi", Self.optional(estimate.hi)), ("n", .number(Double(estimate.n))),
                    ("k", .number(Double(estimate.k))),
                ]))
            },
            Builtin("mean_ci", [.required("values"), .optional("by"), .optional("level", 0.95)]) { args in
                let level = try Self.confidenceLevel(args)
                let numbers = try Self.mapped(args).enumerated().compactMap { index, value in
                    try Self.score(value, args, "values", index: index)
                }
                let estimate = Intervals.tInterval(numbers, level: level)
                return .record(Record([
                    ("mean", Self.optional(estimate.mean)), ("lo", Self.optional(estimate.lo)),
                    ("hi", Self.optional(estimate.hi)), ("n", .number(Double(estimate.n))),
                    ("sd", Self.optional(estimate.sd)),
                ]))
            },
            Builtin("roc_auc", [
                .required("scores"), .required("labels"), .optional("bootstrap", 2000), .optional("seed", 0),
                .optional("level", 0.95),
            ]) { args in
                let roc = try Self.roc(args)
                let level = try Self.confidenceLevel(args)
                let resamples = try args.int("bootstrap")
                guard (0...1_000_000).contains(resamples) else {
                    throw args.error("bootstrap", "expected a number of resamples in 0...1000000, got \(resamples)")
                }
                let seed = try args.int("seed")
                guard seed >= 0 else { throw args.error("seed", "expected a whole number ≥ 0, got \(seed)") }
                var record = Record([("auc", Self.optional(roc.auc))])
                let interval = Bootstrap.aucInterval(roc, resamples: resamples, seed: UInt64(seed), level: level)
                record["lo"] = Self.optional(interval?.lo)
                record["hi"] = Self.optional(interval?.hi)
                record["n"] = .number(Double(roc.count))
                record["positives"] = .number(Double(roc.positives))
                record["negatives"] = .number(Double(roc.negatives))
                if !roc.hasBothClasses {
                    record["note"] = .string("AUC needs both classes; got \(roc.positives) positive and "
                        + "\(roc.negatives) negative labels")
                }
                return .record(record)
            },
            Builtin("roc_curve", [.required("scores"), .required("labels")]) { args in
                .list(try Self.roc(args).curve.map { point in
                    .record(Record([
                        ("fpr", .number(point.fpr)), ("tpr", .number(point.tpr)),
                        ("threshold", Self.optional(point.threshold)),
                    ]))
                })
            },
        ]
    }

    /// The `values` argument, each mapped through `by:` when given.
    private static func mapped(_ args: Arguments) throws -> [Value] {
        let items = try args.list("values")
        guard !args.isNil("by") else { return items }
        let by = try args.function("by")
        return try items.map { try args.interpreter.call(by, [$0]) }
    }

    /// A success or failure: a bool, or the number 0 or 1; nil for a nil value (skipped).
    private static func outcome(_ value: Value, _ args: Arguments, _ key: ArgumentKey, index: Int) throws -> Bool? {
        switch value {
        case .nil: return nil
        case .bool(let b): return b
        case .number(let n) where n == 0 || n == 1: return n == 1
        case .number(let n):
            throw args.error(key, "item \(index) is \(Value.format(n)); expected booleans or the numbers 0 and 1")
        default: throw args.error(key, "item \(index) is a \(value.typeName); expected booleans or the numbers 0 and 1")
        }
    }

    /// A finite number (a bool counts as 0 or 1); nil for a nil value (skipped).
    private static func score(_ value: Value, _ args: Arguments, _ key: ArgumentKey, index: Int) throws -> Double? {
        switch value {
        case .nil: return nil
        case .bool(let b): return b ? 1 : 0
        case .number(let n) where n.isFinite: return n
        case .number(let n): throw args.error(key, "item \(index) is \(Value.format(n)); expected finite numbers")
        default: throw args.error(key, "item \(index) is a \(value.typeName); expected numbers")
        }
    }

    /// The cases of `roc_auc` / `roc_curve`: scores and labels paired by position, rows with a nil dropped.
    private static func roc(_ args: Arguments) throws -> ROC {
        let scores = try args.list("scores")
        let labels = try args.list("labels")
        guard scores.count == labels.count else {
            throw args.error("labels", "expected one label per score: \(scores.count) scores, \(labels.count) labels")
        }
        var cases: [(score: Double, positive: Bool)] = []
        for index in scores.indices {
            let score = try score(scores[index], args, "scores", index: index)
            let label = try outcome(labels[index], args, "labels", index: index)
            if let score, let label { cases.append((score, label)) }
        }
        return ROC(cases)
    }

    /// The `level:` argument, a confidence level strictly between 0 and 1.
    private static func confidenceLevel(_ args: Arguments) throws -> Double {
        let level = try args.number("level")
        guard level > 0, level < 1 else {
            throw args.error("level", "expected a confidence level between 0 and 1 (e.g. 0.95), got \(Value.format(level))")
        }
        return level
    }

    private static func optional(_ number: Double?) -> Value { number.map(Value.number) ?? .nil }
}
