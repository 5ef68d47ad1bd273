import Foundation
import Testing
@testable import GuideLang

/// Golden scripts: every `.guide` file under `Scripts/` runs and its output must equal its
/// `# expect: …` lines; every file under `Scripts/broken/` must fail with exactly the
/// diagnostics of its `# expect error L:C: message` lines.
struct ScriptTests {
    static let scriptsURL = Bundle.module.resourceURL!.appendingPathComponent("Scripts")

    static func files(in folder: URL) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".guide") }.sorted()
    }

    static let goldenFiles = files(in: scriptsURL)
    static let brokenFiles = files(in: scriptsURL.appendingPathComponent("broken"))

    /// Lines after `marker` in comments, in file order.
    static func expectations(_ text: String, _ marker: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).compactMap { line -> String? in
            guard let range = line.range(of: marker) else { return nil }
            var rest = String(line[range.upperBound...])
            if rest.hasPrefix(" ") { rest.removeFirst() }
            return rest
        }
    }

    @Test func thereAreScripts() {
        #expect(Self.goldenFiles.count >= 10)
        #expect(Self.brokenFiles.count >= 5)
    }

    @Test(arguments: goldenFiles)
    func golden(_ name: String) throws {
        let url = Self.scriptsURL.appendingPathComponent(name)
        let text = try String(contentsOf: url, encoding: .utf8)
        let interpreter = Interpreter(options: InterpreterOptions(stepLimit: 10_000_000))
        let output = RecordingOutput()
        interpreter.output = output
        interpreter.loader = DirectoryLoader(root: Self.scriptsURL)
        do {
            let program = try interpreter.load(SourceFile(name: name, text: text))
            try interpreter.run(program)
        } catch let error as DiagnosticList {
            Issue.record("\(name): \(error)")
        } catch let error as Diagnostic {
            Issue.record("\(name): \(DiagnosticRenderer().render(error))")
        }
        let expected = Self.expectations(text, "# expect:")
        #expect(!expected.isEmpty, "\(name) has no # expect: lines")
        let actual = output.lines
        #expect(actual == expected, "\(name) output differs:\n\(actual.joined(separator: "\n"))")
    }

    @Test(arguments: brokenFiles)
    func broken(_ name: String) throws {
        let url = Self.scriptsURL.appendingPathComponent("broken").appendingPathComponent(name)
        let text = try String(contentsOf: url, encoding: .utf8)
        let interpreter = Interpreter(options: InterpreterOptions(stepLimit: 1_000_000))
        interpreter.output = RecordingOutput()
        // Relative to the broken script's folder, as `guide run` resolves them.
        interpreter.loader = DirectoryLoader(root: Self.scriptsURL.appendingPathComponent("broken"))
        var diagnostics: [Diagnostic] = []
        do {
            let program = try interpreter.load(SourceFile(name: name, text: text))
            try interpreter.run(program)
        } catch let error as DiagnosticList {
            diagnostics = error.diagnostics
        } catch let error as Diagnostic {
            diagnostics = [error]
        }
        let expected = Self.expectations(text, "# expect error")
        #expect(!expected.isEmpty, "\(name) has no # expect error lines")
        let actual = diagnostics.map { "\($0.location.map { "\($0)" } ?? "-"): \($0.message)" }
        #expect(actual == expected, "\(name) diagnostics differ:\n\(actual.joined(separator: "\n"))")
        for diagnostic in diagnostics {
            let rendered = DiagnosticRenderer().render(diagnostic)
            #expect(rendered.contains("\(name):"), "rendered diagnostic names the file")
            #expect(rendered.contains("^"), "rendered diagnostic has a caret")
        }
    }
}

/// Loads `use`d files relative to a folder.
final class DirectoryLoader: SourceLoader {
    let root: URL
    init(root: URL) { self.root = root }
    func load(_ path: String, from including: SourceFile) throws -> SourceFile {
        let url = root.appendingPathComponent(path)
        return SourceFile(name: path, text: try String(contentsOf: url, encoding: .utf8))
    }
}
