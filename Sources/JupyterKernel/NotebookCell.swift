/// One cell of a notebook as `guide convert` carries it between a `.ipynb` file and a
/// `.guide` script: its kind and source. Outputs are not kept.
public struct NotebookCell: Equatable, Sendable {
    /// Code runs in the kernel; markdown is prose, a block of `# ` comments in a script.
    public enum Kind: String, Sendable {
        case code
        case markdown
    }

    /// Code or markdown.
    public var kind: Kind
    /// The cell's text; a code cell keeps its `%% title` line as its first line.
    public var source: String
    /// The exact text that follows the cell in its script when that is not the usual
    /// separator (one blank line between cells, a single line break after the last);
    /// kept in the notebook's cell metadata so the script comes back byte for byte.
    public var scriptTrailer: String?

    /// Creates a cell.
    public init(_ kind: Kind, _ source: String, scriptTrailer: String? = nil) {
        self.kind = kind
        self.source = source
        self.scriptTrailer = scriptTrailer
    }
}
