/// String literals.
///
/// A string is scanned in two phases. First into raw pieces: literal source text (escapes
/// still undecoded, physical line breaks kept) and interpolations (`\(` … `)`, lexed as
/// tokens by the same lexer, so strings may nest). Then, for `"""` strings, the closing
/// line's indentation is removed from every line (Swift's rule), and finally escapes are
/// decoded: `\n \t \r \0 \" \\ \u{…}`. `\<` is kept as the two characters `\<` so a prompt
/// parser can read it as a literal span tag.
extension Lexer {
    /// A stretch of raw string source; `start` is the scalar offset of `text[0]`.
    struct RawText {
        var text: [Unicode.Scalar]
        var start: Int
    }

    enum RawPiece {
        case text(RawText)
        case interpolation([Token])
    }

    /// A `"…"` string; `i` is at the opening quote.
    mutating func lexString() -> [StringPiece] {
        let start = i
        i += 1
        guard let raw = scanRawPieces(multiline: false, start: start) else { return [] }
        return raw.flatMap { piece -> [StringPiece] in
            switch piece {
            case .text(let text): return [.text(decodeEscapes(text))]
            case .interpolation(let tokens): return [.interpolation(tokens)]
            }
        }
    }

    /// A `"""` string; `i` is at the first of the three opening quotes.
    mutating func lexMultilineString() -> [StringPiece] {
        let start = i
        i += 3
        while let c = peek(), c == " " || c == "\t" || c == "\r" { i += 1 }
        guard peek() == "\n" else {
            error(.syntax, "a multi-line string starts with '\"\"\"' followed by a line break", from: start, to: start + 3)
            while let c = peek(), c != "\n" { i += 1 }
            return []
        }
        i += 1
        guard var raw = scanRawPieces(multiline: true, start: start) else { return [] }
        // The closing line: text after the last line break of the last piece, all blanks.
        guard case .text(var last)? = raw.last, let lastBreak = last.text.lastIndex(of: "\n") ?? (raw.count == 1 ? -1 : nil)
        else {
            error(.multilineIndentation, "the closing '\"\"\"' of a multi-line string must be on its own line", from: start, to: start + 3)
            return []
        }
        let indent = Array(last.text[(lastBreak + 1)...])
        if indent.contains(where: { $0 != " " && $0 != "\t" }) {
            error(.multilineIndentation, "the closing '\"\"\"' of a multi-line string must be on its own line", from: i - 3, to: i)
            return []
        }
        // Drop the line break before the closing line, and the closing line itself.
        last.text.removeSubrange(max(0, lastBreak)...)
        raw[raw.count - 1] = .text(last)
        var pieces: [StringPiece] = []
        var atLineStart = true
        for piece in raw {
            switch piece {
            case .interpolation(let tokens):
                pieces.append(.interpolation(tokens))
                atLineStart = false
            case .text(let text):
                var decoded = ""
                var segmentStart = 0
                var j = 0
                while j <= text.text.count {
                    if j == text.text.count || text.text[j] == "\n" {
                        var segment = RawText(text: Array(text.text[segmentStart..<j]), start: text.start + segmentStart)
                        if atLineStart { segment = stripIndent(segment, indent) }
                        decoded += decodeEscapes(segment)
                        if j < text.text.count { decoded += "\n"; atLineStart = true }
                        segmentStart = j + 1
                    }
                    j += 1
                }
                if !text.text.isEmpty, text.text.last != "\n" { atLineStart = false }
                pieces.append(.text(decoded))
            }
        }
        return pieces.filter { $0 != .text("") }
    }

    /// Removes the closing line's indentation from one line; blank lines may be shorter.
    mutating func stripIndent(_ line: RawText, _ indent: [Unicode.Scalar]) -> RawText {
        if line.text.starts(with: indent) {
            return RawText(text: Array(line.text.dropFirst(indent.count)), start: line.start + indent.count)
        }
        if line.text.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) {
            return RawText(text: [], start: line.start)
        }
        error(.multilineIndentation, "line of a multi-line string is indented less than its closing '\"\"\"'", from: line.start)
        return line
    }

    /// Scans up to and including the closing delimiter. Nil (with an error) if the string never closes.
    mutating func scanRawPieces(multiline: Bool, start: Int) -> [RawPiece]? {
        var pieces: [RawPiece] = []
        var text = RawText(text: [], start: i)
        while true {
            guard let c = peek() else {
                let what = multiline ? "'\"\"\"'" : "'\"'"
                let code: DiagnosticCode = multiline ? .incompleteInput : .unterminatedString
                error(code, "unterminated string: expected \(what) to close the string that starts at \(location(start))", from: start, to: start + 1)
                return nil
            }
            if c == "\n", !multiline {
                error(.unterminatedString, "unterminated string: expected '\"' before the end of the line", from: start, to: start + 1)
                return nil
            }
            if c == "\"" {
                if !multiline { i += 1; break }
                if peek(1) == "\"", peek(2) == "\"" { i += 3; break }
            }
            if c == "\\", peek(1) == "(" {
                pieces.append(.text(text))
                i += 2
                if interpolationDepth >= Lexer.maxInterpolationDepth || !StackGuard.hasRoom() {
                    error(.syntax, "string interpolations nest too deeply (more than \(Lexer.maxInterpolationDepth) levels)", from: i - 2, to: i)
                    i = s.count
                    return nil
                }
                guard let tokens = scanInterpolation(multiline: multiline, stringStart: start) else { return nil }
                pieces.append(.interpolation(tokens))
                text = RawText(text: [], start: i)
                continue
            }
            if c == "\\", let next = peek(1), next != "\n" {
                text.text.append(c)
                text.text.append(next)
                i += 2
                continue
            }
            text.text.append(c)
            i += 1
        }
        pieces.append(.text(text))
        return pieces
    }

    /// Tokens of `\( … )`, `i` just after `\(`; stops after the matching `)`.
    mutating func scanInterpolation(multiline: Bool, stringStart: Int) -> [Token]? {
        var tokens: [Token] = []
        var depth = 0
        interpolationDepth += 1
        defer { interpolationDepth -= 1 }
        let savedLineStart = atLineStart
        atLineStart = false
        defer { atLineStart = savedLineStart }
        while true {
            let token = nextToken()
            if token.kind == .endOfFile || (!multiline && token.isAtLineStart) {
                let code: DiagnosticCode = token.kind == .endOfFile && multiline ? .incompleteInput : .unterminatedString
                error(code, "unterminated interpolation: expected ')' to close the '\\(' in the string that starts at \(location(stringStart))", from: stringStart, to: stringStart + 1)
                return nil
            }
            if token.isSymbol(.leftParen) { depth += 1 }
            if token.isSymbol(.rightParen) {
                if depth == 0 {
                    tokens.append(Token(kind: .endOfFile, range: token.range, isAtLineStart: false))
                    return tokens
                }
                depth -= 1
            }
            tokens.append(token)
        }
    }

    /// Decodes escapes of one raw stretch.
    mutating func decodeEscapes(_ raw: RawText) -> String {
        var out = String.UnicodeScalarView()
        var j = 0
        let t = raw.text
        while j < t.count {
            let c = t[j]
            guard c == "\\", j + 1 < t.count else {
                if c != "\r" || j + 1 >= t.count || t[j + 1] != "\n" { out.append(c) }
                j += 1
                continue
            }
            let e = t[j + 1]
            j += 2
            switch e {
            case "n": out.append("\n")
            case "t": out.append("\t")
            case "r": out.append("\r")
            case "0": out.append("\0")
            case "\"": out.append("\"")
            case "\\": out.append("\\")
            case "'": out.append("'")
            case "<": out.append("\\"); out.append("<")
            case "u":
                var hex = ""
                var k = j
                if k < t.count, t[k] == "{" {
                    k += 1
                    while k < t.count, t[k] != "}", hex.count <= 8 { hex.unicodeScalars.append(t[k]); k += 1 }
                }
                if k < t.count, t[k] == "}", let value = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(value) {
                    out.append(scalar)
                    j = k + 1
                } else {
                    error(.invalidEscape, "invalid unicode escape: expected '\\u{' hex digits '}'", from: raw.start + j - 2, to: raw.start + j)
                }
            default:
                error(.invalidEscape, "invalid escape '\\\(e.escaped(asASCII: false))': expected one of \\n \\t \\r \\0 \\\" \\\\ \\u{…} \\(…)", from: raw.start + j - 2, to: raw.start + j)
            }
        }
        return String(out)
    }
}
