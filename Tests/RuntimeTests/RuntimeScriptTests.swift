import Foundation
import GuideLang
import Testing
@testable import Runtime

/// Golden scripts of the runtime's builtins (`Fixtures/scripts/*.guide`): each runs with the
/// runtime and chart builtins installed and its output must equal its `# expect:` lines.
@Suite struct RuntimeScriptTests {
    static let folder = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/scripts")
    static let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
        .filter { $0.hasSuffix(".guide") }.sorted()

    @Test func thereAreScripts() {
        #expect(!Self.files.isEmpty, "no golden scripts under \(Self.folder.path)")
    }

    @Test(arguments: files)
    func golden(_ name: String) throws {
        let text = try String(contentsOf: Self.folder.appendingPathComponent(name), encoding: .utf8)
        let runner = ScriptRunner()
        ChartBuiltins.install(into: runner.interpreter)
        let actual = try runner.run(text)
        let expected = ScriptTests.expectations(text)
        #expect(!expected.isEmpty, "\(name) has no # expect: lines")
        #expect(actual == expected, "\(name) output differs:\n\(actual.joined(separator: "\n"))")
    }
}

/// The `# expect:` lines of a golden script, in file order.
private enum ScriptTests {
    static func expectations(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).compactMap { line -> String? in
            guard let range = line.range(of: "# expect:") else { return nil }
            var rest = String(line[range.upperBound...])
            if rest.hasPrefix(" ") { rest.removeFirst() }
            return rest
        }
    }
}
