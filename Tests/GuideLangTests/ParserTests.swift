import Testing
@testable import GuideLang

/// Parses an expression and prints it fully parenthesized, to pin precedence.
func shape(_ e: Expr) -> String {
    switch e.kind {
    case .nilLiteral: return "nil"
    case .bool(let b): return "\(b)"
    case .number(let n): return Value.format(n)
    case .string: return "\"…\""
    case .name(let r): return r.name
    case .list(let items): return "[" + items.map(shape).joined(separator: ", ") + "]"
    case .record(let entries): return "{" + entries.map { "\($0.key): \(shape($0.value))" }.joined(separator: ", ") + "}"
    case .keyPath(let name): return "." + name
    case .negate(let x): return "(-\(shape(x)))"
    case .not(let x): return "(not \(shape(x)))"
    case .binary(let op, let a, let b): return "(\(shape(a)) \(op.rawValue) \(shape(b)))"
    case .range(let a, let b, let closed): return "(\(shape(a))\(closed ? "..." : "..<")\(shape(b)))"
    case .call(let f, let args):
        return shape(f) + "(" + args.map { ($0.label.map { "\($0): " } ?? "") + shape($0.value) }.joined(separator: ", ") + ")"
    case .member(let base, let name): return shape(base) + "." + name
    case .index(let base, let index): return shape(base) + "[" + shape(index) + "]"
    case .function(let f): return "fn(" + f.parameters.map(\.declaration.name).joined(separator: ", ") + ")"
    case .conditional: return "if"
    case .experiment(let node): return "experiment \(shape(node.name)) over \(shape(node.rows)) as \(node.row.name)"
    case .invalid: return "<invalid>"
    }
}

struct ParserTests {
    func parse(_ text: String) -> (Program, [String]) {
        let (program, diagnostics) = Parser.parse(SourceFile(name: "t", text: text))
        return (program, diagnostics.map { "\($0.location!): \($0.message)" })
    }

    func expression(_ text: String) -> String {
        let (program, errors) = parse(text)
        guard errors.isEmpty, case .expression(let e)? = program.cells.first?.statements.first?.kind else {
            return "error: \(errors)"
        }
        return shape(e)
    }

    @Test(arguments: [
        ("1 + 2 * 3", "(1 + (2 * 3))"),
        ("1 - 2 - 3", "((1 - 2) - 3)"),
        ("-a * b", "((-a) * b)"),
        ("a + b < c * d", "((a + b) < (c * d))"),
        ("not a == b", "(not (a == b))"),
        ("a or b and c", "(a or (b and c))"),
        ("not a and b", "((not a) and b)"),
        ("0..<n + 1", "(0..<(n + 1))"),
        ("a..<b == r", "((a..<b) == r)"),
        ("x |> f", "f(x)"),
        ("x |> f(b)", "f(x, b)"),
        ("x |> f(b, k: 1) |> g", "g(f(x, b, k: 1))"),
        ("a or b |> f", "f((a or b))"),
        ("m.f(x)[0].y", "m.f(x)[0].y"),
        ("generate(m, p, max_tokens: 80)", "generate(m, p, max_tokens: 80)"),
        ("sort(rows, by: .delta)", "sort(rows, by: .delta)"),
        ("{delta, lang: \"fr\"}", "{delta: delta, lang: \"…\"}"),
        ("fn(x) => x * 2", "fn(x)"),
        ("7 % 3 / 2", "((7 % 3) / 2)"),
        ("-2 * 3", "(-2 * 3)"),
    ])
    func precedence(_ text: String, _ expected: String) {
        #expect(expression(text) == expected)
    }

    @Test func pipelinesContinueOnTheNextLine() {
        #expect(expression("docs\n  |> filter(f)\n  |> map(.text)") == "map(filter(docs, f), .text)")
        #expect(expression("a\n  and b") == "(a and b)")
        #expect(expression("f(1,\n  2)") == "f(1, 2)")
    }

    @Test func newlinesEndStatements() {
        let (program, errors) = parse("let a = 1\n-2\n(3)\n[4]")
        #expect(errors.isEmpty)
        #expect(program.cells[0].statements.count == 4)
    }

    @Test func cellsSplitTheFile() {
        let (program, errors) = parse("let a = 1\n%% Second\na\n%%\nb")
        #expect(errors.isEmpty)
        #expect(program.cells.map(\.title) == [nil, "Second", ""])
        #expect(program.cells.map(\.statements.count) == [1, 1, 1])
        let (titled, _) = parse("%% Only\n1")
        #expect(titled.cells.map(\.title) == ["Only"])
    }

    @Test func experimentsParse() {
        let text = "experiment \"french\" over grid(delta: [0, 1]) as row {\n  let g = row.delta\n  record {delta: g}\n}"
        #expect(expression(text) == "experiment \"…\" over grid(delta: [0, 1]) as row")
        let (program, _) = parse(text)
        guard case .expression(let e)? = program.cells[0].statements.first?.kind, case .experiment(let node) = e.kind else {
            Issue.record("no experiment")
            return
        }
        guard case .record? = node.body.statements.last?.kind else {
            Issue.record("record statement not recognised")
            return
        }
    }

    @Test func recordIsStillAName() {
        let (program, errors) = parse("let record = 1\nprint(record)\nrecord = 2")
        #expect(errors.isEmpty)
        #expect(program.cells[0].statements.count == 3)
    }

    @Test func severalErrorsAreReported() {
        let (_, errors) = parse("let = 1\nlet ok = 2\nprint(1 2)\nfn (x { }\nlet fine = 3")
        #expect(errors == [
            "1:5: expected a name after `let`, found '='",
            "3:9: expected `)` to close the call that starts at 3:6",
            "4:7: expected `)` to close the parameter list that starts at 4:4",
        ])
    }

    @Test func incompleteInputIsItsOwnCode() {
        for text in ["f(1,", "let x = [", "fn f() {", "if a {\n print(1)", "let s = {a: 1,", "let x =", "\"\"\"\nabc"] {
            let (_, diagnostics) = Parser.parse(SourceFile(name: "t", text: text))
            #expect(diagnostics.contains { $0.code == .incompleteInput }, "\(text)")
        }
        let (_, diagnostics) = Parser.parse(SourceFile(name: "t", text: "f(1))"))
        #expect(diagnostics.map(\.code) == [.syntax])
    }

    @Test func chainedComparisonsAreRefused() {
        let (_, errors) = parse("a < b < c")
        #expect(errors == ["1:7: comparisons cannot be chained: expected `and` between two comparisons"])
    }

    @Test func assignmentTargets() {
        let (_, good) = parse("var a = {b: [1]}\na.b[0] = 2\na.b[0] += 1")
        #expect(good.isEmpty)
        let (_, bad) = parse("f() = 1")
        #expect(bad == ["1:1: cannot assign to this expression: expected a name, a member `a.b` or an index `a[i]`"])
    }
}
