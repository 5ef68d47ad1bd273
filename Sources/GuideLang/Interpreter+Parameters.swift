/// Script parameters: `param bias = 1` overridden by `guide run FILE bias=2`.
///
/// An override is parsed according to the default's kind, known from its literal:
/// a string default takes the text as it is; a number default needs a number (`2`, `-1`,
/// `1_000`, `2e-3`); a bool needs `true` or `false`. Any other default (a list, a range, a
/// record, an expression) takes a GuideLang literal of the same kind (`[0, 2, 4]`, `0..<6`).
extension Interpreter {
    /// Checks and parses overrides against the program's `param` declarations; throws all problems.
    func setParameterOverrides(_ overrides: [String: String], for program: Program) throws {
        var declared: [String: Expr] = [:]
        for (declaration, defaultValue) in program.parameters { declared[declaration.name] = defaultValue }
        for prepared in preparedUses.values {
            for (declaration, defaultValue) in prepared.program.parameters where declared[declaration.name] == nil {
                declared[declaration.name] = defaultValue
            }
        }
        var problems: [Diagnostic] = []
        var parsed: [String: Value] = [:]
        for (name, text) in overrides.sorted(by: { $0.key < $1.key }) {
            guard let defaultValue = declared[name] else {
                let known = declared.keys.sorted()
                let list = known.isEmpty ? "the script declares no parameters" : "parameters: " + known.joined(separator: ", ")
                problems.append(Diagnostic(.unknownParameter, "unknown parameter '\(name)' (\(list))"))
                continue
            }
            do {
                parsed[name] = try Interpreter.parseParameter(text, like: defaultValue)
            } catch let message as ParameterError {
                problems.append(Diagnostic(.malformedParameter, "malformed value for parameter '\(name)': \(message.text)",
                                           file: program.file, range: defaultValue.range))
            }
        }
        if !problems.isEmpty { throw DiagnosticList(problems) }
        parameterOverrides = parsed
    }

    struct ParameterError: Error { var text: String }

    /// The kind a literal default has, or nil for an expression whose kind is only known when it runs.
    static func literalKind(_ e: Expr) -> String? {
        switch e.kind {
        case .number, .negate: return "number"
        case .string(let parts): return parts.allSatisfy({ if case .text = $0 { return true } else { return false } }) ? "string" : nil
        case .bool: return "bool"
        case .list: return "list"
        case .record: return "record"
        case .range: return "range"
        default: return nil
        }
    }

    static func parseParameter(_ text: String, like defaultValue: Expr) throws -> Value {
        let kind = literalKind(defaultValue)
        if kind == "string" { return .string(text) }
        if kind == "bool" {
            if text == "true" { return .bool(true) }
            if text == "false" { return .bool(false) }
            throw ParameterError(text: "expected true or false, got '\(text)'")
        }
        let value = try parseLiteral(text)
        if let kind, value.typeName != kind {
            throw ParameterError(text: "expected a \(kind), got '\(text)'")
        }
        return value
    }

    /// Evaluates a constant GuideLang literal: numbers, strings, bools, nil, lists, records, ranges.
    static func parseLiteral(_ text: String) throws -> Value {
        let (program, diagnostics) = Parser.parse(SourceFile(name: "<parameter>", text: text))
        guard diagnostics.isEmpty, program.cells.count == 1, program.cells[0].statements.count == 1,
              case .expression(let e) = program.cells[0].statements[0].kind else {
            throw ParameterError(text: "'\(text)' is not a literal value")
        }
        return try constant(e, text)
    }

    static func constant(_ e: Expr, _ text: String) throws -> Value {
        switch e.kind {
        case .nilLiteral: return .nil
        case .bool(let b): return .bool(b)
        case .number(let n): return .number(n)
        case .string(let parts):
            var s = ""
            for part in parts {
                guard case .text(let t) = part else { throw ParameterError(text: "'\(text)' is not a literal value") }
                s += t
            }
            return .string(s)
        case .negate(let inner):
            if case .number(let n) = try constant(inner, text) { return .number(-n) }
        case .list(let items): return .list(try items.map { try constant($0, text) })
        case .record(let entries): return .record(Record(try entries.map { ($0.key, try constant($0.value, text)) }))
        case .range(let a, let b, let closed):
            do { return try Operators.range(try constant(a, text), try constant(b, text), closed: closed) } catch is Diagnostic {}
        default: break
        }
        throw ParameterError(text: "'\(text)' is not a literal value")
    }
}
