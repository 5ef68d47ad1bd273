import Foundation
import Testing
@testable import JupyterKernel

/// How a script's `%%` cells and comment paragraphs become notebook cells, and that a script
/// comes back from its notebook byte for byte.
@Suite struct ScriptCellsTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Every `.guide` file of examples/, stdlib/ and the language's script tests.
    static func scriptFiles() -> [String] {
        ["examples", "stdlib", "Tests/GuideLangTests/Scripts"].flatMap { folder -> [String] in
            let url = repositoryRoot.appendingPathComponent(folder)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
            return names.filter { $0.hasSuffix(".guide") }.sorted().map { "\(folder)/\($0)" }
        }
    }

    /// Script → notebook text → script, through the same code `guide convert` runs.
    private func roundTrip(_ script: String) throws -> String {
        try NotebookConversion.script(fromNotebook: NotebookConversion.notebook(fromScript: script)).script
    }

    @Test func theExamplesAreThere() {
        let examples = Self.scriptFiles().filter { $0.hasPrefix("examples/") }
        #expect(examples.count >= 6, "found \(examples)")
        #expect(examples.contains("examples/quickstart.guide"))
    }

    @Test(arguments: scriptFiles())
    func everyScriptComesBackByteForByte(_ path: String) throws {
        let script = try String(contentsOf: Self.repositoryRoot.appendingPathComponent(path), encoding: .utf8)
        let back = try roundTrip(script)
        #expect(back == script, "\(path) changed on its way through a notebook")
    }

    @Test func quickstartReadsAsANotebook() throws {
        let script = try String(contentsOf: Self.repositoryRoot.appendingPathComponent("examples/quickstart.guide"), encoding: .utf8)
        let cells = ScriptCells.cells(of: script)
        #expect(cells.first?.kind == .markdown)
        #expect(cells.first?.source.hasPrefix("Quickstart: GUIDE makes a model follow") == true)
        #expect(cells.first?.source.contains("\n\n") == true, "a lone `#` is an empty markdown line")
        #expect(cells.dropFirst().allSatisfy { $0.kind == .code })
        #expect(cells[1].source.hasPrefix("param chapters = 2"))
        let titled = cells.filter { $0.source.hasPrefix("%% ") }.map { $0.source.split(separator: "\n")[0] }
        #expect(titled == ["%% The model and the text",
                           "%% Three runs: no mark, then the instruction marked at Δ/2 and at Δ",
                           "%% The language of each run", "%% Where the instruction's influence goes"])
        #expect(cells.last?.source.contains("\n# Influence starts at 1") == true,
                "a comment right under a %% line is part of the code")
        #expect(cells.allSatisfy { $0.scriptTrailer == nil }, "cells one blank line apart need no metadata")
    }

    @Test func markdownIsACommentParagraphStandingApart() {
        let cells = ScriptCells.cells(of: """
            # Title
            #
            # Some *prose*.

            let a = 1
            # attached to the next line
            let b = 2

            # a paragraph of its own

            %% Next
            # under the title: code
            a + b

            """)
        #expect(cells == [
            NotebookCell(.markdown, "Title\n\nSome *prose*."),
            NotebookCell(.code, "let a = 1\n# attached to the next line\nlet b = 2"),
            NotebookCell(.markdown, "a paragraph of its own"),
            NotebookCell(.code, "%% Next\n# under the title: code\na + b"),
        ])
    }

    @Test func commentsInsideBlocksAndStringsStayCode() {
        let script = """
            fn f() {
                let x = 1

            # not at the top level

                return x
            }

            let s = \"\"\"
            %% not a cell

            # not a comment

            \"\"\"
            s

            """
        let cells = ScriptCells.cells(of: script)
        #expect(cells.count == 1)
        #expect(cells.first?.kind == .code)
        #expect(ScriptCells.script(of: cells) == script)
    }

    @Test func unusualSpacingIsKeptInTheCellMetadata() throws {
        let scripts = [
            "%% A\n1\n%% B\n2\n",             // no blank line between cells
            "%% A\n1\n\n\n\n%% B\n2",          // three blank lines, no final line break
            "# md\n%% B\n2\n\n",               // markdown right before a %% line; two line breaks at the end
            "%% A\r\n1\r\n\r\n%% B\r\n2\r\n",  // CRLF
            "\n\n# md\n\nx\n",                 // blank lines before everything
            "%%\n%%\n%%\n",                    // bare markers only
            "#\n# \n\nx\n",                    // `# ` alone is not markdown (it would come back as `#`)
            "  %% indented title\n  x\n",
            "x",
        ]
        for script in scripts {
            #expect(try roundTrip(script) == script, "\(script.debugDescription)")
        }
        let cells = ScriptCells.cells(of: "%% A\n1\n%% B\n2\n")
        #expect(cells.map(\.scriptTrailer) == ["\n", nil])
    }

    @Test func notebookCellsComeBackFromTheirScript() {
        let cells = [
            NotebookCell(.markdown, "# A heading\n\nText with `code`."),
            NotebookCell(.code, "let x = 1"),
            NotebookCell(.code, "x + 1"),                         // untitled after code: written behind a bare %%
            NotebookCell(.markdown, ""),
            NotebookCell(.markdown, "two\nmarkdown cells"),
            NotebookCell(.code, "%% Titled\nshow x"),
            NotebookCell(.code, "# only a comment"),
            NotebookCell(.markdown, "last"),
        ]
        let script = ScriptCells.script(of: cells)
        #expect(ScriptCells.cells(of: script) == cells, "script:\n\(script)")
    }

    @Test func codeThatWouldReadAsMarkdownIsFencedByABareMarker() {
        let cells = [NotebookCell(.markdown, "intro"), NotebookCell(.code, "# a comment\n\nlet x = 1")]
        let script = ScriptCells.script(of: cells)
        #expect(script == "# intro\n\n%%\n# a comment\n\nlet x = 1\n")
        #expect(ScriptCells.cells(of: script).map(\.kind) == [.markdown, .code])
    }

    @Test func aBareMarkerStartingCodeAfterCodeIsDropped() {
        let cells = [NotebookCell(.code, "1"), NotebookCell(.code, "%%\n2")]
        #expect(ScriptCells.script(of: cells) == "1\n\n%%\n2\n")
        #expect(ScriptCells.cells(of: ScriptCells.script(of: cells)) == [NotebookCell(.code, "1"), NotebookCell(.code, "2")])
    }

    @Test func anEmptyScriptHasNoCells() {
        #expect(ScriptCells.cells(of: "").isEmpty)
        #expect(ScriptCells.script(of: []) == "")
    }
}
