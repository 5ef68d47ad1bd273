import Runtime

/// A Jupyter notebook (nbformat 4, a `.ipynb` file) reduced to what a script holds: the
/// kinds and sources of its cells.
///
/// The file is one JSON object: `nbformat` (4) and `nbformat_minor`, `metadata` (the
/// `kernelspec` that runs it and the `language_info` of its language) and `cells`, each
/// with a `cell_type` (`code`, `markdown` or `raw`), an `id` (since 4.5), `metadata`, a
/// `source` (a string, or a list of strings to concatenate) and, for code, `outputs` and
/// `execution_count`. Reading drops outputs, ids and raw cells; writing produces nbformat
/// 4.5 with the GuideLang kernelspec, no outputs, and cell ids `cell-1`, `cell-2`, ….
public struct Notebook: Equatable {
    /// The cells, in order.
    public var cells: [NotebookCell]

    /// Creates a notebook from its cells.
    public init(cells: [NotebookCell]) {
        self.cells = cells
    }

    /// The metadata key under which a cell keeps its `scriptTrailer`.
    static let guideMetadataKey = "guide"
    static let scriptTrailerKey = "script_trailer"

    // MARK: Writing

    /// The notebook as `.ipynb` text (nbformat 4.5, laid out as Jupyter writes it).
    public var json: String {
        let cellValues = cells.enumerated().map { index, cell -> DataValue in
            var metadata = DataRecord()
            if let trailer = cell.scriptTrailer {
                metadata[Self.guideMetadataKey] = .record(DataRecord([(Self.scriptTrailerKey, .string(trailer))]))
            }
            var record = DataRecord([
                ("cell_type", .string(cell.kind.rawValue)),
                ("id", .string("cell-\(index + 1)")),
                ("metadata", .record(metadata)),
                ("source", .list(Self.sourceLines(cell.source).map(DataValue.string))),
            ])
            if cell.kind == .code {
                record["execution_count"] = .null
                record["outputs"] = .list([])
            }
            return .record(record)
        }
        return NotebookJSON.format(.record(DataRecord([
            ("cells", .list(cellValues)),
            ("metadata", .record(DataRecord([
                ("kernelspec", .record(DataRecord([
                    ("display_name", .string(KernelSpec.defaultDisplayName)),
                    ("language", .string(KernelSpec.language)),
                    ("name", .string(KernelSpec.name)),
                ]))),
                ("language_info", .record(DataRecord([
                    ("file_extension", .string(KernelSpec.fileExtension)),
                    ("mimetype", .string(KernelSpec.languageMimeType)),
                    ("name", .string(KernelSpec.language)),
                ]))),
            ]))),
            ("nbformat", .number(4)),
            ("nbformat_minor", .number(5)),
        ])))
    }

    /// A source as nbformat stores it: its lines, each but the last with its line break.
    static func sourceLines(_ source: String) -> [String] {
        let lines = ScriptCells.splitLines(source)
        let last = lines.last ?? ""
        return lines.dropLast().map { $0 + "\n" } + (last.isEmpty ? [] : [last])
    }

    // MARK: Reading

    /// Reads `.ipynb` text. Outputs, ids and cell metadata other than GuideLang's are
    /// dropped; a raw cell is left out with a warning (scripts have no place for one).
    ///
    /// Throws `NotebookError` when the text is not JSON (with its line and column), not an
    /// nbformat 4 notebook, or a notebook for another language (with the field's path).
    public static func read(_ text: String) throws -> (notebook: Notebook, warnings: [String]) {
        let root: DataValue
        do {
            root = try JSON.decode(text)
        } catch let error as JSONError {
            let (line, column) = lineAndColumn(ofByte: error.column - 1, in: text)
            throw NotebookError(line: line, column: column, message: "invalid JSON: \(error.message)")
        }
        guard let top = root.record else {
            throw NotebookError(path: "the top level", message: "not a notebook: expected an object, found a \(root.kindName)")
        }
        guard let format = top["nbformat"] else {
            throw NotebookError(path: "the top level", message: "not a notebook: no `nbformat` field")
        }
        guard format.number == 4 else {
            throw NotebookError(path: "nbformat", message: "nbformat \(JSON.encode(format)) is not supported (only nbformat 4)")
        }
        try checkLanguage(top["metadata"])
        guard case .list(let cellValues)? = top["cells"] else {
            throw NotebookError(path: "cells", message: "not a notebook: expected a list of cells, found \(top["cells"]?.kindName ?? "nothing")")
        }
        var cells: [NotebookCell] = []
        var warnings: [String] = []
        for (index, value) in cellValues.enumerated() {
            let path = "cells[\(index)]"
            guard let cell = value.record else {
                throw NotebookError(path: path, message: "expected a cell object, found a \(value.kindName)")
            }
            let type = cell["cell_type"]?.string
            let kind: NotebookCell.Kind
            switch type {
            case "code": kind = .code
            case "markdown": kind = .markdown
            case "raw":
                warnings.append("\(path) is a raw cell; a script has no place for it, so it is left out")
                continue
            default:
                throw NotebookError(path: path + ".cell_type", message: "expected \"code\", \"markdown\" or \"raw\", found \(cell["cell_type"].map(JSON.encode) ?? "nothing")")
            }
            if cell["attachments"]?.record.map({ !$0.fields.isEmpty }) == true {
                warnings.append("\(path)'s attachments are left out (a script holds text only)")
            }
            let source = try sourceText(cell["source"], path: path + ".source")
            let trailer = cell["metadata"]?.record?[guideMetadataKey]?.record?[scriptTrailerKey]?.string
            cells.append(NotebookCell(kind, source, scriptTrailer: trailer))
        }
        return (Notebook(cells: cells), warnings)
    }

    /// Refuses a notebook whose kernelspec or language_info names another language.
    private static func checkLanguage(_ metadata: DataValue?) throws {
        let claims: [(path: String, value: DataValue?)] = [
            ("metadata.kernelspec.language", metadata?.record?["kernelspec"]?.record?["language"]),
            ("metadata.language_info.name", metadata?.record?["language_info"]?.record?["name"]),
        ]
        for claim in claims {
            guard let value = claim.value, value != .null else { continue }
            guard let language = value.string, language.lowercased() == KernelSpec.language else {
                throw NotebookError(path: claim.path, message: "the notebook is for \(JSON.encode(value)), not GuideLang (\"\(KernelSpec.language)\")")
            }
        }
    }

    /// A cell's source: a string, or a list of strings joined as they are.
    private static func sourceText(_ value: DataValue?, path: String) throws -> String {
        switch value {
        case .string(let text)?: return text
        case .list(let parts)?:
            var text = ""
            for (index, part) in parts.enumerated() {
                guard let piece = part.string else {
                    throw NotebookError(path: "\(path)[\(index)]", message: "expected a string, found a \(part.kindName)")
                }
                text += piece
            }
            return text
        default:
            throw NotebookError(path: path, message: "expected a string or a list of strings, found \(value?.kindName ?? "nothing")")
        }
    }

    /// The 1-based line and column (in characters) of a 0-based UTF-8 byte offset.
    static func lineAndColumn(ofByte offset: Int, in text: String) -> (line: Int, column: Int) {
        let bytes = Array(text.utf8.prefix(max(0, offset)))
        let lineStart = (bytes.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 }) ?? 0
        let line = bytes.reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
        return (line, String(decoding: bytes[lineStart...], as: UTF8.self).count + 1)
    }
}

/// Why a `.ipynb` text could not be read: where (a line and column of the text, or the path
/// of a JSON field such as `cells[3].source`) and what.
public struct NotebookError: Error, CustomStringConvertible, Equatable {
    /// 1-based line and column of a JSON syntax error; nil for a problem with a field.
    public var line: Int?
    public var column: Int?
    /// The field at fault (`cells[3].cell_type`); nil for a JSON syntax error.
    public var path: String?
    /// What is wrong.
    public var message: String

    init(line: Int, column: Int, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }

    init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    /// `LINE:COLUMN: message` or `PATH: message`.
    public var description: String {
        if let line, let column { return "\(line):\(column): \(message)" }
        return "\(path ?? ""): \(message)"
    }
}
