/// One piece of a string literal: literal text or an interpolated `\(…)` expression.
public enum StringPiece: Equatable, Sendable {
    /// Literal text, escapes already decoded.
    case text(String)
    /// The tokens between `\(` and `)`, ending with an `.endOfFile` token at the `)`.
    case interpolation([Token])
}

/// The kind of a token, with its payload.
public enum TokenKind: Equatable, Sendable {
    case identifier(String)
    case number(Double)
    case string([StringPiece])
    /// A `%%` line; the payload is the trimmed title after `%%`.
    case cellMarker(String)
    case keyword(Keyword)
    case symbol(Symbol)
    case endOfFile
}

/// Reserved words. `over`, `as` and `record` are contextual and lexed as identifiers.
public enum Keyword: String, CaseIterable, Sendable {
    case `let`, `var`, `fn`, `if`, `else`, `for`, `in`, `while`, `return`, `use`, `show`
    case param, experiment, `true`, `false`, `nil`, and, or, not, `break`, `continue`
}

/// Punctuation and operators.
public enum Symbol: String, CaseIterable, Sendable {
    case leftParen = "(", rightParen = ")", leftBracket = "[", rightBracket = "]"
    case leftBrace = "{", rightBrace = "}", comma = ",", colon = ":", semicolon = ";"
    case dot = ".", assign = "=", equal = "==", notEqual = "!=", less = "<"
    case lessEqual = "<=", greater = ">", greaterEqual = ">=", plus = "+", minus = "-"
    case star = "*", slash = "/", percent = "%", plusAssign = "+=", minusAssign = "-="
    case starAssign = "*=", slashAssign = "/=", pipe = "|>", halfOpenRange = "..<"
    case closedRange = "...", arrow = "=>", power = "**"
}

/// A lexed token with its source range.
public struct Token: Equatable, Sendable {
    /// What the token is.
    public var kind: TokenKind
    /// Where it is.
    public var range: SourceRange
    /// True when a line break (or the start of the file) separates it from the previous token.
    public var isAtLineStart: Bool

    /// Creates a token.
    public init(kind: TokenKind, range: SourceRange, isAtLineStart: Bool) {
        self.kind = kind
        self.range = range
        self.isAtLineStart = isAtLineStart
    }

    /// A short description for "expected X, found Y" messages.
    public var spelling: String {
        switch kind {
        case .identifier(let name): return "'\(name)'"
        case .number: return "a number"
        case .string: return "a string"
        case .cellMarker: return "a cell marker '%%'"
        case .keyword(let k): return "'\(k.rawValue)'"
        case .symbol(let s): return "'\(s.rawValue)'"
        case .endOfFile: return "end of input"
        }
    }

    func isSymbol(_ s: Symbol) -> Bool { kind == .symbol(s) }
    func isKeyword(_ k: Keyword) -> Bool { kind == .keyword(k) }
    var identifier: String? { if case .identifier(let n) = kind { return n } else { return nil } }
}
