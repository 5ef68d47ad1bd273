/// Compiles resolved syntax trees into Swift closures ("closure compilation"): each node
/// becomes a closure that runs it, with every name already turned into a slot, box,
/// capture or global cell. Statements return how they completed; expressions return values.
typealias Eval = (Frame) throws -> Value
typealias Exec = (Frame) throws -> Completion

/// A source range with its file, captured by compiled code to locate runtime errors.
final class Site {
    let file: SourceFile
    let range: SourceRange

    init(_ file: SourceFile, _ range: SourceRange) {
        self.file = file
        self.range = range
    }

    func error(_ code: DiagnosticCode, _ message: String) -> Diagnostic {
        Diagnostic(code, message, file: file, range: range)
    }

    /// Gives an error without a location this site's location.
    func locate(_ error: Error) -> Error {
        if var diagnostic = error as? Diagnostic {
            if diagnostic.range == nil {
                diagnostic.file = file
                diagnostic.range = range
            }
            return diagnostic
        }
        if let list = error as? DiagnosticList, let first = list.diagnostics.first { return locate(first) }
        return Diagnostic(.hostError, "\(error)", file: file, range: range)
    }

    /// An error that came out of calling `callee` here: located here if it has no location,
    /// otherwise extended with a call-stack entry.
    func callFailure(_ error: Error, callee: String) -> Error {
        if var diagnostic = error as? Diagnostic {
            if diagnostic.range == nil {
                diagnostic.file = file
                diagnostic.range = range
            } else if diagnostic.callStack.count < 32 {
                diagnostic.callStack.append(CallStackEntry(function: callee, fileName: file.name, location: range.start))
            }
            return diagnostic
        }
        if let argument = error as? ArgumentError {
            return Diagnostic(argument.code, "bad argument #\(argument.position) to '\(callee)': \(argument.message)", file: file, range: range)
        }
        if let list = error as? DiagnosticList, let first = list.diagnostics.first { return callFailure(first, callee: callee) }
        return Diagnostic(.hostError, "\(callee): \(error)", file: file, range: range)
    }
}

/// A cell's compiled statements.
struct CompiledCell {
    var statements: [Exec]
    /// Whether the last statement is an expression (its value is the cell's value).
    var endsWithExpression: Bool
}

/// Where a declaration stores its value.
enum DeclarationTarget {
    case local(LocalSlot)
    case global(GlobalCell, isMutable: Bool)

    @inline(__always)
    func store(_ value: Value, in frame: Frame) {
        switch self {
        case .local(let slot): slot.declare(value, in: frame)
        case .global(let cell, let isMutable):
            cell.value = value
            cell.isDefined = true
            cell.isMutable = isMutable
        }
    }
}

struct Compiler {
    unowned let interpreter: Interpreter
    let file: SourceFile
    /// The scope of a library used with `use … as`, nil for the session's globals.
    var scope: LibraryScope? = nil

    /// The cell of the global `name`: the library scope's own when it owns the name.
    func globalCell(_ name: String) -> GlobalCell {
        if let scope, scope.names.contains(name) { return scope.cell(name) }
        return interpreter.globalCell(name)
    }

    func site(_ range: SourceRange) -> Site { Site(file, range) }

    static func isExpressionStatement(_ statement: Stmt?) -> Bool {
        if case .expression? = statement?.kind { return true }
        return false
    }

    func compileCell(_ cell: Cell) -> CompiledCell {
        CompiledCell(statements: cell.statements.map(compile),
                     endsWithExpression: Compiler.isExpressionStatement(cell.statements.last))
    }

    func target(_ declaration: Declaration) -> DeclarationTarget {
        if let variable = declaration.variable { return .local(LocalSlot(variable)) }
        return .global(globalCell(declaration.name), isMutable: declaration.isMutable)
    }

    /// A block; when its value is used and it does not end with an expression, its value is nil.
    func compile(_ block: Block, valueUsed: Bool) -> Exec {
        var statements = block.statements.map(compile)
        // Boxes of captured local functions exist from the block's start (they may call each other).
        let functionBoxes = block.statements.compactMap { statement -> Int? in
            guard case .function(let node) = statement.kind, let variable = node.declaration?.variable,
                  variable.isCaptured else { return nil }
            return variable.index
        }
        if !functionBoxes.isEmpty {
            statements.insert({ frame in
                for i in functionBoxes { frame.boxes[i] = Box(.nil) }
                return .normal
            }, at: 0)
        }
        if valueUsed, !Compiler.isExpressionStatement(block.statements.last) {
            statements.append { frame in
                frame.lastValue = .nil
                return .normal
            }
        }
        switch statements.count {
        case 0: return { _ in .normal }
        case 1: return statements[0]
        case 2:
            let (a, b) = (statements[0], statements[1])
            return { frame in
                let completion = try a(frame)
                if case .normal = completion { return try b(frame) }
                return completion
            }
        default:
            let all = ContiguousArray(statements)
            return { frame in
                for statement in all {
                    let completion = try statement(frame)
                    if case .normal = completion { continue }
                    return completion
                }
                return .normal
            }
        }
    }

    func compile(_ statement: Stmt) -> Exec {
        unowned(unsafe) let interpreter = self.interpreter
        let site = self.site(statement.range)
        switch statement.kind {
        case .expression(let e):
            if case .conditional(let node) = e.kind { return compileIf(node) }
            let value = compile(e)
            return { frame in
                frame.lastValue = try value(frame)
                return .normal
            }
        case .binding(let declaration, let e):
            let value = compile(e)
            let destination = target(declaration)
            return { frame in
                destination.store(try value(frame), in: frame)
                return .normal
            }
        case .param(let declaration, let e):
            let value = compile(e)
            let cell = globalCell(declaration.name)
            let name = declaration.name
            let library = scope
            return { frame in
                let v = try interpreter.parameterOverrides[name] ?? value(frame)
                cell.value = v
                cell.isDefined = true
                cell.isMutable = false
                if let library {
                    library.parameters.removeAll { $0.name == name }
                    library.parameters.append((name, v))
                } else {
                    interpreter.parameters.removeAll { $0.name == name }
                    interpreter.parameters.append((name, v))
                }
                return .normal
            }
        case .function(let node):
            let make = compileClosure(node)
            guard let declaration = node.declaration else { return { _ in .normal } }
            let destination = target(declaration)
            if case .local(.box(let i)) = destination {
                // The block created the box already, so the function can call itself through it.
                return { frame in
                    frame.boxes[i].value = make(frame)
                    return .normal
                }
            }
            return { frame in
                destination.store(make(frame), in: frame)
                return .normal
            }
        case .assign(let targetExpression, let op, let e):
            return compileAssignment(targetExpression, op, compile(e), site)
        case .forLoop(let declaration, let sequence, let body, let unpack):
            let loop = compileFor(target(declaration), compile(sequence), compile(body, valueUsed: false), site,
                                  unpack: unpack.map(target), pattern: (declaration.name, self.site(declaration.range)))
            return loop
        case .whileLoop(let conditionExpression, let bodyBlock):
            let condition = compile(conditionExpression)
            let body = compile(bodyBlock, valueUsed: false)
            return { frame in
                while true {
                    do { try interpreter.tick() } catch { throw site.locate(error) }
                    let test = try condition(frame)
                    guard case .bool(let keepGoing) = test else {
                        throw site.error(.typeMismatch, "a `while` condition must be a bool, got \(test.typeName)")
                    }
                    if !keepGoing { return .normal }
                    switch try body(frame) {
                    case .breakLoop: return .normal
                    case .returned: return .returned
                    default: continue
                    }
                }
            }
        case .returnValue(let e):
            guard let e else {
                return { frame in
                    frame.returnValue = .nil
                    return .returned
                }
            }
            let value = compile(e)
            return { frame in
                frame.returnValue = try value(frame)
                return .returned
            }
        case .breakLoop:
            return { _ in .breakLoop }
        case .continueLoop:
            return { _ in .continueLoop }
        case .use(let path, let alias):
            let file = self.file
            let scope = self.scope
            let aliasCell = alias.map { globalCell($0.name) }
            return { _ in
                do {
                    let namespace = try interpreter.runUse(path, alias: alias?.name, from: file, scope: scope)
                    if let aliasCell, let namespace {
                        aliasCell.value = namespace
                        aliasCell.isDefined = true
                        aliasCell.isMutable = false
                    }
                } catch { throw site.locate(error) }
                return .normal
            }
        case .show(let e):
            let value = compile(e)
            return { frame in
                interpreter.output.display(try value(frame), reason: .show)
                return .normal
            }
        case .record(let e):
            let value = compile(e)
            return { frame in
                let v = try value(frame)
                guard !interpreter.recordStack.isEmpty else {
                    throw site.error(.typeMismatch, "`record` ran outside an experiment")
                }
                interpreter.recordStack[interpreter.recordStack.count - 1].append(v)
                return .normal
            }
        }
    }

    func compileIf(_ node: IfNode) -> Exec {
        let branches = node.branches.map { branch in
            (compile(branch.condition), compile(branch.body, valueUsed: true), site(branch.condition.range))
        }
        let elseBody = node.elseBody.map { compile($0, valueUsed: true) }
        if branches.count == 1 {
            let (condition, body, site) = branches[0]
            return { frame in
                let test = try condition(frame)
                guard case .bool(let holds) = test else {
                    throw site.error(.typeMismatch, "an `if` condition must be a bool, got \(test.typeName)")
                }
                if holds { return try body(frame) }
                if let elseBody { return try elseBody(frame) }
                frame.lastValue = .nil
                return .normal
            }
        }
        return { frame in
            for (condition, body, site) in branches {
                let test = try condition(frame)
                guard case .bool(let holds) = test else {
                    throw site.error(.typeMismatch, "an `if` condition must be a bool, got \(test.typeName)")
                }
                if holds { return try body(frame) }
            }
            if let elseBody { return try elseBody(frame) }
            frame.lastValue = .nil
            return .normal
        }
    }

    /// `unpack`: the names of a `for (a, b) in …` pattern, each element a list of that many values.
    func compileFor(_ variable: DeclarationTarget, _ sequence: @escaping Eval, _ body: @escaping Exec, _ site: Site,
                    unpack: [DeclarationTarget], pattern: (text: String, site: Site)) -> Exec {
        unowned(unsafe) let interpreter = self.interpreter
        return { frame in
            @inline(__always) func step(_ value: Value) throws -> Completion? {
                do { try interpreter.tick() } catch { throw site.locate(error) }
                variable.store(value, in: frame)
                if !unpack.isEmpty {
                    guard case .list(let items) = value, items.count == unpack.count else {
                        throw pattern.site.error(.typeMismatch, Compiler.unpackProblem(value, into: pattern.text, count: unpack.count))
                    }
                    for (target, item) in zip(unpack, items) { target.store(item, in: frame) }
                }
                switch try body(frame) {
                case .breakLoop: return .normal
                case .returned: return .returned
                default: return nil
                }
            }
            let items = try sequence(frame)
            switch items {
            case .range(let range):
                var i = range.lower
                while i < range.upper {
                    if let done = try step(.number(Double(i))) { return done }
                    i += 1
                }
            case .list(let list):
                for item in list { if let done = try step(item) { return done } }
            case .string(let text):
                for character in text { if let done = try step(.string(String(character))) { return done } }
            case .record(let record):
                for key in record.keys { if let done = try step(.string(key)) { return done } }
            default:
                throw site.error(.typeMismatch, "cannot iterate over \(items.typeName): expected a list, range, string or record")
            }
            return .normal
        }
    }

    /// Why `value` cannot fill the pattern `(a, b)` of `count` names.
    static func unpackProblem(_ value: Value, into pattern: String, count: Int) -> String {
        guard case .list(let items) = value else {
            return "cannot unpack a \(value.typeName) into \(count) names \(pattern): expected a list of \(count) values"
        }
        return "cannot unpack a list of \(items.count) value\(items.count == 1 ? "" : "s") into \(count) names \(pattern)"
    }
}
