import Foundation
import TestSupport
import Testing

/// The language's golden scripts (`Tests/GuideLangTests/Scripts`), end to end through the
/// built binary: `guide run` must print each cell's title and the `# expect:` lines, and
/// the broken ones must fail with their `# expect error L:C: message` diagnostics.
@Suite struct RunScriptTests {
    static let scripts = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("GuideLangTests/Scripts")

    static func files(in folder: URL) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".guide") }.sorted()
    }

    /// Scripts whose expectations describe the bare language: `experiments.guide` expects
    /// experiments run without a host, while `guide run` hands them to the runtime, which
    /// journals them (RuntimeTests cover that).
    static let bareLanguageOnly: Set = ["experiments.guide"]
    static let goldenFiles = files(in: scripts).filter { !bareLanguageOnly.contains($0) }
    static let brokenFiles = files(in: scripts.appendingPathComponent("broken"))

    /// What `guide run` prints for a script: a `%% title` line for each titled cell (after a
    /// blank line unless it is the first thing printed) and the script's `# expect:` lines.
    static func expectedOutput(_ text: String) -> String {
        var lines: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("%%") {
                let title = line.dropFirst(2).trimmingCharacters(in: .whitespaces)
                if title.isEmpty { continue }
                if !lines.isEmpty { lines.append("") }
                lines.append("%% " + title)
            } else if let marker = line.range(of: "# expect:") {
                var rest = String(line[marker.upperBound...])
                if rest.hasPrefix(" ") { rest.removeFirst() }
                lines.append(rest)
            }
        }
        return lines.map { $0 + "\n" }.joined()
    }

    @Test func theScriptsAreThere() {
        #expect(Self.goldenFiles.count >= 5, "no golden scripts under \(Self.scripts.path)")
        #expect(Self.brokenFiles.count >= 5)
    }

    @Test(arguments: goldenFiles)
    func goldenScriptRunsAndChecks(_ name: String) throws {
        let text = try String(contentsOf: Self.scripts.appendingPathComponent(name), encoding: .utf8)
        let folder = try Self.copyOfScripts()
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let run = try GuideBinary.run(["run", name], in: folder)
        #expect(run.status == 0, "\(name): \(run.stderr)")
        #expect(run.stdout == Self.expectedOutput(text))
        let check = try GuideBinary.run(["check", name], in: folder)
        #expect(check.status == 0 && check.stdout.isEmpty && check.stderr.isEmpty, "\(name): \(check.stderr)")
    }

    @Test(arguments: brokenFiles)
    func brokenScriptFailsWithItsDiagnostics(_ name: String) throws {
        let copy = try Self.copyOfScripts()
        defer { try? FileManager.default.removeItem(at: copy.deletingLastPathComponent()) }
        let folder = copy.appendingPathComponent("broken")
        let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        let expected = text.split(separator: "\n").compactMap { line -> String? in
            guard let marker = line.range(of: "# expect error ") else { return nil }
            let rest = line[marker.upperBound...]
            // `L:C: message` names the file; `-: message` has no location.
            return rest.hasPrefix("-: ") ? "error: " + rest.dropFirst(3) : "\(name):" + rest.replacingOccurrences(
                of: ": ", with: ": error: ", options: [], range: rest.range(of: ": "))
        }
        #expect(!expected.isEmpty)
        let run = try GuideBinary.run(["run", name], in: folder)
        #expect(run.status == 1)
        for line in expected {
            #expect(run.stderr.contains(line), "\(name): expected \(line.debugDescription) in:\n\(run.stderr)")
        }
        // `guide check` finds the same problems, unless they only show when the script runs.
        let check = try GuideBinary.run(["check", name], in: folder)
        if check.status == 0 {
            #expect(check.stderr.isEmpty)
        } else {
            #expect(check.status == 1)
            for line in expected {
                #expect(check.stderr.contains(line), "\(name): check did not report \(line.debugDescription)")
            }
        }
    }

    /// A scratch copy of the scripts folder (inside a fresh directory, which the caller removes),
    /// so runs write nothing (experiment logs) into the sources.
    static func copyOfScripts() throws -> URL {
        let copy = try GuideBinary.temporaryDirectory().appendingPathComponent("Scripts")
        try FileManager.default.copyItem(at: scripts, to: copy)
        return copy
    }
}
