/// A position in a source file: 1-based line and 1-based column (counted in Unicode scalars).
public struct SourceLocation: Hashable, Comparable, CustomStringConvertible, Sendable {
    /// 1-based line number.
    public var line: Int
    /// 1-based column, counted in Unicode scalars from the start of the line.
    public var column: Int

    /// Creates a location from a 1-based line and column.
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// `line:column`, as diagnostics print it.
    public var description: String { "\(line):\(column)" }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }
}

/// A half-open span of source text, from `start` up to (not including) `end`.
public struct SourceRange: Hashable, Sendable {
    /// First position covered.
    public var start: SourceLocation
    /// Position just past the last character covered.
    public var end: SourceLocation

    /// Creates a range; `end` defaults to `start` (an empty range, a point).
    public init(_ start: SourceLocation, _ end: SourceLocation? = nil) {
        self.start = start
        self.end = end ?? start
    }

    /// The smallest range covering both ranges.
    public func union(_ other: SourceRange) -> SourceRange {
        SourceRange(min(start, other.start), max(end, other.end))
    }
}

/// A named piece of GuideLang source text: a file, a REPL entry or a test string.
public final class SourceFile: @unchecked Sendable {
    /// The name shown in diagnostics, usually the path as the user gave it.
    public let name: String
    /// The full text.
    public let text: String
    /// The text as Unicode scalars, the unit the lexer and columns work in.
    let scalars: [Unicode.Scalar]
    /// Scalar offset of the first character of each line (index 0 is line 1).
    let lineStarts: [Int]

    /// Creates a source file from its name and text.
    public init(name: String, text: String) {
        self.name = name
        self.text = text
        let scalars = Array(text.unicodeScalars)
        self.scalars = scalars
        var starts = [0]
        for (i, s) in scalars.enumerated() where s == "\n" { starts.append(i + 1) }
        self.lineStarts = starts
    }

    /// Number of lines (a final line without a newline counts).
    public var lineCount: Int { lineStarts.count }

    /// The text of a 1-based line without its line break, or nil if out of range.
    public func line(_ number: Int) -> String? {
        guard number >= 1, number <= lineStarts.count else { return nil }
        let start = lineStarts[number - 1]
        var end = number < lineStarts.count ? lineStarts[number] - 1 : scalars.count
        if end > start, end - 1 < scalars.count, scalars[end - 1] == "\r" { end -= 1 }
        var line = String.UnicodeScalarView()
        line.append(contentsOf: scalars[start..<max(start, end)])
        return String(line)
    }

    /// The location of a scalar offset.
    func location(ofOffset offset: Int) -> SourceLocation {
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return SourceLocation(line: low + 1, column: offset - lineStarts[low] + 1)
    }
}
