import Foundation
import GuideLang
import Testing
@testable import Runtime

/// The builtin documentation: every builtin the CLI registers is documented, every example
/// parses, and `docs/builtins.md` is the current reference (regenerate it with
/// `scripts/builtin-docs` when this fails).
@Suite struct BuiltinReferenceTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// An interpreter with what `guide` registers: the core, the charts and the runtime.
    static func interpreter() -> Interpreter {
        Session(options: Session.Options(color: false)).interpreter
    }

    @Test func everyBuiltinIsDocumented() {
        let interpreter = Self.interpreter()
        let undocumented = interpreter.builtins.filter { interpreter.documentation[$0] == nil }
        #expect(undocumented.isEmpty, "add docs (HostBuiltinDocs.swift or CoreBuiltinDocs.swift) for: \(undocumented)")
        #expect(interpreter.builtins.count >= 70)
    }

    @Test func everyDocumentedNameIsABuiltin() {
        let interpreter = Self.interpreter()
        let stale = interpreter.documentation.keys.filter { !interpreter.builtins.contains($0) }.sorted()
        #expect(stale.isEmpty, "documentation for builtins that do not exist: \(stale)")
    }

    @Test func everyExampleParsesAndEveryParameterNoteNamesAParameter() throws {
        let interpreter = Self.interpreter()
        for (name, doc) in interpreter.documentation {
            let (_, problems) = Parser.parse(SourceFile(name: "example of \(name)", text: doc.example))
            #expect(problems.isEmpty, "the example of \(name) does not parse: \(problems.map(\.message))")
            #expect(!doc.summary.isEmpty && !doc.summary.contains("\n"), "\(name): one paragraph")
            let function = try #require(interpreter.value(of: name).flatMap { value -> Function? in
                if case .function(let f) = value { return f } else { return nil }
            })
            for parameter in doc.parameters.keys {
                #expect(function.parameterNames.contains(parameter), "\(name) has no parameter '\(parameter)' to document")
            }
        }
    }

    @Test func helpShowsSignatureDefaultsDescriptionAndExample() throws {
        let text = try #require(Self.interpreter().helpText(named: "generate"))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first?.hasPrefix("generate(model, prompt, guide:, max_tokens: 128, temperature: 0") == true, "\(text)")
        // Parameter names are padded to the longest one, then two spaces.
        func row(_ name: String, _ detail: String) -> Bool {
            lines.contains { $0.hasPrefix("  \(name) ") && $0.dropFirst(2 + name.count).trimmingCharacters(in: .whitespaces).hasPrefix(detail) }
        }
        #expect(row("max_tokens", "default 128"))
        #expect(row("model", "required"))
        #expect(row("guide", "default nil — a schedule from delta(…)"))
        #expect(text.contains("\nexample:\n  let g = generate(m, "))
        #expect(lines.allSatisfy { $0.count <= 100 }, "wrapped: \(text)")
    }

    @Test func theReferencePageIsCurrent() throws {
        let url = Self.repositoryRoot.appendingPathComponent("docs/builtins.md")
        let expected = Self.interpreter().builtinReference()
        let actual = try? String(contentsOf: url, encoding: .utf8)
        #expect(actual == expected, "docs/builtins.md is stale: run scripts/builtin-docs")
        #expect(expected.contains("### generate\n\n```\ngenerate(model, prompt, guide:, max_tokens: 128"))
        #expect(expected.contains("| `max_tokens` | `128` |"))
    }
}
