/// Turns source text into tokens. Errors are collected, not thrown: the lexer skips the bad
/// character or string and goes on, so one pass reports every problem.
///
/// Cells: a line whose first non-blank characters are `%%` is one `.cellMarker` token whose
/// payload is the rest of the line, trimmed. `#` starts a comment to the end of the line.
public struct Lexer {
    let file: SourceFile
    let s: [Unicode.Scalar]
    var i = 0
    var atLineStart = true
    var interpolationDepth = 0
    var cachedLine = 0
    static let maxInterpolationDepth = 16
    /// Problems found so far.
    public private(set) var diagnostics: [Diagnostic] = []

    /// Creates a lexer over a whole file.
    public init(file: SourceFile) {
        self.file = file
        self.s = file.scalars
    }

    /// Lexes the whole file; the last token is always `.endOfFile`.
    public static func tokenize(_ file: SourceFile) -> (tokens: [Token], diagnostics: [Diagnostic]) {
        var lexer = Lexer(file: file)
        var tokens: [Token] = []
        while true {
            let token = lexer.nextToken()
            tokens.append(token)
            if token.kind == .endOfFile { break }
        }
        return (tokens, lexer.diagnostics)
    }

    // MARK: - Scanning helpers

    func peek(_ ahead: Int = 0) -> Unicode.Scalar? {
        let j = i + ahead
        return j < s.count ? s[j] : nil
    }

    /// The location of a scalar offset; offsets mostly grow, so the current line is tried first.
    mutating func location(_ offset: Int) -> SourceLocation {
        let starts = file.lineStarts
        if cachedLine < starts.count, starts[cachedLine] <= offset,
           cachedLine + 1 == starts.count || offset < starts[cachedLine + 1] {
            return SourceLocation(line: cachedLine + 1, column: offset - starts[cachedLine] + 1)
        }
        let found = file.location(ofOffset: offset)
        cachedLine = found.line - 1
        return found
    }

    mutating func range(_ start: Int, _ end: Int) -> SourceRange {
        let from = location(start)
        return SourceRange(from, location(end))
    }

    mutating func error(_ code: DiagnosticCode, _ message: String, from start: Int, to end: Int? = nil) {
        diagnostics.append(Diagnostic(code, message, file: file, range: range(start, end ?? start + 1)))
    }

    /// Skips blanks and comments; sets `atLineStart` when a line break is crossed.
    mutating func skipTrivia() {
        while let c = peek() {
            switch c {
            case " ", "\t", "\r", "\u{FEFF}": i += 1
            case "\n": i += 1; atLineStart = true
            case "#": while let d = peek(), d != "\n" { i += 1 }
            default: return
            }
        }
    }

    /// The next token.
    public mutating func nextToken() -> Token {
        skipTrivia()
        let lineStart = atLineStart
        atLineStart = false
        let start = i
        func make(_ kind: TokenKind) -> Token {
            Token(kind: kind, range: range(start, i), isAtLineStart: lineStart)
        }
        guard let c = peek() else { return make(.endOfFile) }
        if lineStart, c == "%", peek(1) == "%" {
            i += 2
            var title = String.UnicodeScalarView()
            while let d = peek(), d != "\n" { title.append(d); i += 1 }
            return make(.cellMarker(String(title).trimmingBlanks))
        }
        if Lexer.isIdentifierStart(c) {
            while let d = peek(), Lexer.isIdentifierContinue(d) { i += 1 }
            var name = String.UnicodeScalarView()
            name.append(contentsOf: s[start..<i])
            let text = String(name)
            if let keyword = Lexer.keywords[text] { return make(.keyword(keyword)) }
            return make(.identifier(text))
        }
        if Lexer.isDigit(c) {
            return make(.number(lexNumber()))
        }
        if c == "\"" {
            if peek(1) == "\"", peek(2) == "\"" {
                return make(.string(lexMultilineString()))
            }
            return make(.string(lexString()))
        }
        if let symbol = lexSymbol() { return make(.symbol(symbol)) }
        i += 1
        if c == "." {
            error(.unexpectedCharacter, "unexpected '..': write '..<' for a half-open range or '...' for a closed one", from: start, to: i + 1)
            i += 1
        } else {
            error(.unexpectedCharacter, "unexpected character '\(c.escaped(asASCII: false))'", from: start)
        }
        return nextToken()
    }

    static func isIdentifierStart(_ c: Unicode.Scalar) -> Bool {
        if c.isASCII { return ("a"..."z").contains(c) || ("A"..."Z").contains(c) || c == "_" }
        let p = c.properties
        switch p.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .letterNumber, .mathSymbol, .otherSymbol:
            return true
        default:
            return false
        }
    }

    static func isIdentifierContinue(_ c: Unicode.Scalar) -> Bool {
        if c.isASCII { return isIdentifierStart(c) || ("0"..."9").contains(c) }
        if isIdentifierStart(c) { return true }
        switch c.properties.generalCategory {
        case .decimalNumber, .otherNumber, .nonspacingMark, .spacingMark, .enclosingMark,
             .connectorPunctuation:
            return true
        default:
            return c == "\u{200D}"
        }
    }

    static func isDigit(_ c: Unicode.Scalar?) -> Bool {
        guard let c else { return false }
        return ("0"..."9").contains(c)
    }

    /// `12`, `1_000`, `0.5`, `2e-3`. A `.` is part of the number only when a digit follows,
    /// so `0..<5` lexes as `0`, `..<`, `5`.
    mutating func lexNumber() -> Double {
        let start = i
        var text = ""
        func digits() {
            while let d = peek(), Lexer.isDigit(d) || d == "_" {
                if d != "_" { text.unicodeScalars.append(d) }
                i += 1
            }
        }
        digits()
        if peek() == ".", Lexer.isDigit(peek(1)) {
            text += "."
            i += 1
            digits()
        }
        if let e = peek(), e == "e" || e == "E" {
            let signed = peek(1) == "+" || peek(1) == "-"
            if Lexer.isDigit(peek(signed ? 2 : 1)) {
                text += "e"
                i += 1
                if signed { text.unicodeScalars.append(s[i]); i += 1 }
                digits()
            }
        }
        if let d = peek(), Lexer.isIdentifierContinue(d) {
            while let d = peek(), Lexer.isIdentifierContinue(d) { i += 1 }
            error(.invalidNumber, "invalid number literal", from: start, to: i)
            return 0
        }
        return Double(text) ?? 0
    }

    /// The longest operator or punctuation at `i`, if any.
    mutating func lexSymbol() -> Symbol? {
        guard let c = peek() else { return nil }
        let d = peek(1)
        func take(_ n: Int, _ symbol: Symbol) -> Symbol {
            i += n
            return symbol
        }
        switch c {
        case "(": return take(1, .leftParen)
        case ")": return take(1, .rightParen)
        case "[": return take(1, .leftBracket)
        case "]": return take(1, .rightBracket)
        case "{": return take(1, .leftBrace)
        case "}": return take(1, .rightBrace)
        case ",": return take(1, .comma)
        case ":": return take(1, .colon)
        case ";": return take(1, .semicolon)
        case ".":
            if d == "." {
                if peek(2) == "<" { return take(3, .halfOpenRange) }
                if peek(2) == "." { return take(3, .closedRange) }
                return nil
            }
            return take(1, .dot)
        case "=": return d == "=" ? take(2, .equal) : d == ">" ? take(2, .arrow) : take(1, .assign)
        case "!": return d == "=" ? take(2, .notEqual) : nil
        case "<": return d == "=" ? take(2, .lessEqual) : take(1, .less)
        case ">": return d == "=" ? take(2, .greaterEqual) : take(1, .greater)
        case "+": return d == "=" ? take(2, .plusAssign) : take(1, .plus)
        case "-": return d == "=" ? take(2, .minusAssign) : take(1, .minus)
        case "*": return d == "=" ? take(2, .starAssign) : d == "*" ? take(2, .power) : take(1, .star)
        case "/": return d == "=" ? take(2, .slashAssign) : take(1, .slash)
        case "%": return take(1, .percent)
        case "|": return d == ">" ? take(2, .pipe) : nil
        default: return nil
        }
    }

    static let keywords: [String: Keyword] = Dictionary(uniqueKeysWithValues: Keyword.allCases.map { ($0.rawValue, $0) })
}

extension String {
    /// The string without leading and trailing spaces, tabs and line breaks.
    var trimmingBlanks: String {
        let blanks: Set<Character> = [" ", "\t", "\r", "\n"]
        guard let first = firstIndex(where: { !blanks.contains($0) }),
              let last = lastIndex(where: { !blanks.contains($0) }) else { return "" }
        return String(self[first...last])
    }
}
