import Foundation
import TestSupport
import Testing

/// `use "stdlib/…"` from a script and from the REPL, run in a folder that has no stdlib:
/// the library is found beside the binary or in the package's source tree.
@Suite struct StdlibUseTests {
    @Test func aScriptElsewhereUsesTheStdlib() throws {
        let folder = try GuideBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = """
            use "stdlib/prompts.guide" as prompts
            use "stdlib/lists.guide"
            print(prompts.marked("Summarize:", level: 2))
            print(interleave([[1, 2], [3]]))
            """
        try script.write(to: folder.appendingPathComponent("uses.guide"), atomically: true, encoding: .utf8)
        let run = try GuideBinary.run(["run", "uses.guide"], in: folder)
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stdout == "<!!-> Summarize: <-!!>\n[1, 3, 2]\n")
    }

    @Test func theREPLUsesTheStdlibAndAMissingFileSaysWhereItLooked() throws {
        let folder = try GuideBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = "use \"stdlib/metrics.guide\" as metrics\nmetrics.mean_last([1, 2, 3, 5], 2)\nuse \"stdlib/absent.guide\"\n"
        let run = try GuideBinary.run([], input: input, in: folder, environment: ["GUIDE_PATH": "/nonexistent/libs"])
        #expect(run.status == 0)
        #expect(run.stdout == "4\n", "stderr: \(run.stderr)")
        #expect(run.stderr.contains("cannot use 'stdlib/absent.guide'"))
        #expect(run.stderr.contains("/nonexistent/libs/stdlib/absent.guide"), "lists GUIDE_PATH: \(run.stderr)")
    }
}
