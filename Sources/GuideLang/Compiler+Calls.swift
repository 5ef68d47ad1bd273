/// Calls, closures, assignments and experiments.
extension Compiler {
    /// The callee's name for messages: `f` in `f(x)` and `m.f(x)`.
    static func calleeName(_ callee: Expr) -> String {
        switch callee.kind {
        case .name(let reference): return reference.name
        case .member(_, let name): return name
        case .keyPath(let name): return "." + name
        default: return "<fn>"
        }
    }

    func compileCall(_ calleeExpression: Expr, _ arguments: [Argument], _ site: Site) -> Eval {
        unowned(unsafe) let interpreter = self.interpreter
        let callee = compile(calleeExpression)
        let spelledName = Compiler.calleeName(calleeExpression)
        let positional = ContiguousArray(arguments.filter { $0.label == nil }.map { compile($0.value) })
        let named = arguments.compactMap { argument in argument.label.map { ($0, compile(argument.value)) } }
        let count = positional.count
        func name(of value: Value) -> String {
            if case .function(let f) = value { return f.name }
            return spelledName
        }
        if named.isEmpty {
            return { frame in
                let function = try callee(frame)
                if case .function(let f) = function, f.isClosure, case let closure = unsafeDowncast(f, to: Closure.self),
                   closure.code.parameterNames.count == count {
                    let newFrame = closure.makeFrame()
                    var k = 0
                    for argument in positional {
                        closure.code.parameterSlots[k].declare(try argument(frame), in: newFrame)
                        k += 1
                    }
                    do { return try closure.run(newFrame) } catch { throw site.callFailure(error, callee: closure.name) }
                }
                var values: [Value] = []
                values.reserveCapacity(count)
                for argument in positional { values.append(try argument(frame)) }
                do {
                    return try interpreter.call(function, values)
                } catch {
                    throw site.callFailure(Compiler.explainCall(error, function, spelledName), callee: name(of: function))
                }
            }
        }
        return { frame in
            let function = try callee(frame)
            var values: [Value] = []
            values.reserveCapacity(count)
            for argument in positional { values.append(try argument(frame)) }
            var labelled: [(String, Value)] = []
            for (label, argument) in named { labelled.append((label, try argument(frame))) }
            do {
                return try interpreter.call(function, values, named: labelled)
            } catch {
                throw site.callFailure(Compiler.explainCall(error, function, spelledName), callee: name(of: function))
            }
        }
    }

    /// "cannot call number" becomes "cannot call 'x': it is a number".
    static func explainCall(_ error: Error, _ function: Value, _ name: String) -> Error {
        switch function {
        case .function, .keyPath: return error
        default: return Diagnostic(.typeMismatch, "cannot call '\(name)': it is a \(function.typeName), not a function")
        }
    }

    /// Code that creates a closure of `node` over the current frame.
    func compileClosure(_ node: FunctionNode) -> (Frame) -> Value {
        let parameterSlots = node.parameters.map { parameter in
            parameter.declaration.variable.map(LocalSlot.init) ?? .slot(0)
        }
        let bodyHasValue = Compiler.isExpressionStatement(node.body.statements.last)
        let code = FunctionCode(
            name: node.displayName,
            parameterNames: node.parameters.map(\.declaration.name),
            parameterSlots: parameterSlots,
            defaults: node.parameters.map { $0.defaultValue.map(compile) },
            slotCount: node.layout.slotCount, boxCount: node.layout.boxCount, bodyHasValue: bodyHasValue)
        code.body = compile(node.body, valueUsed: bodyHasValue)
        code.origin = (node, file)
        let fetchCaptures = captureFetcher(node.layout)
        unowned(unsafe) let interpreter = self.interpreter
        return { frame in
            .function(Closure(code: code, captures: fetchCaptures(frame), interpreter: interpreter))
        }
    }

    /// Code that collects, from the enclosing frame, the variables code laid out by `layout` captures.
    func captureFetcher(_ layout: FrameLayout) -> (Frame) -> ContiguousArray<Box> {
        enum Fetch { case box(Int), capture(Int) }
        let fetches = layout.captures.map { source -> Fetch in
            switch source {
            case .enclosingLocal(let variable): return .box(variable.index)
            case .enclosingCapture(let j): return .capture(j)
            }
        }
        return { frame in
            var captures = ContiguousArray<Box>()
            captures.reserveCapacity(fetches.count)
            for fetch in fetches {
                switch fetch {
                case .box(let i): captures.append(frame.boxes[i])
                case .capture(let j): captures.append(frame.captures[j])
                }
            }
            return captures
        }
    }

    /// Runs `body` on the storage of an assignable expression, in place.
    typealias Modify = (Frame, (inout Value) throws -> Void) throws -> Void

    func compileModify(_ target: Expr, _ site: Site) -> Modify {
        switch target.kind {
        case .name(let reference):
            switch reference.resolution {
            case .local(let variable) where !variable.isCaptured:
                let i = variable.index
                return { frame, body in
                    var value = frame.slots[i]
                    frame.slots[i] = .nil
                    defer { frame.slots[i] = value }
                    try body(&value)
                }
            case .local(let variable):
                let i = variable.index
                return { frame, body in try Compiler.modify(frame.boxes[i], body) }
            case .upvalue(let i):
                return { frame, body in try Compiler.modify(frame.captures[i], body) }
            case .global, .unresolved:
                let cell = globalCell(reference.name)
                let name = reference.name
                return { _, body in
                    guard cell.isDefined else { throw site.error(.unknownName, "undefined name '\(name)'") }
                    guard cell.isMutable else {
                        throw site.error(.immutableValue, "cannot assign to '\(name)': it is a constant")
                    }
                    var value = cell.value
                    cell.value = .nil
                    defer { cell.value = value }
                    try body(&value)
                }
            }
        case .member(let base, let name):
            let modifyBase = compileModify(base, site)
            return { frame, body in
                try modifyBase(frame) { container in
                    do { try Operators.modifyMember(&container, name, body) } catch { throw site.locate(error) }
                }
            }
        case .index(let base, let index):
            let modifyBase = compileModify(base, site)
            let key = compile(index)
            return { frame, body in
                let k = try key(frame)
                try modifyBase(frame) { container in
                    do { try Operators.modifyIndex(&container, k, body) } catch { throw site.locate(error) }
                }
            }
        default:
            return { _, _ in throw site.error(.typeMismatch, "cannot assign to this expression") }
        }
    }

    static func modify(_ box: Box, _ body: (inout Value) throws -> Void) rethrows {
        var value = box.value
        box.value = .nil
        defer { box.value = value }
        try body(&value)
    }

    func compileAssignment(_ target: Expr, _ op: BinaryOperator?, _ value: @escaping Eval, _ site: Site) -> Exec {
        if case .name(let reference) = target.kind, case .local(let variable) = reference.resolution, !variable.isCaptured {
            let i = variable.index
            guard let op else {
                return { frame in
                    frame.slots[i] = try value(frame)
                    return .normal
                }
            }
            let combine = compileBinary(op, { frame in frame.slots[i] }, value, site)
            return { frame in
                frame.slots[i] = try combine(frame)
                return .normal
            }
        }
        let modify = compileModify(target, site)
        unowned(unsafe) let interpreter = self.interpreter
        return { frame in
            let v = try value(frame)
            try modify(frame) { current in
                if let op {
                    do { current = try Operators.arithmetic(op, current, v, limits: interpreter.options) } catch { throw site.locate(error) }
                } else {
                    current = v
                }
            }
            return .normal
        }
    }

    func compileExperiment(_ node: ExperimentNode, _ site: Site) -> Eval {
        unowned(unsafe) let interpreter = self.interpreter
        let library = scope
        let name = compile(node.name)
        let rows = compile(node.rows)
        let row = target(node.row)
        let body = compile(node.body, valueUsed: false)
        let file = self.file
        let fileName = file.name
        let layout = node.layout
        let fetchCaptures = captureFetcher(layout)
        return { frame in
            let nameValue = try name(frame)
            guard case .string(let experimentName) = nameValue else {
                throw site.error(.typeMismatch, "an experiment's name must be a string, got \(nameValue.typeName)")
            }
            let rowsValue = try rows(frame)
            let rowList: [Value]
            switch rowsValue {
            case .list(let items): rowList = items.array
            case .range(let range):
                do { rowList = try interpreter.expand(range) } catch { throw site.locate(error) }
            default:
                throw site.error(.typeMismatch, "an experiment runs over a list of rows, got \(rowsValue.typeName)")
            }
            let captures = fetchCaptures(frame)
            let runRow: (Value) throws -> [Value] = { rowValue in
                let rowFrame = Frame(slotCount: layout.slotCount, boxCount: layout.boxCount, captures: captures)
                interpreter.recordStack.append([])
                defer { interpreter.recordStack.removeLast() }
                row.store(rowValue, in: rowFrame)
                _ = try body(rowFrame)
                return interpreter.recordStack.last ?? []
            }
            if let handler = interpreter.experimentHandler {
                let request = ExperimentRequest(
                    name: experimentName, rows: rowList, parameters: library?.parameters ?? interpreter.parameters,
                    fileName: fileName, location: site.range.start, runRow: runRow,
                    runRowsTogether: { RowsTogether.run($0, interpreter: interpreter, body: runRow) },
                    dependencies: interpreter.experimentDependencies(of: node, file: file, frame: frame, library: library))
                do { return try handler.runExperiment(request) } catch { throw site.locate(error) }
            }
            var records: [Value] = []
            for rowValue in rowList {
                do { try interpreter.tick() } catch { throw site.locate(error) }
                records += try runRow(rowValue)
            }
            return .list(records)
        }
    }
}
