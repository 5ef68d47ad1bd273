/// Expressions, loosest first: `|>`, `or`, `and`, `not`, comparisons, ranges, `+ -`,
/// `* / %`, unary `-`, postfix call / member / index.
extension Parser {
    mutating func parseExpression() throws -> Expr {
        try nested { try $0.parsePipe() }
    }

    func span(_ a: Expr, _ b: Expr) -> SourceRange { a.range.union(b.range) }

    /// Operator chains (`a + b + c …`, `f()()()`, `a.b.c …`) grow the tree without recursing
    /// here, but later phases walk it recursively: each link counts as a level.
    mutating func deepen(_ links: inout Int) throws {
        links += 1
        if depth + links > Parser.maxTreeDepth {
            report(.nestingTooDeep, "expression is too long or nests too deeply (more than \(Parser.maxTreeDepth) levels)", current.range)
            throw Failure()
        }
    }

    /// A binary operator may start a new line only when it is one of these.
    func continuesAcrossLines(_ token: Token) -> Bool {
        token.isSymbol(.pipe) || token.isKeyword(.and) || token.isKeyword(.or)
    }

    mutating func binaryOperatorAhead(_ accepted: [Symbol]) -> Symbol? {
        guard case .symbol(let symbol) = current.kind, accepted.contains(symbol) else { return nil }
        if atLineBreak, !continuesAcrossLines(current) { return nil }
        return symbol
    }

    mutating func keywordOperatorAhead(_ keyword: Keyword) -> Bool {
        current.isKeyword(keyword) && (!atLineBreak || continuesAcrossLines(current))
    }

    mutating func parsePipe() throws -> Expr {
        var left = try parseOr()
        var links = 0
        while binaryOperatorAhead([.pipe]) != nil {
            try deepen(&links)
            advance()
            let right = try parseOr()
            let input = Argument(label: nil, value: left, range: left.range)
            if case .call(let callee, let arguments) = right.kind {
                left = Expr(.call(callee, [input] + arguments), span(left, right))
            } else {
                left = Expr(.call(right, [input]), span(left, right))
            }
        }
        return left
    }

    mutating func parseOr() throws -> Expr {
        var left = try parseAnd()
        var links = 0
        while keywordOperatorAhead(.or) {
            try deepen(&links)
            advance()
            let right = try parseAnd()
            left = Expr(.binary(.or, left, right), span(left, right))
        }
        return left
    }

    mutating func parseAnd() throws -> Expr {
        var left = try parseNot()
        var links = 0
        while keywordOperatorAhead(.and) {
            try deepen(&links)
            advance()
            let right = try parseNot()
            left = Expr(.binary(.and, left, right), span(left, right))
        }
        return left
    }

    mutating func parseNot() throws -> Expr {
        if current.isKeyword(.not) {
            let start = advance()
            let operand = try nested { try $0.parseNot() }
            return Expr(.not(operand), start.range.union(operand.range))
        }
        return try parseComparison()
    }

    static let comparisons: [Symbol: BinaryOperator] = [
        .equal: .equal, .notEqual: .notEqual, .less: .less, .lessEqual: .lessEqual,
        .greater: .greater, .greaterEqual: .greaterEqual,
    ]

    mutating func parseComparison() throws -> Expr {
        let left = try parseRange()
        let symbols = Array(Parser.comparisons.keys)
        guard let symbol = binaryOperatorAhead(symbols), let op = Parser.comparisons[symbol] else { return left }
        advance()
        let right = try parseRange()
        if binaryOperatorAhead(symbols) != nil {
            throw fail("comparisons cannot be chained: expected `and` between two comparisons")
        }
        return Expr(.binary(op, left, right), span(left, right))
    }

    mutating func parseRange() throws -> Expr {
        let left = try parseAdditive()
        // `x[2...]`: a range with no upper bound, which only an index may hold (`parseIndex`).
        guard let symbol = binaryOperatorAhead([.halfOpenRange, .closedRange]), !next.isSymbol(.rightBracket) else { return left }
        advance()
        let right = try parseAdditive()
        return Expr(.range(left, right, closed: symbol == .closedRange), span(left, right))
    }

    mutating func parseAdditive() throws -> Expr {
        var left = try parseMultiplicative()
        var links = 0
        while let symbol = binaryOperatorAhead([.plus, .minus]) {
            try deepen(&links)
            advance()
            let right = try parseMultiplicative()
            left = Expr(.binary(symbol == .plus ? .add : .subtract, left, right), span(left, right))
        }
        return left
    }

    mutating func parseMultiplicative() throws -> Expr {
        var left = try parseUnary()
        var links = 0
        while let symbol = binaryOperatorAhead([.star, .slash, .percent]) {
            try deepen(&links)
            advance()
            let right = try parseUnary()
            let op: BinaryOperator = symbol == .star ? .multiply : symbol == .slash ? .divide : .remainder
            left = Expr(.binary(op, left, right), span(left, right))
        }
        return left
    }

    mutating func parseUnary() throws -> Expr {
        if current.isSymbol(.minus) {
            let start = advance()
            let operand = try nested { try $0.parseUnary() }
            if case .number(let n) = operand.kind { return Expr(.number(-n), start.range.union(operand.range)) }
            return Expr(.negate(operand), start.range.union(operand.range))
        }
        return try parsePower()
    }

    /// `a ** b`: binds tighter than unary minus (`-2 ** 2` is -4) and groups to the right
    /// (`2 ** 3 ** 2` is 2 ** 9), as in Python.
    mutating func parsePower() throws -> Expr {
        let base = try parsePostfix()
        guard binaryOperatorAhead([.power]) != nil else { return base }
        advance()
        let exponent = try nested { try $0.parseUnary() }
        return Expr(.binary(.power, base, exponent), span(base, exponent))
    }

    /// The inside of `x[…]`: an expression, or a range with an open end that slices to the
    /// start or the end (`x[..<3]`, `x[...2]`, `x[2...]`); the missing bound is a nil literal.
    mutating func parseIndex() throws -> Expr {
        if current.isSymbol(.halfOpenRange) || current.isSymbol(.closedRange) {
            let symbol = advance()
            let upper = try parseAdditive()
            return Expr(.range(Expr(.nilLiteral, symbol.range), upper, closed: symbol.isSymbol(.closedRange)),
                        symbol.range.union(upper.range))
        }
        let expression = try parseExpression()
        if current.isSymbol(.halfOpenRange) || current.isSymbol(.closedRange), next.isSymbol(.rightBracket) {
            let symbol = advance()
            return Expr(.range(expression, Expr(.nilLiteral, symbol.range), closed: symbol.isSymbol(.closedRange)),
                        expression.range.union(symbol.range))
        }
        return expression
    }

    mutating func parsePostfix() throws -> Expr {
        var expression = try parsePrimary()
        var links = 0
        while true {
            if current.isSymbol(.leftParen) || current.isSymbol(.leftBracket) || current.isSymbol(.dot) { try deepen(&links) }
            if current.isSymbol(.leftParen), !atLineBreak {
                expression = try parseCall(expression)
            } else if current.isSymbol(.leftBracket), !atLineBreak {
                let open = advance()
                let index = try withNewlines(ignored: true) { try $0.parseIndex() }
                let close = try withNewlines(ignored: true) {
                    try $0.expect(.rightBracket, "to close the index that starts at \(open.range.start)")
                }
                expression = Expr(.index(expression, index), expression.range.union(close.range))
            } else if current.isSymbol(.dot) {
                advance()
                let (name, range) = try expectMemberName()
                expression = Expr(.member(expression, name), expression.range.union(range))
            } else {
                return expression
            }
        }
    }

    /// Whether `token` can follow `.` as a member name (an identifier or a keyword).
    static func isMemberName(_ token: Token) -> Bool {
        switch token.kind {
        case .identifier, .keyword: return true
        default: return false
        }
    }

    mutating func expectMemberName() throws -> (String, SourceRange) {
        if case .keyword(let k) = current.kind { return (k.rawValue, advance().range) }
        return try expectIdentifier("a member name after `.`")
    }

    mutating func parseCall(_ callee: Expr) throws -> Expr {
        let open = advance()
        var arguments: [Argument] = []
        let close = try withNewlines(ignored: true) { parser -> Token in
            var sawLabel = false
            while !parser.current.isSymbol(.rightParen) {
                if parser.atEnd { break }
                let start = parser.current
                var label: String? = nil
                if let name = start.identifier, parser.next.isSymbol(.colon) {
                    label = name
                    parser.advance()
                    parser.advance()
                    sawLabel = true
                } else if sawLabel {
                    throw parser.fail("positional arguments must come before named ones")
                }
                let value = try parser.parseExpression()
                arguments.append(Argument(label: label, value: value, range: start.range.union(value.range)))
                if !parser.accept(.comma) { break }
            }
            return try parser.expect(.rightParen, "to close the call that starts at \(open.range.start)")
        }
        return Expr(.call(callee, arguments), callee.range.union(close.range))
    }

    mutating func parsePrimary() throws -> Expr {
        let token = current
        switch token.kind {
        case .number(let value):
            advance()
            return Expr(.number(value), token.range)
        case .string(let pieces):
            advance()
            var parts: [StringPart] = []
            for piece in pieces { parts.append(try parseStringPiece(piece)) }
            return Expr(.string(parts), token.range)
        case .keyword(.true), .keyword(.false):
            advance()
            return Expr(.bool(token.isKeyword(.true)), token.range)
        case .keyword(.nil):
            advance()
            return Expr(.nilLiteral, token.range)
        case .identifier(let name):
            advance()
            return Expr(.name(NameReference(name: name, range: token.range)), token.range)
        case .symbol(.leftParen):
            advance()
            return try withNewlines(ignored: true) { parser in
                let inner = try parser.parseExpression()
                let close = try parser.expect(.rightParen, "to close the parenthesis that starts at \(token.range.start)")
                return Expr(inner.kind, token.range.union(close.range))
            }
        case .symbol(.leftBracket):
            return try parseList()
        case .symbol(.leftBrace):
            return try parseRecord()
        case .symbol(.dot):
            advance()
            var (path, range) = try expectMemberName()
            // `.a.b` on one line is one key path, fn(r) => r.a.b (a line starting with `.` continues).
            while current.isSymbol(.dot), !current.isAtLineStart, Parser.isMemberName(next) {
                advance()
                let (name, more) = try expectMemberName()
                path += "." + name
                range = range.union(more)
            }
            return Expr(.keyPath(path), token.range.union(range))
        case .keyword(.fn):
            advance()
            let function = try parseFunctionRest(declaration: nil, start: token)
            return Expr(.function(function), function.range)
        case .keyword(.if):
            return try parseIf()
        case .keyword(.experiment):
            return try parseExperiment()
        default:
            throw fail("expected an expression, found \(token.spelling)")
        }
    }

    mutating func parseStringPiece(_ piece: StringPiece) throws -> StringPart {
        switch piece {
        case .text(let text):
            return .text(text)
        case .interpolation(let tokens):
            var inner = Parser(file: file, tokens: tokens)
            inner.depth = depth
            inner.ignoresNewlines = true
            let start = tokens.first?.range ?? current.range
            do {
                if inner.atEnd { throw inner.fail("expected an expression inside `\\( )`") }
                let expression = try inner.parseExpression()
                if !inner.atEnd { throw inner.fail("expected `)` to end the interpolation, found \(inner.current.spelling)") }
                diagnostics += inner.diagnostics
                return .expression(expression)
            } catch {
                diagnostics += inner.diagnostics
                lastErrorLine = start.start.line
                throw error
            }
        }
    }

    mutating func parseList() throws -> Expr {
        let open = advance()
        return try withNewlines(ignored: true) { parser in
            var items: [Expr] = []
            while !parser.current.isSymbol(.rightBracket) {
                items.append(try parser.parseExpression())
                if !parser.accept(.comma) { break }
            }
            let close = try parser.expect(.rightBracket, "to close the list that starts at \(open.range.start)")
            return Expr(.list(items), open.range.union(close.range))
        }
    }

    mutating func parseRecord() throws -> Expr {
        let open = advance()
        return try withNewlines(ignored: true) { parser in
            var entries: [RecordEntry] = []
            while !parser.current.isSymbol(.rightBrace) {
                let keyToken = parser.current
                let key: String
                switch keyToken.kind {
                case .identifier(let name): key = name
                case .keyword(let k) where parser.next.isSymbol(.colon): key = k.rawValue
                case .string(let pieces) where pieces.count <= 1:
                    if case .text(let text)? = pieces.first { key = text } else { key = "" }
                default:
                    throw parser.fail("expected a field name in the record that starts at \(open.range.start), found \(keyToken.spelling)")
                }
                parser.advance()
                if parser.accept(.colon) {
                    entries.append(RecordEntry(key: key, value: try parser.parseExpression()))
                } else if keyToken.identifier != nil {
                    entries.append(RecordEntry(key: key, value: Expr(.name(NameReference(name: key, range: keyToken.range)), keyToken.range)))
                } else {
                    throw parser.fail("expected `:` after the field name \(keyToken.spelling)")
                }
                if !parser.accept(.comma) { break }
            }
            let close = try parser.expect(.rightBrace, "to close the record that starts at \(open.range.start)")
            return Expr(.record(entries), open.range.union(close.range))
        }
    }

    mutating func parseIf() throws -> Expr {
        let start = current
        var branches: [(condition: Expr, body: Block)] = []
        var elseBody: Block? = nil
        repeat {
            advance()  // `if`
            let condition = try withNewlines(ignored: false) { try $0.parseExpression() }
            branches.append((condition, try parseBlock("the `if`")))
            guard accept(.else) else { break }
            if !current.isKeyword(.if) {
                elseBody = try parseBlock("the `else`")
                break
            }
        } while true
        let end = elseBody?.range ?? branches[branches.count - 1].body.range
        return Expr(.conditional(IfNode(branches: branches, elseBody: elseBody)), start.range.union(end))
    }

    mutating func parseExperiment() throws -> Expr {
        let start = advance()
        let name = try parseOr()
        guard current.identifier == "over" else { throw fail("expected `over` after the experiment's name, found \(current.spelling)") }
        advance()
        let rows = try parseExpression()
        guard current.identifier == "as" else { throw fail("expected `as` and a row name after the experiment's rows, found \(current.spelling)") }
        advance()
        let (rowName, rowRange) = try expectIdentifier("a row name after `as`")
        experimentDepth += 1
        defer { experimentDepth -= 1 }
        let body = try parseBlock("the experiment")
        let node = ExperimentNode(name: name, rows: rows, row: Declaration(name: rowName, range: rowRange, isMutable: false), body: body)
        return Expr(.experiment(node), start.range.union(body.range))
    }
}
