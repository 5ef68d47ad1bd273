import GuideLang
import Testing
@testable import Runtime

/// The statistics builtins as scripts call them. The numbers themselves are checked against
/// SciPy in StatsTests; here: argument forms, grouping, nils, degenerate cases and errors.
@Suite struct StatsBuiltinTests {
    let runner = ScriptRunner()

    let rows = """
        let t = [{d: 0, fr: true, s: 1}, {d: 0, fr: false, s: 3}, {d: 0, fr: nil, s: nil},
                 {d: 1, fr: true, s: 5}, {d: 1, fr: true, s: 7}]

        """

    private func field(_ value: Value, _ key: String) -> Value? {
        guard case .record(let record) = value else { return nil }
        return record[key]
    }

    private func number(_ value: Value, _ key: String) -> Double? {
        guard case .number(let n)? = field(value, key) else { return nil }
        return n
    }

    @Test func proportionOfBoolsAndOfZeroOne() throws {
        let value = try runner.evaluate("proportion([true, false, true, true, nil])")
        #expect(number(value, "p") == 0.75 && number(value, "n") == 4 && number(value, "k") == 3)
        let expected = Intervals.wilson(successes: 3, trials: 4)
        #expect(number(value, "lo") == expected.lo && number(value, "hi") == expected.hi)
        #expect(try runner.evaluate("proportion([1, 0, 1, 1])") == value)
        let keys = try runner.evaluate("keys(proportion([true]))")
        #expect(keys == .list(["p", "lo", "hi", "n", "k"].map(Value.string)))
    }

    @Test func proportionOfNothingIsNil() throws {
        let value = try runner.evaluate("proportion([])")
        #expect(field(value, "p") == .nil && field(value, "lo") == .nil && number(value, "n") == 0)
    }

    @Test func levelChangesTheWidth() throws {
        let narrow = try runner.evaluate("proportion([true, false, true], level: 0.8)")
        let wide = try runner.evaluate("proportion([true, false, true], level: 0.99)")
        #expect((number(wide, "lo") ?? 1) < (number(narrow, "lo") ?? 0))
    }

    @Test func meanCIOfAListAndOfATableColumn() throws {
        let value = try runner.evaluate("mean_ci([2.1, 3.4, 1.9, 5.6, 4.4])")
        let expected = Intervals.tInterval([2.1, 3.4, 1.9, 5.6, 4.4])
        #expect(number(value, "mean") == expected.mean && number(value, "sd") == expected.sd)
        #expect(number(value, "lo") == expected.lo && number(value, "hi") == expected.hi && number(value, "n") == 5)
        let column = try runner.evaluate(rows + "mean_ci(t, .s)")
        #expect(number(column, "mean") == 4 && number(column, "n") == 4)
        let single = try runner.evaluate("mean_ci([3])")
        #expect(number(single, "mean") == 3 && field(single, "sd") == .nil && field(single, "lo") == .nil)
    }

    @Test func summarisePerGroupWithAgg() throws {
        let value = try runner.evaluate(rows + """
            t |> group(by: .d) |> agg(french: fn(rs) => proportion(rs, .fr), s: fn(rs) => mean_ci(rs, by: .s))
            """)
        guard case .list(let groups) = value, groups.count == 2 else { Issue.record("expected 2 groups"); return }
        let zero = try #require(field(groups[0], "french"))
        #expect(number(zero, "n") == 2 && number(zero, "k") == 1)
        let one = try #require(field(groups[1], "french"))
        #expect(number(one, "p") == 1 && number(one, "hi") == 1)
        #expect(number(try #require(field(groups[1], "s")), "mean") == 6)
    }

    @Test func anUnnamedAggregateSpreadsItsFields() throws {
        let value = try runner.evaluate(rows + "t |> group(by: .d) |> agg(fn(rs) => proportion(rs, .fr), n_rows: count)")
        let expected = try runner.evaluate("""
            [{d: 0, p: 0.5, lo: \(Intervals.wilson(successes: 1, trials: 2).lo ?? 0), \
            hi: \(Intervals.wilson(successes: 1, trials: 2).hi ?? 0), n: 2, k: 1, n_rows: 3},
             {d: 1, p: 1, lo: \(Intervals.wilson(successes: 2, trials: 2).lo ?? 0), hi: 1, n: 2, k: 2, n_rows: 2}]
            """)
        #expect(value == expected)
        #expect(runner.errorMessage(rows + "agg(t, fn(rs) => 3)")?
            .hasPrefix("bad argument #2 to 'agg': an unnamed aggregate must give a record") == true)
    }

    @Test func rocAUCWithItsBootstrapInterval() throws {
        let source = """
            let scores = [0.1, 0.4, 0.35, 0.8, 0.4, 0.7, 0.2, 0.9, 0.4, 0.55]
            let labels = [false, false, true, true, true, false, false, true, false, true]

            """
        let value = try runner.evaluate(source + "roc_auc(scores, labels, bootstrap: 300, seed: 5)")
        #expect(number(value, "auc") == 0.76 && number(value, "n") == 10)
        #expect(number(value, "positives") == 5 && number(value, "negatives") == 5)
        let lo = try #require(number(value, "lo")), hi = try #require(number(value, "hi"))
        #expect(lo < 0.76 && 0.76 < hi && hi <= 1 && lo >= 0)
        #expect(try runner.evaluate(source + "roc_auc(scores, labels, bootstrap: 300, seed: 5)") == value)
        let bare = try runner.evaluate(source + "roc_auc(scores, labels, bootstrap: 0)")
        #expect(number(bare, "auc") == 0.76 && field(bare, "lo") == .nil)
        #expect(try runner.evaluate(source + "roc_auc(scores, map(labels, fn(l) => if l { 1 } else { 0 }), bootstrap: 0)") == bare)
    }

    @Test func rocAUCDropsRowsWithANil() throws {
        let value = try runner.evaluate("roc_auc([1, 2, nil, 3], [false, true, true, nil], bootstrap: 0)")
        #expect(number(value, "auc") == 1 && number(value, "n") == 2)
    }

    @Test func rocAUCOfOneClassIsNilWithANote() throws {
        let value = try runner.evaluate("roc_auc([1, 2, 3], [true, true, true])")
        #expect(field(value, "auc") == .nil && field(value, "lo") == .nil && field(value, "hi") == .nil)
        #expect(field(value, "note") == .string("AUC needs both classes; got 3 positive and 0 negative labels"))
        #expect(try runner.evaluate("roc_curve([1, 2], [false, false])") == .list([]))
    }

    @Test func rocCurveIsATable() throws {
        let value = try runner.evaluate("roc_curve([0.2, 0.8, 0.5], [false, true, false])")
        let expected = try runner.evaluate("""
            [{fpr: 0, tpr: 0, threshold: nil}, {fpr: 0, tpr: 1, threshold: 0.8},
             {fpr: 0.5, tpr: 1, threshold: 0.5}, {fpr: 1, tpr: 1, threshold: 0.2}]
            """)
        #expect(value == expected)
    }

    @Test func badArgumentsSayWhich() {
        #expect(runner.errorMessage("proportion([true, 2])")
            == "bad argument #1 to 'proportion': item 1 is 2; expected booleans or the numbers 0 and 1")
        #expect(runner.errorMessage(#"proportion(["yes"])"#)?.hasPrefix("bad argument #1 to 'proportion'") == true)
        #expect(runner.errorMessage("proportion([true], level: 95)")
            == "bad argument #3 to 'proportion': expected a confidence level between 0 and 1 (e.g. 0.95), got 95")
        #expect(runner.errorMessage(#"mean_ci([1, "x"])"#)
            == "bad argument #1 to 'mean_ci': item 1 is a string; expected numbers")
        #expect(runner.errorMessage("roc_auc([1, 2], [true])")
            == "bad argument #2 to 'roc_auc': expected one label per score: 2 scores, 1 labels")
        #expect(runner.errorMessage("roc_auc([1, 2], [true, 0.5])")?.hasPrefix("bad argument #2 to 'roc_auc': item 1") == true)
        #expect(runner.errorMessage("roc_auc([1, 2], [true, false], seed: -1)")?.hasPrefix("bad argument #4") == true)
        #expect(runner.errorMessage("roc_auc([1, 2], [true, false], bootstrap: 0.5)")?.hasPrefix("bad argument #3") == true)
        #expect(runner.errorMessage("roc_curve([1, 2], 3)")?.hasPrefix("bad argument #2 to 'roc_curve'") == true)
    }
}
