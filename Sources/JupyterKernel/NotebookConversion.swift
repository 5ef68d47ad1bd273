import Foundation

/// `guide convert`: a `.ipynb` notebook to a `.guide` script or a script to a notebook,
/// the direction told by the input's extension (see `ScriptCells` for how cells map).
public enum NotebookConversion {
    /// What a conversion wrote.
    public struct Outcome: Equatable {
        /// The file written.
        public var outputPath: String
        /// Things left out (raw cells, attachments), one sentence each.
        public var warnings: [String]
    }

    /// The notebook for `script` (no outputs).
    public static func notebook(fromScript script: String) -> String {
        Notebook(cells: ScriptCells.cells(of: script)).json
    }

    /// The script for `.ipynb` text, and what was left out; throws `NotebookError`.
    public static func script(fromNotebook text: String) throws -> (script: String, warnings: [String]) {
        let (notebook, warnings) = try Notebook.read(text)
        return (ScriptCells.script(of: notebook.cells), warnings)
    }

    /// The output a conversion writes by default: the input's path with the other extension.
    public static func defaultOutputPath(for input: String) throws -> String {
        let extensionLength = URL(fileURLWithPath: input).pathExtension.count
        return String(input.dropLast(extensionLength)) + (try convertsToScript(input) ? "guide" : "ipynb")
    }

    /// True for a notebook (`.ipynb`), false for a script (`.guide`); throws for anything else.
    static func convertsToScript(_ input: String) throws -> Bool {
        switch URL(fileURLWithPath: input).pathExtension.lowercased() {
        case "ipynb": return true
        case "guide": return false
        default: throw ConversionError(message: "\(input): cannot tell which way to convert: expected a .ipynb or .guide file")
        }
    }

    /// Converts the file at `input` and writes the result to `output` (default: beside the
    /// input with the other extension). An existing output is replaced only with `force`.
    /// Throws `ConversionError` naming the file (and the place in it) at fault.
    @discardableResult
    public static func convert(input: String, output: String? = nil, force: Bool = false) throws -> Outcome {
        let toScript = try convertsToScript(input)
        let outputPath = try output ?? defaultOutputPath(for: input)
        guard let data = FileManager.default.contents(atPath: input) else {
            throw ConversionError(message: "\(input): cannot read the file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConversionError(message: "\(input): not UTF-8 text")
        }
        if FileManager.default.fileExists(atPath: outputPath), !force {
            throw ConversionError(message: "\(outputPath) exists; add --force to replace it")
        }
        let converted: String
        var warnings: [String] = []
        if toScript {
            do {
                (converted, warnings) = try script(fromNotebook: text)
            } catch let error as NotebookError {
                throw ConversionError(message: error.line == nil ? "\(input): \(error)" : "\(input):\(error)")
            }
        } else {
            converted = notebook(fromScript: text)
        }
        do {
            try Data(converted.utf8).write(to: URL(fileURLWithPath: outputPath), options: .atomic)
        } catch {
            throw ConversionError(message: "\(outputPath): cannot write: \(error.localizedDescription)")
        }
        return Outcome(outputPath: outputPath, warnings: warnings)
    }
}

/// Why `guide convert` wrote nothing; the message starts with the file (and place) at fault.
public struct ConversionError: Error, CustomStringConvertible, Equatable {
    /// `FILE[:LINE:COLUMN]: what is wrong`.
    public var message: String
    public var description: String { message }
}
