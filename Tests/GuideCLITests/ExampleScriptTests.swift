import Foundation
import TestSupport
import Testing

/// Every script in `examples/` runs to the end, on the small test model with small
/// parameters so the suite stays quick.
@Suite struct ExampleScriptTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func quickstartRunsAndWritesItsReport() throws {
        let scratch = try GuideBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let report = scratch.appendingPathComponent("quickstart.html").path
        let run = try GuideBinary.run(
            ["run", "examples/quickstart.guide", "chapters=1", "max_tokens=6", "--report", report],
            in: Self.repositoryRoot, environment: ["GUIDE_MODEL": "smollm2-135m-instruct"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        for title in ["The model and the text", "Three runs", "The language of each run",
                      "Where the instruction's influence goes"] {
            #expect(run.stdout.contains("%% \(title)"), "missing cell \(title)")
        }
        let table = run.stdout.split(separator: "\n").filter { $0.hasPrefix("    0  ") || $0.hasPrefix("    1  ") || $0.hasPrefix("    2  ") }
        #expect(table.count == 3, "one row per Δ: \(run.stdout)")
        let html = try String(contentsOfFile: report, encoding: .utf8)
        #expect(html.contains("<table>") && html.contains("<svg xmlns=") && html.contains("Influence of the instruction"))
    }
}
