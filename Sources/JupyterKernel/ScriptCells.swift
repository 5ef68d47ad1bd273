import GuideLang

/// A `.guide` script as notebook cells, and back.
///
/// Reading a script:
/// - A `%%` line (as the lexer finds it, so not one inside a `"""` string) starts a code
///   cell, and stays that cell's first line: the title survives and the kernel, which runs
///   `%%` cells, sees the same program. Text before the first `%%` forms cells too.
/// - A **markdown cell** is a comment paragraph: consecutive lines that are each `#` or
///   `# text`, at the top level (outside brackets, blocks and strings), starting the file
///   or following a blank line, and followed by a blank line, a `%%` line or the end. Its
///   markdown is the lines without `# ` (`#` alone is an empty line). A comment that
///   touches code (the line after a `%%`, the line before a statement) stays in the code.
/// - Cells are separated by one blank line; blank lines at the end of a cell are not part
///   of its source. A cell followed by anything else keeps that text in `scriptTrailer`.
/// - A code cell that does not start with a `%%` line is written after a code cell behind
///   a bare `%%` line (else the two would be one cell), and a bare `%%` line that starts a
///   code cell after a code cell is dropped when reading.
///
/// So script → cells → script gives back the script byte for byte, and a notebook made
/// from a script gives back the same cells. A notebook written in Jupyter does too, but for
/// two kinds of code cell: one that would read back as markdown (it starts with a comment
/// paragraph, or is blank after a markdown cell) is written behind a bare `%%` line, which
/// it then keeps; one that starts with a bare `%%` line after a code cell loses that line.
public enum ScriptCells {
    /// The cells of `script`, in order; an empty script has none.
    public static func cells(of script: String) -> [NotebookCell] {
        if script.isEmpty { return [] }
        let lines = splitLines(script)
        let layout = LineLayout(script, lineCount: lines.count)
        var starts: Set<Int> = [0]
        var markdownStarts: Set<Int> = []
        var index = 0
        while index < lines.count {
            if layout.isMarker[index] {
                starts.insert(index)
                index += 1
                continue
            }
            let startsParagraph = index == 0 || (isBlank(lines[index - 1]) && layout.isFree[index - 1])
            if startsParagraph, let end = markdownParagraphEnd(lines, from: index, layout: layout) {
                starts.insert(index)
                markdownStarts.insert(index)
                var next = end
                while next < lines.count, isBlank(lines[next]), !layout.isMarker[next] { next += 1 }
                if next < lines.count { starts.insert(next) }
                index = next
                continue
            }
            index += 1
        }

        let bounds = starts.sorted() + [lines.count]
        var cells: [NotebookCell] = []
        for k in 0..<(bounds.count - 1) {
            let isLast = k == bounds.count - 2
            var text = lines[bounds[k]..<bounds[k + 1]].joined(separator: "\n") + (isLast ? "" : "\n")
            let kind: NotebookCell.Kind = markdownStarts.contains(bounds[k]) ? .markdown : .code
            if kind == .code, cells.last?.kind == .code {
                if text.hasPrefix(bareMarker + "\n") { text.removeFirst(bareMarker.count + 1) } else if text == bareMarker { text = "" }
            }
            var (source, trailer) = splitTrailer(text)
            if kind == .markdown { source = markdown(fromComments: source) }
            cells.append(NotebookCell(kind, source, scriptTrailer: trailer == usualTrailer(isLast: isLast) ? nil : trailer))
        }
        return cells
    }

    /// The script of `cells`: the inverse of `cells(of:)`.
    public static func script(of cells: [NotebookCell]) -> String {
        var script = ""
        for (k, cell) in cells.enumerated() {
            let previous = k > 0 ? cells[k - 1].kind : nil
            switch cell.kind {
            case .markdown:
                script += comments(fromMarkdown: cell.source)
            case .code:
                if needsBareMarker(cell.source, after: previous) { script += bareMarker + "\n" }
                script += cell.source
            }
            script += cell.scriptTrailer ?? usualTrailer(isLast: k == cells.count - 1)
        }
        return script
    }

    /// A `%%` line with no title.
    static let bareMarker = "%%"

    /// One blank line between cells, a line break after the last.
    static func usualTrailer(isLast: Bool) -> String { isLast ? "\n" : "\n\n" }

    /// Whether a code cell must be written behind a bare `%%` line to read back as a cell of
    /// its own and as code.
    static func needsBareMarker(_ source: String, after previous: NotebookCell.Kind?) -> Bool {
        let lines = splitLines(source)
        if startsMarker(lines[0]) { return false }
        switch previous {
        case .code?: return true
        case .markdown?: if lines.allSatisfy(isBlank) { return true }
        case nil: break
        }
        return markdownParagraphEnd(lines, from: 0, layout: nil) != nil
    }

    /// The lines of `text` split at every line feed (a `\r` stays on its line, as the lexer
    /// counts lines); one more line than there are line feeds.
    static func splitLines(_ text: String) -> [String] {
        text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
            .map { String(String.UnicodeScalarView($0)) }
    }

    /// Whether `line` is a `%%` line (the lexer's rule: `%%` after blanks at a line start).
    static func startsMarker(_ line: String) -> Bool {
        line.unicodeScalars.drop(while: { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\u{FEFF}" })
            .starts(with: "%%".unicodeScalars)
    }

    /// Where the comment paragraph starting at `start` ends (the index after its last line),
    /// or nil when the lines there are not a markdown paragraph. Without a layout the lines
    /// are taken to be at the top level.
    static func markdownParagraphEnd(_ lines: [String], from start: Int, layout: LineLayout?) -> Int? {
        var end = start
        while end < lines.count, layout?.isFree[end] ?? true, layout?.isMarker[end] != true, isMarkdownLine(lines[end]) {
            end += 1
        }
        guard end > start else { return nil }
        if end == lines.count || layout?.isMarker[end] == true || isBlank(lines[end]) { return end }
        return nil
    }

    /// A comment line whose markdown reads back to it exactly: `#`, or `# ` and some text
    /// (`# ` alone would come back as `#`).
    static func isMarkdownLine(_ line: String) -> Bool {
        line == "#" || (line.hasPrefix("# ") && line != "# ")
    }

    static func isBlank(_ line: String) -> Bool {
        line.unicodeScalars.allSatisfy { $0 == " " || $0 == "\t" || $0 == "\r" }
    }

    /// Markdown from `# ` comment lines.
    static func markdown(fromComments text: String) -> String {
        splitLines(text).map { $0 == "#" ? "" : String($0.dropFirst(2)) }.joined(separator: "\n")
    }

    /// `# ` comment lines from markdown; an empty line becomes `#`.
    static func comments(fromMarkdown markdown: String) -> String {
        splitLines(markdown).map { $0.isEmpty ? "#" : "# " + $0 }.joined(separator: "\n")
    }

    /// Splits a cell's text into its source (up to the end of its last non-blank line) and
    /// what follows (the line break and any blank lines).
    static func splitTrailer(_ text: String) -> (source: String, trailer: String) {
        let lines = splitLines(text)
        guard let last = lines.lastIndex(where: { !isBlank($0) }) else { return ("", text) }
        let source = lines[...last].joined(separator: "\n")
        return (source, String(decoding: text.utf8.dropFirst(source.utf8.count), as: UTF8.self))
    }
}

/// What the lexer knows about each line of a script: whether it is a `%%` line, and whether
/// it is free (at the top level, outside any bracket, block or multi-line string), which a
/// markdown paragraph must be. Indices are 0-based lines.
struct LineLayout {
    var isMarker: [Bool]
    var isFree: [Bool]

    init(_ script: String, lineCount: Int) {
        isMarker = Array(repeating: false, count: lineCount)
        var inside = Array(repeating: false, count: lineCount)
        var depthAtStart = Array(repeating: 0, count: lineCount)
        var depth = 0
        var nextLine = 0
        for token in Lexer.tokenize(SourceFile(name: "<script>", text: script)).tokens {
            let first = token.range.start.line - 1, last = token.range.end.line - 1
            while nextLine <= first, nextLine < lineCount {
                depthAtStart[nextLine] = depth
                nextLine += 1
            }
            if case .cellMarker = token.kind, first >= 0, first < lineCount { isMarker[first] = true }
            var covered = first + 1
            while covered <= last, covered < lineCount {
                inside[covered] = true
                covered += 1
            }
            switch token.kind {
            case .symbol(.leftParen), .symbol(.leftBracket), .symbol(.leftBrace): depth += 1
            case .symbol(.rightParen), .symbol(.rightBracket), .symbol(.rightBrace): depth -= 1
            default: break
            }
        }
        while nextLine < lineCount {
            depthAtStart[nextLine] = depth
            nextLine += 1
        }
        isFree = (0..<lineCount).map { depthAtStart[$0] == 0 && !inside[$0] }
    }
}
