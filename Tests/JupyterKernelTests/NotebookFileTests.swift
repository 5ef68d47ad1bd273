import Foundation
import Runtime
import TestSupport
import Testing
@testable import JupyterKernel

/// `.ipynb` files: what `guide convert` writes, what it reads, what it refuses and where, and
/// that no byte sequence makes the reader crash.
@Suite struct NotebookFileTests {
    static let repositoryRoot = ScriptCellsTests.repositoryRoot

    /// nbformat 4.5 as Jupyter lays it out (`json.dumps(indent=1, sort_keys=True)`).
    static let smallNotebook = """
        {
         "cells": [
          {
           "cell_type": "markdown",
           "id": "cell-1",
           "metadata": {},
           "source": [
            "Notes: \\"Δ\\"\\tand\\n",
            "more"
           ]
          },
          {
           "cell_type": "code",
           "execution_count": null,
           "id": "cell-2",
           "metadata": {
            "guide": {
             "script_trailer": "\\n"
            }
           },
           "outputs": [],
           "source": [
            "%% A\\n",
            "1"
           ]
          },
          {
           "cell_type": "code",
           "execution_count": null,
           "id": "cell-3",
           "metadata": {},
           "outputs": [],
           "source": []
          }
         ],
         "metadata": {
          "kernelspec": {
           "display_name": "GuideLang",
           "language": "guide",
           "name": "guide"
          },
          "language_info": {
           "file_extension": ".guide",
           "mimetype": "text/x-guide",
           "name": "guide"
          }
         },
         "nbformat": 4,
         "nbformat_minor": 5
        }

        """

    @Test func writesNbformatAsJupyterLaysItOut() throws {
        let notebook = Notebook(cells: [
            NotebookCell(.markdown, "Notes: \"Δ\"\tand\nmore"),
            NotebookCell(.code, "%% A\n1", scriptTrailer: "\n"),
            NotebookCell(.code, ""),
        ])
        #expect(notebook.json == Self.smallNotebook)
        #expect(try Notebook.read(Self.smallNotebook).notebook == notebook)
    }

    @Test func quickstartNotebookIsTheConversionOfQuickstartScript() throws {
        let script = try String(contentsOf: Self.repositoryRoot.appendingPathComponent("examples/quickstart.guide"), encoding: .utf8)
        let committed = try String(contentsOf: Self.repositoryRoot.appendingPathComponent("examples/quickstart.ipynb"), encoding: .utf8)
        #expect(committed == NotebookConversion.notebook(fromScript: script),
                "examples/quickstart.ipynb is stale: run `guide convert examples/quickstart.guide --force`")
    }

    @Test func readsWhatJupyterWrites() throws {
        // Outputs, ids, execution counts and foreign metadata go; a string source is fine.
        let text = """
            {"nbformat": 4, "nbformat_minor": 4, "metadata": {"kernelspec": {"name": "guide", "language": "guide"}},
             "cells": [
              {"cell_type": "code", "execution_count": 3, "metadata": {"collapsed": true}, "source": "1 + 1",
               "outputs": [{"output_type": "execute_result", "data": {"text/plain": "2"}, "metadata": {}, "execution_count": 3}]},
              {"cell_type": "raw", "metadata": {}, "source": ["raw text"]},
              {"cell_type": "markdown", "metadata": {}, "source": ["a ", "line"], "attachments": {"x.png": {"image/png": "AA=="}}}
             ]}
            """
        let (notebook, warnings) = try Notebook.read(text)
        #expect(notebook.cells == [NotebookCell(.code, "1 + 1"), NotebookCell(.markdown, "a line")])
        #expect(warnings == ["cells[1] is a raw cell; a script has no place for it, so it is left out",
                             "cells[2]'s attachments are left out (a script holds text only)"])
        #expect(ScriptCells.script(of: notebook.cells) == "1 + 1\n\n# a line\n")
    }

    @Test(arguments: [
        ("{\"cells\": [,]}", "1:12: invalid JSON: expected a value"),
        ("{\n \"nbformat\": 4,\n \"cells\": [\n", "4:1: invalid JSON: expected a value, found the end"),
        ("{\n  \"nbformat\": 4\n  \"cells\": []}", "3:3: invalid JSON: expected `,` or `}`"),
        ("", "1:1: invalid JSON: expected a value, found the end"),
        ("[1, 2]", "the top level: not a notebook: expected an object, found a list"),
        ("{\"cells\": []}", "the top level: not a notebook: no `nbformat` field"),
        ("{\"nbformat\": 3, \"worksheets\": []}", "nbformat: nbformat 3 is not supported (only nbformat 4)"),
        ("{\"nbformat\": 4}", "cells: not a notebook: expected a list of cells, found nothing"),
        ("{\"nbformat\": 4, \"metadata\": {\"kernelspec\": {\"name\": \"python3\", \"language\": \"python\"}}, \"cells\": []}",
         "metadata.kernelspec.language: the notebook is for \"python\", not GuideLang (\"guide\")"),
        ("{\"nbformat\": 4, \"metadata\": {\"language_info\": {\"name\": \"R\"}}, \"cells\": []}",
         "metadata.language_info.name: the notebook is for \"R\", not GuideLang (\"guide\")"),
        ("{\"nbformat\": 4, \"cells\": [7]}", "cells[0]: expected a cell object, found a number"),
        ("{\"nbformat\": 4, \"cells\": [{\"cell_type\": \"heading\", \"source\": \"\"}]}",
         "cells[0].cell_type: expected \"code\", \"markdown\" or \"raw\", found \"heading\""),
        ("{\"nbformat\": 4, \"cells\": [{\"cell_type\": \"code\"}]}", "cells[0].source: expected a string or a list of strings, found nothing"),
        ("{\"nbformat\": 4, \"cells\": [{\"cell_type\": \"code\", \"source\": [\"a\", 1]}]}", "cells[0].source[1]: expected a string, found a number"),
    ])
    func refusesWhatIsNotAGuideNotebookSayingWhere(_ text: String, _ message: String) {
        #expect(throws: Error.self) { try Notebook.read(text) }
        do {
            _ = try Notebook.read(text)
        } catch {
            #expect("\(error)" == message)
        }
    }

    @Test func lineAndColumnCountCharactersNotBytes() {
        let start = Notebook.lineAndColumn(ofByte: 0, in: "x")
        #expect(start.line == 1 && start.column == 1)
        let x = Notebook.lineAndColumn(ofByte: 9, in: "{\n\"Δé\" x")  // Δ and é take two bytes each
        #expect(x.line == 2 && x.column == 6)
    }

    /// Reading either succeeds or throws a `NotebookError`; a success converts to a script
    /// that converts back to the same cells (apart from the two cases `ScriptCells` names).
    private func readsWithoutCrashing(_ text: String) -> Bool {
        do {
            let cells = try Notebook.read(text).notebook.cells
            _ = ScriptCells.cells(of: ScriptCells.script(of: cells))
            return true
        } catch is NotebookError {
            return false
        } catch {
            Issue.record("unexpected error \(error) for \(text.debugDescription)")
            return false
        }
    }

    @Test func truncatedNotebooksNeverCrash() throws {
        let script = try String(contentsOf: Self.repositoryRoot.appendingPathComponent("examples/quickstart.guide"), encoding: .utf8)
        let bytes = Array(NotebookConversion.notebook(fromScript: script).utf8)
        var accepted = 0
        for length in 0..<bytes.count where readsWithoutCrashing(String(decoding: bytes[..<length], as: UTF8.self)) {
            accepted += 1
        }
        // Only the whole text (and the whole text less its final line break) is a notebook.
        #expect(accepted == 1)
        #expect(readsWithoutCrashing(String(decoding: bytes, as: UTF8.self)))
    }

    @Test func garbledNotebooksNeverCrash() {
        var random = SplitMix64(seed: 0x5EED)
        let base = Array(Self.smallNotebook.utf8)
        let alphabet = Array("{}[]\",:\\ntrue0-9e.#%\u{0}\u{7F}".utf8) + [0xC3, 0xA9, 0xFF, 0x80]
        var accepted = 0
        for _ in 0..<3000 {
            var bytes = base
            for _ in 0...random.below(4) {
                let at = random.below(bytes.count)
                switch random.below(3) {
                case 0: bytes[at] = alphabet[random.below(alphabet.count)]
                case 1: bytes.remove(at: at)
                default: bytes.insert(alphabet[random.below(alphabet.count)], at: at)
                }
            }
            if readsWithoutCrashing(String(decoding: bytes, as: UTF8.self)) { accepted += 1 }
        }
        // Edits inside strings keep a notebook valid, edits of its punctuation do not: both happen.
        #expect(accepted > 0 && accepted < 3000, "accepted \(accepted) of 3000")
        for _ in 0..<500 {
            let noise = (0..<random.below(200)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            #expect(!readsWithoutCrashing(String(decoding: noise, as: UTF8.self)))
        }
    }
}
