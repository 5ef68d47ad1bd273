/// Prints diagnostics the way compilers do:
///
///     demo.guide:3:20: error: expected `)` to close the call that starts at 3:14
///         let x = f(1, 2
///                       ^
///       in area, called at demo.guide:9:1
///
/// Colour (ANSI) is used only when asked for, i.e. when writing to a terminal.
public struct DiagnosticRenderer: Sendable {
    /// Whether to emit ANSI colour codes.
    public var colored: Bool

    /// Creates a renderer; pass `colored: true` only for a terminal.
    public init(colored: Bool = false) { self.colored = colored }

    /// The full text of one diagnostic, ending with a newline.
    public func render(_ diagnostic: Diagnostic) -> String {
        var out = ""
        let fileName = diagnostic.file?.name
        var header = ""
        if let fileName { header += fileName + ":" }
        if let location = diagnostic.location { header += "\(location):" }
        if !header.isEmpty { header += " " }
        out += bold(header) + red("error:") + " " + bold(diagnostic.message) + "\n"
        if let file = diagnostic.file, let range = diagnostic.range {
            out += excerpt(file: file, range: range)
        }
        for note in diagnostic.notes {
            let at = note.location.map { " (at \($0))" } ?? ""
            out += "  note: \(note.message)\(at)\n"
        }
        for entry in diagnostic.callStack {
            out += "  in \(entry.function), called at \(entry.fileName):\(entry.location)\n"
        }
        return out
    }

    /// All diagnostics, one after the other.
    public func render(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.map(render).joined()
    }

    /// The source line and a caret line under `range` (carets span the range on its first line).
    func excerpt(file: SourceFile, range: SourceRange) -> String {
        guard let line = file.line(range.start.line) else { return "" }
        var caret = ""
        var column = 1
        for scalar in line.unicodeScalars {
            if column >= range.start.column { break }
            caret.append(scalar == "\t" ? "\t" : " ")
            column += 1
        }
        let lineLength = line.unicodeScalars.count
        var width = 1
        if range.end.line == range.start.line, range.end.column > range.start.column {
            width = min(range.end.column, lineLength + 1) - range.start.column
        }
        caret += "^" + String(repeating: "~", count: max(0, width - 1))
        return "    " + line + "\n    " + green(caret) + "\n"
    }

    private func bold(_ s: String) -> String { colored && !s.isEmpty ? "\u{1B}[1m\(s)\u{1B}[0m" : s }
    private func red(_ s: String) -> String { colored ? "\u{1B}[1;31m\(s)\u{1B}[0m" : s }
    private func green(_ s: String) -> String { colored ? "\u{1B}[32m\(s)\u{1B}[0m" : s }
}
