import Foundation
import TestSupport
import Testing

/// `guide check`: silent on a good script, located diagnostics and status 1 on a broken one.
@Suite struct CheckCommandTests {
    private func check(_ text: String, name: String = "script.guide") throws -> GuideRun {
        let directory = try GuideBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        return try GuideBinary.run(["check", name], in: directory)
    }

    @Test func aGoodScriptIsSilentAndRunsNothing() throws {
        let result = try check("""
            %% Setup
            param n = 3
            fn square(x) { return x * x }
            print("ran")
            %% Use
            range(n) |> map(square)
            """)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.isEmpty)
    }

    @Test func aSyntaxErrorIsReportedWithItsLineAndACaret() throws {
        let result = try check("let ok = 1\nlet broken = (1 + \nlet fine = 2\n", name: "broken.guide")
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("broken.guide:2:"), "stderr: \(result.stderr)")
        #expect(result.stderr.contains("^"))
    }

    @Test func anUndefinedNameIsReported() throws {
        let result = try check("let a = 1\nprint(a + undefined_thing)\n", name: "names.guide")
        #expect(result.status == 1)
        #expect(result.stderr.contains("names.guide:2:11"), "stderr: \(result.stderr)")
        #expect(result.stderr.contains("undefined_thing"))
    }

    @Test func severalErrorsAreReportedTogether() throws {
        let result = try check("print(first_missing)\nprint(second_missing)\n")
        #expect(result.status == 1)
        #expect(result.stderr.contains("first_missing"))
        #expect(result.stderr.contains("second_missing"))
    }

    @Test func aParamThatHidesABuiltinIsReported() throws {
        let result = try check("param delta = 1\nlet g = delta(delta)\n", name: "params.guide")
        #expect(result.status == 1)
        #expect(result.stderr.contains("params.guide:1:7"), "stderr: \(result.stderr)")
        #expect(result.stderr.contains("would hide the builtin 'delta'"), "stderr: \(result.stderr)")
        #expect(result.stderr.contains("did you mean 'delta_value'?"), "stderr: \(result.stderr)")
        #expect(result.stderr.contains("^"))
    }

    @Test func useAsWorksAndAPlainUseCollisionIsRefused() throws {
        let directory = try GuideBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try "fn helper(x) { x * 2 }\n".write(to: directory.appendingPathComponent("lib.guide"), atomically: true, encoding: .utf8)
        try "let helper = 1\nuse \"lib.guide\" as lib\nprint(lib.helper(helper))\n"
            .write(to: directory.appendingPathComponent("good.guide"), atomically: true, encoding: .utf8)
        try "let helper = 1\nuse \"lib.guide\"\nprint(helper)\n"
            .write(to: directory.appendingPathComponent("clash.guide"), atomically: true, encoding: .utf8)
        let good = try GuideBinary.run(["check", "good.guide"], in: directory)
        #expect(good.status == 0, "stderr: \(good.stderr)")
        let ran = try GuideBinary.run(["run", "good.guide"], in: directory)
        #expect(ran.status == 0, "stderr: \(ran.stderr)")
        #expect(ran.stdout == "2\n")
        let clash = try GuideBinary.run(["check", "clash.guide"], in: directory)
        #expect(clash.status == 1)
        #expect(clash.stderr.contains("clash.guide:1:5"), "stderr: \(clash.stderr)")
        #expect(clash.stderr.contains("'helper' is also defined by"), "stderr: \(clash.stderr)")
    }

    @Test func aMissingFileIsAnError() throws {
        let result = try GuideBinary.run(["check", "/nonexistent/y.guide"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("/nonexistent/y.guide"))
    }
}
