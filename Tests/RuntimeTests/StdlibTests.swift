import Foundation
import GuideLang
import Testing
@testable import Runtime

/// The stdlib (`stdlib/*.guide`): every file's inline tests pass (each line starting `# test: CODE`
/// runs after `use` of the file and must print or display its `# expect:` lines), every
/// function has a test, and `use "stdlib/…"` is found from any working directory.
@Suite struct StdlibTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let folder = repositoryRoot.appendingPathComponent("stdlib")
    static let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
        .filter { $0.hasSuffix(".guide") }.sorted()

    /// One inline test: the code of a `# test:` line and the `# expect:` lines after it (both at the start of a line).
    struct InlineTest {
        var line: Int
        var code: String
        var expected: [String]
    }

    static func inlineTests(_ text: String) -> [InlineTest] {
        var tests: [InlineTest] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.hasPrefix("# test:") {
                let code = line.dropFirst("# test:".count).drop(while: { $0 == " " })
                tests.append(InlineTest(line: number + 1, code: String(code), expected: []))
            } else if line.hasPrefix("# expect:"), !tests.isEmpty {
                var rest = String(line.dropFirst("# expect:".count))
                if rest.hasPrefix(" ") { rest.removeFirst() }
                tests[tests.count - 1].expected.append(rest)
            }
        }
        return tests
    }

    @Test func thereIsAStdlib() {
        #expect(Self.files.count >= 3, "stdlib/ at \(Self.folder.path)")
    }

    @Test(arguments: files)
    func inlineTestsPass(_ name: String) throws {
        let path = Self.folder.appendingPathComponent(name).path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let tests = Self.inlineTests(text)
        #expect(!tests.isEmpty, "\(name) has no # test: lines")
        let runner = ScriptRunner()
        runner.interpreter.loader = FileSourceLoader()
        _ = try runner.evaluate("use \(Value.quote(path))")
        for test in tests {
            let before = runner.output.lines.count
            var lines: [String]
            do {
                let value = try runner.evaluate(test.code)
                lines = Array(runner.output.lines.dropFirst(before))
                if !value.isNil { lines += value.displayText().split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
            } catch {
                lines = ["error: \(error)"]
            }
            #expect(lines == test.expected, "\(name):\(test.line): \(test.code)\ngot:\n\(lines.joined(separator: "\n"))")
        }
    }

    @Test(arguments: files)
    func everyFunctionHasATest(_ name: String) throws {
        let text = try String(contentsOf: Self.folder.appendingPathComponent(name), encoding: .utf8)
        let tested = Self.inlineTests(text).map(\.code).joined(separator: "\n")
        let functions = text.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("fn ") else { return nil }
            return String(line.dropFirst(3).prefix { $0 != "(" })
        }
        #expect(!functions.isEmpty)
        for function in functions {
            #expect(tested.contains(function + "("), "\(name): \(function) has no # test: line")
        }
    }

    @Test func useFindsTheStdlibFromAnyWorkingDirectory() throws {
        let loader = FileSourceLoader()
        let elsewhere = SourceFile(name: "/nonexistent/folder/script.guide", text: "")
        let file = try loader.load("stdlib/lists.guide", from: elsewhere)
        #expect(file.name.hasSuffix("/stdlib/lists.guide"))
        #expect(file.text.contains("fn interleave("))
    }

    @Test func guidePathFoldersAreSearchedAfterTheUsingFilesFolder() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("guide-path-\(UUID().uuidString)")
        let library = scratch.appendingPathComponent("libs/mine")
        try FileManager.default.createDirectory(at: library, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        try "fn helper() { 7 }\n".write(to: library.appendingPathComponent("helpers.guide"), atomically: true, encoding: .utf8)
        let script = SourceFile(name: "/nonexistent/script.guide", text: "")
        let loader = FileSourceLoader(environment: ["GUIDE_PATH": "/nonexistent/a:" + scratch.appendingPathComponent("libs").path])
        let file = try loader.load("mine/helpers.guide", from: script)
        #expect(file.text.contains("fn helper()"))
        #expect(throws: Diagnostic.self) { try loader.load("mine/absent.guide", from: script) }
        do {
            _ = try loader.load("mine/absent.guide", from: script)
        } catch let diagnostic as Diagnostic {
            #expect(diagnostic.message.contains("/nonexistent/a/mine/absent.guide"), "says where it looked: \(diagnostic.message)")
        }
    }
}
