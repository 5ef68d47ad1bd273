import Foundation
import TestSupport
import Testing

/// `guide convert`: writes beside the input with the other extension or where `-o` says,
/// never replaces a file without `--force`, and refuses bad input with its location and a
/// failing status.
@Suite struct ConvertCommandTests {
    private let script = "# About\n\nlet x = 1\n\n%% Twice\nx * 2\n"

    private func folder(with files: [String: String]) throws -> URL {
        let directory = try GuideBinary.temporaryDirectory()
        for (name, text) in files {
            try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return directory
    }

    private func read(_ directory: URL, _ name: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
    }

    @Test func aScriptBecomesANotebookBesideItAndComesBack() throws {
        let directory = try folder(with: ["exp.guide": script])
        defer { try? FileManager.default.removeItem(at: directory) }
        let toNotebook = try GuideBinary.run(["convert", "exp.guide"], in: directory)
        #expect(toNotebook.status == 0, "stderr: \(toNotebook.stderr)")
        #expect(toNotebook.stdout == "wrote exp.ipynb\n")
        let notebook = try read(directory, "exp.ipynb")
        #expect(notebook.contains("\"cell_type\": \"markdown\""))
        #expect(notebook.contains("\"%% Twice\\n\""))
        #expect(!notebook.contains("\"script_trailer\""))

        let back = try GuideBinary.run(["convert", "exp.ipynb", "-o", "again.guide"], in: directory)
        #expect(back.status == 0, "stderr: \(back.stderr)")
        #expect(try read(directory, "again.guide") == script)
    }

    @Test func anExistingOutputIsReplacedOnlyWithForce() throws {
        let directory = try folder(with: ["exp.guide": script, "exp.ipynb": "keep me"])
        defer { try? FileManager.default.removeItem(at: directory) }
        let refused = try GuideBinary.run(["convert", "exp.guide"], in: directory)
        #expect(refused.status != 0)
        #expect(refused.stderr == "guide convert: exp.ipynb exists; add --force to replace it\n")
        #expect(try read(directory, "exp.ipynb") == "keep me")

        let forced = try GuideBinary.run(["convert", "exp.guide", "--force"], in: directory)
        #expect(forced.status == 0, "stderr: \(forced.stderr)")
        #expect(try read(directory, "exp.ipynb").hasPrefix("{\n \"cells\": ["))
    }

    @Test(arguments: [
        ("bad.ipynb", "{\n \"cells\": [\n  {\"cell_type\": \"code\",, }\n ]\n}\n",
         "guide convert: bad.ipynb:3:24: invalid JSON: expected a key string\n"),
        ("py.ipynb", "{\"nbformat\": 4, \"nbformat_minor\": 5, \"cells\": [], \"metadata\": {\"kernelspec\": {\"language\": \"python\", \"name\": \"python3\"}}}",
         "guide convert: py.ipynb: metadata.kernelspec.language: the notebook is for \"python\", not GuideLang (\"guide\")\n"),
        ("list.ipynb", "[]", "guide convert: list.ipynb: the top level: not a notebook: expected an object, found a list\n"),
        ("notes.txt", "x", "guide convert: notes.txt: cannot tell which way to convert: expected a .ipynb or .guide file\n"),
    ])
    func badInputFailsWithItsLocation(_ name: String, _ text: String, _ message: String) throws {
        let directory = try folder(with: [name: text])
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try GuideBinary.run(["convert", name], in: directory)
        #expect(result.status == 1)
        #expect(result.stderr == message)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == [name], "nothing written")
    }

    @Test func aMissingInputIsAnError() throws {
        let directory = try folder(with: [:])
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try GuideBinary.run(["convert", "absent.guide"], in: directory)
        #expect(result.status == 1)
        #expect(result.stderr == "guide convert: absent.guide: cannot read the file\n")
    }
}
