import Foundation
import TestSupport
import Testing

/// The paper's experiments (`examples/summarize_french.guide`, `needle_haystack.guide`,
/// `json_generation.guide`, `influence_vs_rollout.guide`) run end to end on the small
/// model with tiny sizes. What is asserted is the shape of their tables and that every
/// metric is in its range, not the effect: a handful of rows on a 135M model says nothing
/// about GUIDE.
@Suite(.serialized) struct PaperExperimentTests {
    static let repositoryRoot = ExampleScriptTests.repositoryRoot
    static let small = ["model_name=smollm2-135m-instruct", "deltas=[0, 1]", "max_new_tokens=6"]

    /// Runs `script` from a scratch folder that sees the repository's `examples/` (the
    /// scripts read `examples/data/…`; their logs go to the scratch folder's `results/`).
    static func run(_ script: String, _ parameters: [String], in scratch: URL) throws -> GuideRun {
        let run = try GuideBinary.run(
            ["run", repositoryRoot.appendingPathComponent("examples/\(script)").path] + parameters,
            in: scratch)
        #expect(run.status == 0, "\(script) exited \(run.status); stderr: \(run.stderr)")
        return run
    }

    /// The log's rows for the current run (lines with a status are attempts that failed or
    /// recorded nothing).
    static func rows(_ name: String, in scratch: URL) throws -> [[String: Any]] {
        let text = try String(contentsOf: scratch.appendingPathComponent("results/\(name).jsonl"), encoding: .utf8)
        return try text.split(separator: "\n").compactMap { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return object?["_status"] == nil ? object : nil
        }
    }

    static func number(_ row: [String: Any], _ key: String) -> Double? { (row[key] as? NSNumber)?.doubleValue }

    static func expectFraction(_ row: [String: Any], _ key: String) {
        if let value = number(row, key) {
            #expect((0...1).contains(value), "\(key) = \(value) out of [0, 1] in \(row)")
        } else {
            Issue.record("\(key) missing in \(row)")
        }
    }

    @Test func theFourExperimentsRunOnTheSmallModel() throws {
        let scratch = try GuideBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        try FileManager.default.createSymbolicLink(
            at: scratch.appendingPathComponent("examples"), withDestinationURL: Self.repositoryRoot.appendingPathComponent("examples"))

        let summaries = try Self.run("summarize_french.guide", Self.small + [
            "corpora=[\"austen\"]", "edges=[300, 1200]", "per_bin=1"], in: scratch)
        #expect(summaries.stdout.contains("%% P(French) by length bin and Δ"))
        let french = try Self.rows("summarize_french", in: scratch)
        #expect(french.count == 2, "one document × two Δ: \(french.count) rows")
        for row in french {
            #expect(row["french"] is Bool)
            Self.expectFraction(row, "bertscore_f1")
            if Self.number(row, "delta") == 0 {
                Self.expectFraction(row, "influence_last")
                Self.expectFraction(row, "influence_paper_last")
                Self.expectFraction(row, "rollout_last")
            }
            #expect((Self.number(row, "_seconds") ?? -1) > 0, "every row records its wall time: \(row)")
        }

        let needles = try Self.run("needle_haystack.guide", Self.small + [
            "lengths=[300]", "depths=[0, 1]", "needle_count=1"], in: scratch)
        #expect(needles.stdout.contains("%% Retrieval by depth × length, per Δ"))
        let retrieval = try Self.rows("needle_haystack", in: scratch)
        #expect(retrieval.count == 4, "one needle × one length × two depths × two Δ: \(retrieval.count) rows")
        for row in retrieval {
            #expect(row["retrieved"] is Bool)
            if let similarity = Self.number(row, "similarity") { #expect((-1...1).contains(similarity)) }
            if Self.number(row, "delta") == 0 {
                Self.expectFraction(row, "influence_last")
                let layers = (row["influence_by_layer"] as? [NSNumber])?.map(\.doubleValue) ?? []
                #expect(layers.count > 1 && layers.allSatisfy { (0...1).contains($0) }, "Influence by layer: \(layers)")
            }
        }

        let json = try Self.run("json_generation.guide", Self.small + ["lengths=[300]", "book_count=1"], in: scratch)
        #expect(json.stdout.contains("%% Format accuracy, key score and field accuracy by Δ"))
        let extraction = try Self.rows("json_generation", in: scratch)
        #expect(extraction.count == 2, "one prefix × two Δ: \(extraction.count) rows")
        for row in extraction {
            #expect(row["valid_json"] is Bool)
            Self.expectFraction(row, "key_score")
            Self.expectFraction(row, "field_accuracy")
        }

        // Reuses the three logs: no row is computed again.
        let comparison = try Self.run("influence_vs_rollout.guide", Self.small + [
            "corpora=[\"austen\"]", "edges=[300, 1200]", "per_bin=1", "lengths=[300]", "depths=[0, 1]",
            "needle_count=1", "book_count=1", "bootstrap=50"], in: scratch)
        #expect(comparison.stdout.contains("%% ROC-AUC of Influence (both definitions) and of Rollout per task"))
        for (name, rows) in [("summarize_french", 2), ("needle_haystack", 4), ("json_generation", 2)] {
            #expect(comparison.stderr.contains("\(name): \(rows) of \(rows) rows already recorded, 0 to run"),
                    "the comparison recomputed rows: \(comparison.stderr)")
        }

        // The larger model's logs stand in as copies of the small one's: the report pairs
        // rows by (document, Δ), so each model then has one row per Δ.
        for name in ["summarize_french_1.5b", "summarize_french_1.5b_long"] {
            try FileManager.default.copyItem(
                at: scratch.appendingPathComponent("results/summarize_french.jsonl"),
                to: scratch.appendingPathComponent("results/\(name).jsonl"))
        }

        // The report reads the logs and writes RESULTS.md and its charts.
        let report = scratch.appendingPathComponent("RESULTS.md")
        _ = try Self.run("paper_results.guide", [
            "model_name=smollm2-135m-instruct", "results=results", "out=\(report.path)",
            "charts=\(scratch.appendingPathComponent("charts").path)", "bootstrap=50"], in: scratch)
        let text = try String(contentsOf: report, encoding: .utf8)
        for heading in ["## What was run", "## Comparison with the paper", "## 1. Summarising in French",
                        "## 1b. The same task on a larger model",
                        "## 2. Needle in a haystack", "## 3. JSON with a schema",
                        "## 4. Does Influence predict success better than Rollout?", "## Reproducing one row"] {
            #expect(text.contains(heading), "RESULTS.md lacks \(heading)")
        }
        #expect(text.contains("| 1. Summarise in French | guide run examples/summarize_french.guide --results results/paper | 2 | 2 |"),
                "rows done and planned: \(text.prefix(1500))")
        #expect(text.contains("log_name=summarize_french_1.5b_long --results results/paper` (2 rows of 16"),
                "the longer documents' run: \(text)")
        for model in ["0.5B", "1.5B"] {
            #expect(text.contains("| \(model) | 0 | 1 |") && text.contains("| \(model) | 1 | 1 |"),
                    "one paired row per model and Δ: \(text)")
        }
        for chart in ["french", "french_bertscore", "needle", "needle_depth", "needle_influence", "json", "json_length", "french_models"] {
            let svg = scratch.appendingPathComponent("charts/\(chart).svg")
            #expect(((try? String(contentsOf: svg, encoding: .utf8)) ?? "").hasPrefix("<svg"), "\(chart).svg")
        }
    }
}
