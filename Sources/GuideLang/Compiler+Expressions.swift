/// Expressions. Common cases (numbers, list elements, record fields) are handled inline;
/// everything else goes through `Operators`, with errors located at the expression.
extension Compiler {
    func compile(_ expression: Expr) -> Eval {
        let site = self.site(expression.range)
        switch expression.kind {
        case .nilLiteral, .invalid:
            return { _ in .nil }
        case .bool(let b):
            let value = Value.bool(b)
            return { _ in value }
        case .number(let n):
            let value = Value.number(n)
            return { _ in value }
        case .keyPath(let name):
            let value = Value.keyPath(name)
            return { _ in value }
        case .string(let parts):
            return compileString(parts, expression.range)
        case .name(let reference):
            return compileLoad(reference, site)
        case .list(let items):
            let evals = ContiguousArray(items.map(compile))
            return { frame in
                var values: [Value] = []
                values.reserveCapacity(evals.count)
                for eval in evals { values.append(try eval(frame)) }
                return .list(values)
            }
        case .record(let entries):
            let fields = entries.map { ($0.key, compile($0.value)) }
            return { frame in
                var record = Record()
                for (key, eval) in fields { record[key] = try eval(frame) }
                return .record(record)
            }
        case .negate(let operand):
            let eval = compile(operand)
            return { frame in
                let value = try eval(frame)
                if case .number(let n) = value { return .number(-n) }
                throw site.error(.typeMismatch, "cannot negate \(value.typeName)")
            }
        case .not(let operand):
            let eval = compile(operand)
            return { frame in
                let value = try eval(frame)
                if case .bool(let b) = value { return .bool(!b) }
                throw site.error(.typeMismatch, "`not` needs a bool, got \(value.typeName)")
            }
        case .binary(let op, let left, let right):
            return compileBinary(op, left, right, site)
        case .range(let lower, let upper, let closed):
            let (a, b) = (compile(lower), compile(upper))
            return { frame in
                let (x, y) = (try a(frame), try b(frame))
                do { return try Operators.range(x, y, closed: closed) } catch { throw site.locate(error) }
            }
        case .call(let callee, let arguments):
            return compileCall(callee, arguments, site)
        case .member(let base, let name):
            let eval = compile(base)
            return { frame in
                let value = try eval(frame)
                if case .record(let record) = value, let field = record[name] { return field }
                do { return try Operators.member(value, name) } catch { throw site.locate(error) }
            }
        case .index(let base, let index):
            if case .range(let lower, let upper, let closed) = index.kind {
                let (container, from, to) = (compile(base), compile(lower), compile(upper))
                return { frame in
                    let (value, low, high) = (try container(frame), try from(frame), try to(frame))
                    do { return try Operators.slice(value, lower: low, upper: high, closed: closed) } catch { throw site.locate(error) }
                }
            }
            let (a, b) = (compile(base), compile(index))
            return { frame in
                let container = try a(frame)
                let key = try b(frame)
                if case .list(let items) = container, case .number(let n) = key, n >= 0, n < Double(items.count),
                   let i = Int(exactly: n) {
                    return items[i]
                }
                do { return try Operators.index(container, key) } catch { throw site.locate(error) }
            }
        case .function(let node):
            let make = compileClosure(node)
            return { frame in make(frame) }
        case .conditional(let node):
            let run = compileIf(node)
            return { frame in
                _ = try run(frame)
                return frame.lastValue
            }
        case .experiment(let node):
            return compileExperiment(node, site)
        }
    }

    func compileString(_ parts: [StringPart], _ range: SourceRange) -> Eval {
        var pieces: [Either] = []
        for part in parts {
            switch part {
            case .text(let text): pieces.append(.text(text))
            case .expression(let e): pieces.append(.eval(compile(e)))
            }
        }
        if pieces.allSatisfy({ if case .text = $0 { return true } else { return false } }) {
            let value = Value.string(pieces.map { if case .text(let t) = $0 { return t } else { return "" } }.joined())
            return { _ in value }
        }
        unowned(unsafe) let interpreter = self.interpreter
        let site = self.site(range)
        return { frame in
            var text = ""
            for piece in pieces {
                switch piece {
                case .text(let t): text += t
                case .eval(let eval): text += try eval(frame).displayText()
                }
                if text.utf8.count > interpreter.options.maxStringLength {
                    do { try Operators.checkString(text.utf8.count, interpreter.options) } catch { throw site.locate(error) }
                }
            }
            return .string(text)
        }
    }

    enum Either {
        case text(String)
        case eval(Eval)
    }

    func compileLoad(_ reference: NameReference, _ site: Site) -> Eval {
        switch reference.resolution {
        case .local(let variable):
            let i = variable.index
            if variable.isCaptured { return { frame in frame.boxes[i].value } }
            return { frame in frame.slots[i] }
        case .upvalue(let i):
            return { frame in frame.captures[i].value }
        case .global, .unresolved:
            let cell = globalCell(reference.name)
            let name = reference.name
            return { _ in
                if cell.isDefined { return cell.value }
                throw site.error(.unknownName, "undefined name '\(name)': it is not defined yet")
            }
        }
    }

    func compileBinary(_ op: BinaryOperator, _ a: @escaping Eval, _ b: @escaping Eval, _ site: Site) -> Eval {
        unowned(unsafe) let interpreter = self.interpreter
        switch op {
        case .and, .or:
            let isAnd = op == .and
            return { frame in
                let left = try a(frame)
                guard case .bool(let x) = left else {
                    throw site.error(.typeMismatch, "`\(op.rawValue)` needs bools, got \(left.typeName)")
                }
                if x != isAnd { return left }
                let right = try b(frame)
                guard case .bool = right else {
                    throw site.error(.typeMismatch, "`\(op.rawValue)` needs bools, got \(right.typeName)")
                }
                return right
            }
        default:
            return { frame in
                let (x, y) = (try a(frame), try b(frame))
                if case .number(let p) = x, case .number(let q) = y, let v = Compiler.fastNumeric(op, p, q) { return v }
                do { return try Compiler.slowBinary(op, x, y, interpreter.options) } catch { throw site.locate(error) }
            }
        }
    }
}

/// Binary operators on the common operand shapes (a local and a constant, two locals), which
/// skip the closure calls that would load them.
extension Compiler {
    enum Operand {
        case slot(Int)
        case constant(Double)
        case other
    }

    static func operand(_ e: Expr) -> Operand {
        switch e.kind {
        case .number(let n): return .constant(n)
        case .name(let reference):
            if case .local(let variable) = reference.resolution, !variable.isCaptured { return .slot(variable.index) }
            return .other
        default: return .other
        }
    }

    /// The result for two numbers, or nil when the general path must decide (errors, `and`/`or`).
    @inline(__always)
    static func fastNumeric(_ op: BinaryOperator, _ p: Double, _ q: Double) -> Value? {
        switch op {
        case .add: return .number(p + q)
        case .subtract: return .number(p - q)
        case .multiply: return .number(p * q)
        case .divide: return q != 0 ? .number(p / q) : nil
        case .remainder: return q != 0 ? .number(Operators.floorRemainder(p, q)) : nil
        case .power: return .number(Operators.power(p, q))
        case .less: return .bool(p < q)
        case .lessEqual: return .bool(p <= q)
        case .greater: return .bool(p > q)
        case .greaterEqual: return .bool(p >= q)
        case .equal: return .bool(p == q)
        case .notEqual: return .bool(p != q)
        case .and, .or: return nil
        }
    }

    static func slowBinary(_ op: BinaryOperator, _ x: Value, _ y: Value, _ limits: InterpreterOptions) throws -> Value {
        switch op {
        case .add, .subtract, .multiply, .divide, .remainder, .power:
            return try Operators.arithmetic(op, x, y, limits: limits)
        default:
            return .bool(try Operators.compare(op, x, y))
        }
    }

    func compileBinary(_ op: BinaryOperator, _ left: Expr, _ right: Expr, _ site: Site) -> Eval {
        if op == .and || op == .or { return compileBinary(op, compile(left), compile(right), site) }
        unowned(unsafe) let interpreter = self.interpreter
        switch (Compiler.operand(left), Compiler.operand(right)) {
        case (.slot(let i), .constant(let c)):
            let constant = Value.number(c)
            return { frame in
                let x = frame.slots[i]
                if case .number(let p) = x, let v = Compiler.fastNumeric(op, p, c) { return v }
                do { return try Compiler.slowBinary(op, x, constant, interpreter.options) } catch { throw site.locate(error) }
            }
        case (.slot(let i), .slot(let j)):
            return { frame in
                let (x, y) = (frame.slots[i], frame.slots[j])
                if case .number(let p) = x, case .number(let q) = y, let v = Compiler.fastNumeric(op, p, q) { return v }
                do { return try Compiler.slowBinary(op, x, y, interpreter.options) } catch { throw site.locate(error) }
            }
        case (.other, .constant(let c)):
            let a = compile(left)
            let constant = Value.number(c)
            return { frame in
                let x = try a(frame)
                if case .number(let p) = x, let v = Compiler.fastNumeric(op, p, c) { return v }
                do { return try Compiler.slowBinary(op, x, constant, interpreter.options) } catch { throw site.locate(error) }
            }
        default:
            return compileBinary(op, compile(left), compile(right), site)
        }
    }
}
