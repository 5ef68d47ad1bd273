/// A position in a cell's code as Jupyter counts it (Unicode code points, protocol 5.2+),
/// and the name being typed or pointed at there.
struct CodeCursor {
    private let scalars: [Unicode.Scalar]
    /// The cursor as a code-point offset, clamped to the code.
    let offset: Int

    init(code: String, position: Int) {
        scalars = Array(code.unicodeScalars)
        offset = min(max(position, 0), scalars.count)
    }

    /// Where the name that ends at the cursor starts (the cursor itself when there is none).
    var wordStart: Int {
        var start = offset
        while start > 0, Self.isNameScalar(scalars[start - 1]) { start -= 1 }
        return start
    }

    /// The part of the name before the cursor (what completion extends).
    var wordBeforeCursor: String { text(wordStart..<offset) }

    /// The code before that name (completion looks for `name.` there).
    var textBeforeWord: String { text(0..<wordStart) }

    /// The whole name under or just before the cursor (what inspection documents).
    var wordAroundCursor: String {
        var end = offset
        while end < scalars.count, Self.isNameScalar(scalars[end]) { end += 1 }
        return text(wordStart..<end)
    }

    private func text(_ range: Range<Int>) -> String {
        var string = String.UnicodeScalarView()
        string.append(contentsOf: scalars[range])
        return String(string)
    }

    private static func isNameScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
    }
}
