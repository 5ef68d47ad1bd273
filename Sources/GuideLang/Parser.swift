/// Recursive-descent parser for §1–3 of the language contract.
///
/// Newlines end statements, except inside `( )`, `[ ]` and record `{ }`, and before a line
/// that starts with `|>`, `.`, `and` or `or` (so pipelines can be written one stage a line).
/// On a syntax error the parser records a diagnostic, skips to the next line that can start
/// a statement and goes on, so one run reports several errors. An error found at the end of
/// the input gets the code `.incompleteInput`, which a REPL reads as "ask for another line".
public struct Parser {
    /// Thrown to unwind to the enclosing statement after a diagnostic has been recorded.
    struct Failure: Error {}

    /// How deep expressions and blocks may nest before the parser refuses (protects the stack).
    static let maxDepth = 96
    /// How deep the syntax tree of one expression may grow, counting operator chains.
    static let maxTreeDepth = 400

    let file: SourceFile
    var tokens: [Token]
    var position = 0
    var diagnostics: [Diagnostic] = []
    /// Whether line breaks are currently insignificant (inside brackets).
    var ignoresNewlines = false
    var depth = 0
    var experimentDepth = 0
    var lastErrorLine = 0
    /// Lines the lexer already complained about: a parse error there would only repeat it.
    var linesWithLexerErrors: Set<Int> = []

    init(file: SourceFile, tokens: [Token]) {
        self.file = file
        self.tokens = tokens
    }

    /// Parses a whole file; the program is usable only when no diagnostic is returned.
    public static func parse(_ file: SourceFile) -> (program: Program, diagnostics: [Diagnostic]) {
        let (tokens, lexErrors) = Lexer.tokenize(file)
        var parser = Parser(file: file, tokens: tokens)
        parser.linesWithLexerErrors = Set(lexErrors.compactMap { $0.location?.line })
        let cells = parser.parseCells()
        let all = (lexErrors + parser.diagnostics).sorted {
            ($0.location ?? SourceLocation(line: 0, column: 0)) < ($1.location ?? SourceLocation(line: 0, column: 0))
        }
        return (Program(file: file, cells: cells), all)
    }

    /// True when `text` ends in the middle of a construct (open bracket, block or `"""` string),
    /// i.e. a REPL should read another line before running it.
    public static func needsMoreInput(_ text: String) -> Bool {
        let (_, diagnostics) = parse(SourceFile(name: "<input>", text: text))
        return diagnostics.contains { $0.code == .incompleteInput }
    }

    // MARK: - Token access

    var current: Token { tokens[position] }
    var next: Token { tokens[min(position + 1, tokens.count - 1)] }

    @discardableResult
    mutating func advance() -> Token {
        let token = tokens[position]
        if position < tokens.count - 1 { position += 1 }
        return token
    }

    var atEnd: Bool { current.kind == .endOfFile }

    /// True when a significant line break separates the current token from the previous one.
    var atLineBreak: Bool { current.isAtLineStart && !ignoresNewlines }

    mutating func accept(_ symbol: Symbol) -> Bool {
        if current.isSymbol(symbol) { advance(); return true }
        return false
    }

    mutating func accept(_ keyword: Keyword) -> Bool {
        if current.isKeyword(keyword) { advance(); return true }
        return false
    }

    /// Records an error at the current token and unwinds.
    mutating func fail(_ message: String, at token: Token? = nil) -> Failure {
        let token = token ?? current
        let code: DiagnosticCode = token.kind == .endOfFile ? .incompleteInput : .syntax
        var range = token.range
        // A token on a later line: point just after the previous token, where something is missing.
        if token.isAtLineStart || token.kind == .endOfFile, position > 0,
           let previous = tokens[..<position].last(where: { $0.range.end <= token.range.start }),
           previous.range.end.line < token.range.start.line || token.kind == .endOfFile {
            range = SourceRange(previous.range.end)
        }
        report(code, message, range)
        return Failure()
    }

    mutating func report(_ code: DiagnosticCode, _ message: String, _ range: SourceRange) {
        if range.start.line == lastErrorLine || linesWithLexerErrors.contains(range.start.line) { return }
        lastErrorLine = range.start.line
        diagnostics.append(Diagnostic(code, message, file: file, range: range))
    }

    mutating func expect(_ symbol: Symbol, _ context: String) throws -> Token {
        if current.isSymbol(symbol) { return advance() }
        throw fail("expected `\(symbol.rawValue)` \(context)")
    }

    mutating func expectIdentifier(_ what: String) throws -> (String, SourceRange) {
        if let name = current.identifier {
            let range = advance().range
            return (name, range)
        }
        throw fail("expected \(what), found \(current.spelling)")
    }

    /// Runs `body` one nesting level deeper, refusing input that nests too deep for the stack.
    mutating func nested<T>(_ body: (inout Parser) throws -> T) throws -> T {
        depth += 1
        defer { depth -= 1 }
        if depth > Parser.maxDepth || !StackGuard.hasRoom() {
            report(.nestingTooDeep, "expression nests too deeply (more than \(Parser.maxDepth) levels)", current.range)
            throw Failure()
        }
        return try body(&self)
    }

    /// Runs `body` with line breaks significant (`false`) or not (`true`), restoring the mode after.
    mutating func withNewlines<T>(ignored: Bool, _ body: (inout Parser) throws -> T) rethrows -> T {
        let saved = ignoresNewlines
        ignoresNewlines = ignored
        defer { ignoresNewlines = saved }
        return try body(&self)
    }

    // MARK: - Cells and statements

    mutating func parseCells() -> [Cell] {
        var cells: [Cell] = []
        var title: String? = nil
        var statements: [Stmt] = []
        var start = current.range.start
        while !atEnd {
            if case .cellMarker(let nextTitle) = current.kind {
                if title != nil || !statements.isEmpty {
                    cells.append(Cell(title: title, statements: statements, range: SourceRange(start, current.range.start)))
                }
                start = current.range.start
                advance()
                title = nextTitle
                statements = []
                continue
            }
            if let statement = parseStatementRecovering(topLevel: true) { statements.append(statement) }
        }
        if title != nil || !statements.isEmpty || cells.isEmpty {
            cells.append(Cell(title: title, statements: statements, range: SourceRange(start, current.range.end)))
        }
        return cells
    }

    /// One statement; on error, skips ahead to a plausible statement start and returns nil.
    mutating func parseStatementRecovering(topLevel: Bool) -> Stmt? {
        let saved = (ignoresNewlines, depth, experimentDepth)
        do {
            let statement = try parseStatement(topLevel: topLevel)
            try endStatement()
            return statement
        } catch {
            (ignoresNewlines, depth, experimentDepth) = saved
            synchronize()
            return nil
        }
    }

    mutating func endStatement() throws {
        if accept(.semicolon) { return }
        if atLineBreak || atEnd || current.isSymbol(.rightBrace) { return }
        if case .cellMarker = current.kind { return }
        throw fail("expected a line break or `;` after the statement, found \(current.spelling)")
    }

    /// Skips to the next token that starts a line (or a `}` / cell marker), always moving at least one token.
    mutating func synchronize() {
        if !atEnd { advance() }
        while !atEnd {
            if current.isAtLineStart || current.isSymbol(.rightBrace) { return }
            if case .cellMarker = current.kind { return }
            advance()
        }
    }

    mutating func parseStatement(topLevel: Bool) throws -> Stmt {
        let start = current
        func finish(_ kind: StmtKind) -> Stmt {
            Stmt(kind, SourceRange(start.range.start, tokens[max(0, position - 1)].range.end))
        }
        switch start.kind {
        case .keyword(.let), .keyword(.var):
            advance()
            let (name, range) = try expectIdentifier("a name after `\(start.isKeyword(.let) ? "let" : "var")`")
            _ = try expect(.assign, "after the name in a `\(start.isKeyword(.let) ? "let" : "var")`")
            let value = try parseExpression()
            return finish(.binding(Declaration(name: name, range: range, isMutable: start.isKeyword(.var)), value))
        case .keyword(.param):
            advance()
            let (name, range) = try expectIdentifier("a name after `param`")
            _ = try expect(.assign, "and a default value after the parameter name")
            let value = try parseExpression()
            return finish(.param(Declaration(name: name, range: range, isMutable: false), value))
        case .keyword(.fn) where next.identifier != nil:
            advance()
            let (name, range) = try expectIdentifier("a function name")
            let function = try parseFunctionRest(declaration: Declaration(name: name, range: range, isMutable: false), start: start)
            return finish(.function(function))
        case .keyword(.for):
            advance()
            let (variable, unpack) = try parseLoopVariables()
            guard accept(.in) else { throw fail("expected `in` after the loop variable") }
            let sequence = try parseExpression()
            let body = try parseBlock("the `for` loop")
            return finish(.forLoop(variable, sequence, body, unpack: unpack))
        case .keyword(.while):
            advance()
            let condition = try parseExpression()
            let body = try parseBlock("the `while` loop")
            return finish(.whileLoop(condition, body))
        case .keyword(.return):
            advance()
            if atLineBreak || atEnd || current.isSymbol(.rightBrace) || current.isSymbol(.semicolon) {
                return finish(.returnValue(nil))
            }
            return finish(.returnValue(try parseExpression()))
        case .keyword(.break):
            advance()
            return finish(.breakLoop)
        case .keyword(.continue):
            advance()
            return finish(.continueLoop)
        case .keyword(.use):
            advance()
            guard case .string(let pieces) = current.kind, pieces.allSatisfy({ if case .text = $0 { return true } else { return false } })
            else { throw fail("expected a file path string after `use`") }
            advance()
            let path = pieces.map { if case .text(let t) = $0 { return t } else { return "" } }.joined()
            guard current.identifier == "as", !atLineBreak else { return finish(.use(path, alias: nil)) }
            advance()
            let (name, range) = try expectIdentifier("a namespace name after `as`")
            return finish(.use(path, alias: Declaration(name: name, range: range, isMutable: false)))
        case .keyword(.show):
            advance()
            return finish(.show(try parseExpression()))
        case .identifier("record") where isRecordStatement:
            advance()
            return finish(.record(try parseExpression()))
        default:
            let expression = try parseExpression()
            if case .symbol(let symbol) = current.kind, !atLineBreak, let op = Parser.assignmentOperators[symbol] {
                guard Parser.isAssignable(expression) else {
                    throw fail("cannot assign to this expression: expected a name, a member `a.b` or an index `a[i]`", at: start)
                }
                advance()
                let value = try parseExpression()
                return finish(.assign(target: expression, op: op, value: value))
            }
            return finish(.expression(expression))
        }
    }

    /// `x` or a pattern `(a, b, …)` after `for`. A pattern gives a hidden loop variable named
    /// after it (no program can spell that name) and the names each element unpacks into.
    mutating func parseLoopVariables() throws -> (Declaration, [Declaration]) {
        guard current.isSymbol(.leftParen) else {
            let (name, range) = try expectIdentifier("a loop variable after `for`")
            return (Declaration(name: name, range: range, isMutable: false), [])
        }
        let open = advance()
        var names: [Declaration] = []
        let close = try withNewlines(ignored: true) { parser -> Token in
            repeat {
                let (name, range) = try parser.expectIdentifier("a name in the pattern `(a, b)`")
                if names.contains(where: { $0.name == name }) { throw parser.fail("'\(name)' appears twice in the pattern") }
                names.append(Declaration(name: name, range: range, isMutable: false))
            } while parser.accept(.comma) && !parser.current.isSymbol(.rightParen)
            return try parser.expect(.rightParen, "to close the pattern that starts at \(open.range.start)")
        }
        // `for (x) in …` is `for x in …`, as parentheses around one name mean nothing else.
        if names.count == 1 { return (names[0], []) }
        let pattern = "(" + names.map(\.name).joined(separator: ", ") + ")"
        return (Declaration(name: pattern, range: open.range.union(close.range), isMutable: false), names)
    }

    /// `record` starts a record statement when followed on the same line by `{`, or, inside an
    /// experiment body, by anything but an assignment or member access.
    var isRecordStatement: Bool {
        let following = next
        if following.isAtLineStart || following.kind == .endOfFile { return false }
        if following.isSymbol(.leftBrace) { return true }
        guard experimentDepth > 0 else { return false }
        if case .symbol(let s) = following.kind, s == .dot || Parser.assignmentOperators[s] != nil { return false }
        return true
    }

    /// `=` maps to nil (plain assignment); `+=` and friends map to their operator.
    static let assignmentOperators: [Symbol: BinaryOperator?] = [
        .assign: nil, .plusAssign: .add, .minusAssign: .subtract, .starAssign: .multiply, .slashAssign: .divide,
    ]

    static func isAssignable(_ e: Expr) -> Bool {
        switch e.kind {
        case .name: return true
        case .member(let base, _), .index(let base, _): return isAssignable(base)
        default: return false
        }
    }

    /// `{ statements }`; `owner` names the construct for error messages ("the `for` loop").
    mutating func parseBlock(_ owner: String) throws -> Block {
        guard current.isSymbol(.leftBrace) else {
            throw fail("expected `{` to start the body of \(owner), found \(current.spelling)")
        }
        let open = advance()
        return try nested { parser in
            try parser.withNewlines(ignored: false) { parser in
                var statements: [Stmt] = []
                while !parser.current.isSymbol(.rightBrace) {
                    if parser.atEnd {
                        throw parser.fail("expected `}` to close \(owner) that starts at \(open.range.start)")
                    }
                    if case .cellMarker = parser.current.kind {
                        throw parser.fail("expected `}` to close \(owner) that starts at \(open.range.start) before the next cell")
                    }
                    if let statement = parser.parseStatementRecovering(topLevel: false) { statements.append(statement) }
                }
                let close = parser.advance()
                return Block(statements: statements, range: SourceRange(open.range.start, close.range.end))
            }
        }
    }

    /// Parameters and body after `fn name` or `fn`.
    mutating func parseFunctionRest(declaration: Declaration?, start: Token) throws -> FunctionNode {
        let open = try expect(.leftParen, "to start the parameter list")
        var parameters: [Parameter] = []
        try withNewlines(ignored: true) { parser in
            while !parser.current.isSymbol(.rightParen) {
                let (name, range) = try parser.expectIdentifier("a parameter name")
                var defaultValue: Expr? = nil
                if parser.accept(.colon) { defaultValue = try parser.parseExpression() }
                parameters.append(Parameter(declaration: Declaration(name: name, range: range, isMutable: false), defaultValue: defaultValue))
                if !parser.accept(.comma) { break }
            }
            _ = try parser.expect(.rightParen, "to close the parameter list that starts at \(open.range.start)")
        }
        let savedExperiment = experimentDepth
        experimentDepth = 0
        defer { experimentDepth = savedExperiment }
        let body: Block
        if current.isSymbol(.arrow) {
            advance()
            let expression = try parseExpression()
            body = Block(statements: [Stmt(.returnValue(expression), expression.range)], range: expression.range)
        } else {
            let owner = declaration.map { "function '\($0.name)'" } ?? "the function"
            guard current.isSymbol(.leftBrace) else {
                throw fail("expected `=>` or `{` after the parameters of \(owner), found \(current.spelling)")
            }
            body = try parseBlock(owner)
        }
        return FunctionNode(declaration: declaration, parameters: parameters, body: body,
                            range: SourceRange(start.range.start, body.range.end))
    }
}
