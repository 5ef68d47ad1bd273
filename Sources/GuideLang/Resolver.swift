/// Resolves every name of a program statically: locals get frame slots, captured variables
/// become boxes shared with closures, everything else is a global looked up by name.
/// Reports undefined names, assignments to constants and misplaced statements
/// (`return` outside a function, `break` outside a loop, `record` outside an experiment,
/// `param`/`use` below the top level) and top-level name clashes (see `Resolver+Names`)
/// — what `guide check` prints.
public struct Resolver {
    /// The scopes of one function (or of the top-level chunk, whose outermost scope is global).
    final class Context {
        let layout: FrameLayout
        let parent: Context?
        let isFunction: Bool
        var scopes: [[String: LocalVariable]] = []
        var captureOrigins: [LocalVariable] = []
        var loopDepth = 0
        var experimentDepth = 0
        var inValueIf = false

        init(layout: FrameLayout, parent: Context?, isFunction: Bool) {
            self.layout = layout
            self.parent = parent
            self.isFunction = isFunction
        }

        func lookup(_ name: String) -> LocalVariable? {
            for scope in scopes.reversed() { if let v = scope[name] { return v } }
            return nil
        }
    }

    let file: SourceFile
    /// Names defined outside this program (builtins, host values, earlier REPL entries,
    /// used files), with whether they may be assigned.
    let externalGlobals: [String: Bool]
    /// Top-level names this program declares, with whether they may be assigned.
    var programGlobals: [String: Bool] = [:]
    var context: Context
    var diagnostics: [Diagnostic] = []

    /// Resolves `program` in place and returns its problems (empty when it can run).
    /// `globals` maps every name defined outside the program to whether it is mutable.
    public static func resolve(_ program: Program, globals: [String: Bool]) -> [Diagnostic] {
        resolve(program, globals: globals, builtins: [], used: [:])
    }

    /// Resolves `program` and checks its top-level names against `builtins` (names no
    /// top-level declaration may take) and `used` (names from the files it uses plainly).
    static func resolve(_ program: Program, globals: [String: Bool], builtins: Set<String>,
                        used: [String: UsedName]) -> [Diagnostic] {
        var resolver = Resolver(file: program.file, externalGlobals: globals,
                                context: Context(layout: program.layout, parent: nil, isFunction: false))
        resolver.programGlobals = Resolver.topLevelNames(program)
        resolver.checkTopLevelNames(program, builtins: builtins, used: used)
        for cell in program.cells {
            for statement in cell.statements { resolver.resolve(statement) }
        }
        program.layout.finalize()
        return resolver.diagnostics
    }

    /// The names a program defines at its top level, with whether they are mutable.
    public static func topLevelNames(_ program: Program) -> [String: Bool] {
        var names: [String: Bool] = [:]
        for statement in program.cells.flatMap(\.statements) {
            switch statement.kind {
            case .binding(let d, _), .param(let d, _): names[d.name] = (names[d.name] ?? false) || d.isMutable
            case .function(let f): if let d = f.declaration { names[d.name] = names[d.name] ?? false }
            case .use(_, let alias?): names[alias.name] = names[alias.name] ?? false
            default: break
            }
        }
        return names
    }

    mutating func error(_ code: DiagnosticCode, _ message: String, _ range: SourceRange) {
        diagnostics.append(Diagnostic(code, message, file: file, range: range))
    }

    mutating func declare(_ declaration: Declaration) {
        guard !context.scopes.isEmpty else { declaration.variable = nil; return }
        let variable = LocalVariable(name: declaration.name, isMutable: declaration.isMutable)
        context.layout.locals.append(variable)
        context.scopes[context.scopes.count - 1][declaration.name] = variable
        declaration.variable = variable
    }

    mutating func inScope(_ body: (inout Resolver) -> Void) {
        context.scopes.append([:])
        body(&self)
        context.scopes.removeLast()
    }

    // MARK: Statements

    mutating func resolve(_ statement: Stmt) {
        let atTop = context.parent == nil && context.scopes.isEmpty
        switch statement.kind {
        case .expression(let e):
            if case .conditional(let node) = e.kind { resolveIf(node, isValue: false) } else { resolve(e) }
        case .binding(let declaration, let value):
            resolve(value)
            declare(declaration)
        case .param(let declaration, let value):
            if !atTop { error(.misplacedStatement, "`param` is only allowed at the top level of a script", statement.range) }
            resolve(value)
            declare(declaration)
        case .function(let node):
            // Functions of a block are declared when the block starts (see `resolve(_: Block)`).
            if let declaration = node.declaration, declaration.variable == nil { declare(declaration) }
            resolveFunction(node)
        case .assign(let target, _, let value):
            resolve(value)
            resolveTarget(target)
        case .forLoop(let declaration, let sequence, let body, let unpack):
            resolve(sequence)
            context.loopDepth += 1
            inScope { r in
                r.declare(declaration)
                for name in unpack { r.declare(name) }
                r.resolve(body)
            }
            context.loopDepth -= 1
        case .whileLoop(let condition, let body):
            resolve(condition)
            context.loopDepth += 1
            resolve(body)
            context.loopDepth -= 1
        case .returnValue(let value):
            if let value { resolve(value) }
            if !context.isFunction {
                error(.misplacedStatement, "`return` is only allowed inside a function", statement.range)
            } else if context.experimentDepth > 0 {
                error(.misplacedStatement, "`return` cannot leave an experiment body", statement.range)
            } else if context.inValueIf {
                error(.misplacedStatement, "`return` cannot leave an `if` used as a value", statement.range)
            }
        case .breakLoop, .continueLoop:
            if context.loopDepth == 0 {
                let word = { if case .breakLoop = statement.kind { return "break" } else { return "continue" } }()
                error(.misplacedStatement, "`\(word)` is only allowed inside a loop", statement.range)
            }
        case .use:
            if !atTop { error(.misplacedStatement, "`use` is only allowed at the top level of a script", statement.range) }
        case .show(let e):
            resolve(e)
        case .record(let e):
            resolve(e)
            if context.experimentDepth == 0 {
                error(.misplacedStatement, "`record` is only allowed inside an experiment body", statement.range)
            }
        }
    }

    /// A block's `fn` declarations are visible in the whole block, so local functions can
    /// call each other whatever their order.
    mutating func resolve(_ block: Block) {
        inScope { r in
            for case .function(let node) in block.statements.map(\.kind) {
                if let declaration = node.declaration { r.declare(declaration) }
            }
            for statement in block.statements { r.resolve(statement) }
        }
    }

    mutating func resolveTarget(_ target: Expr) {
        switch target.kind {
        case .name(let reference): resolveName(reference, assigning: true)
        case .member(let base, _): resolveTarget(base)
        case .index(let base, let index):
            resolveTarget(base)
            resolve(index)
        default: resolve(target)
        }
    }

    mutating func resolveIf(_ node: IfNode, isValue: Bool) {
        let saved = (context.loopDepth, context.inValueIf)
        if isValue { context.loopDepth = 0; context.inValueIf = true }
        for branch in node.branches {
            resolve(branch.condition)
            resolve(branch.body)
        }
        if let elseBody = node.elseBody { resolve(elseBody) }
        (context.loopDepth, context.inValueIf) = saved
    }

    mutating func resolveFunction(_ node: FunctionNode) {
        let outer = context
        context = Context(layout: node.layout, parent: outer, isFunction: true)
        inScope { r in
            var seen: Set<String> = []
            for parameter in node.parameters {
                if !seen.insert(parameter.declaration.name).inserted {
                    r.error(.duplicateParameter, "duplicate parameter '\(parameter.declaration.name)'", parameter.declaration.range)
                }
                if let defaultValue = parameter.defaultValue { r.resolve(defaultValue) }
                r.declare(parameter.declaration)
            }
            r.resolve(node.body)
        }
        node.layout.finalize()
        context = outer
    }

    // MARK: Expressions

    mutating func resolve(_ expression: Expr) {
        switch expression.kind {
        case .nilLiteral, .bool, .number, .keyPath, .invalid: break
        case .string(let parts):
            for case .expression(let e) in parts { resolve(e) }
        case .name(let reference): resolveName(reference, assigning: false)
        case .list(let items): for item in items { resolve(item) }
        case .record(let entries): for entry in entries { resolve(entry.value) }
        case .negate(let e), .not(let e), .member(let e, _): resolve(e)
        case .binary(_, let a, let b), .range(let a, let b, _), .index(let a, let b):
            resolve(a)
            resolve(b)
        case .call(let callee, let arguments):
            resolve(callee)
            for argument in arguments { resolve(argument.value) }
        case .function(let node): resolveFunction(node)
        case .conditional(let node): resolveIf(node, isValue: true)
        case .experiment(let node):
            resolve(node.name)
            resolve(node.rows)
            let outer = context
            // `return` stays refused as in the enclosing code (see `.returnValue`).
            context = Context(layout: node.layout, parent: outer, isFunction: outer.isFunction)
            context.experimentDepth = outer.experimentDepth + 1
            inScope { r in
                r.declare(node.row)
                r.resolve(node.body)
            }
            node.layout.finalize()
            context = outer
        }
    }

    mutating func resolveName(_ reference: NameReference, assigning: Bool) {
        if let local = context.lookup(reference.name) {
            reference.resolution = .local(local)
            if assigning, !local.isMutable { immutable(reference) }
            return
        }
        if let (index, origin) = capture(reference.name, in: context) {
            reference.resolution = .upvalue(index)
            if assigning, !origin.isMutable { immutable(reference) }
            return
        }
        reference.resolution = .global
        if let mutable = programGlobals[reference.name] ?? externalGlobals[reference.name] {
            if assigning, !mutable { immutable(reference) }
            return
        }
        var message = "undefined name '\(reference.name)'"
        if let suggestion = suggestion(for: reference.name) { message += "; did you mean '\(suggestion)'?" }
        error(.undefinedName, message, reference.range)
    }

    mutating func immutable(_ reference: NameReference) {
        error(.immutableAssignment, "cannot assign to '\(reference.name)': it is a constant (declare it with `var` to change it)", reference.range)
    }

    /// Finds `name` in an enclosing function and threads it through every closure in between.
    func capture(_ name: String, in context: Context) -> (Int, LocalVariable)? {
        guard let parent = context.parent else { return nil }
        if let local = parent.lookup(name) {
            local.isCaptured = true
            return (addCapture(.enclosingLocal(local), origin: local, to: context), local)
        }
        if let (index, origin) = capture(name, in: parent) {
            return (addCapture(.enclosingCapture(index), origin: origin, to: context), origin)
        }
        return nil
    }

    func addCapture(_ source: CaptureSource, origin: LocalVariable, to context: Context) -> Int {
        if let existing = context.captureOrigins.firstIndex(where: { $0 === origin }) { return existing }
        context.layout.captures.append(source)
        context.layout.captureNames.append(origin.name)
        context.captureOrigins.append(origin)
        return context.layout.captures.count - 1
    }

    /// A visible name within two edits of `name`, if any.
    func suggestion(for name: String) -> String? {
        var candidates = Set(programGlobals.keys).union(externalGlobals.keys)
        var c: Context? = context
        while let current = c {
            for scope in current.scopes { candidates.formUnion(scope.keys) }
            c = current.parent
        }
        let limit = name.count <= 2 ? 0 : name.count <= 5 ? 1 : 2
        return candidates.map { ($0, Resolver.editDistance(name, $0)) }
            .filter { $0.1 <= limit }
            .min { ($0.1, $0.0) < ($1.1, $1.0) }?.0
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        if abs(x.count - y.count) > 2 { return 3 }
        var previous = Array(0...y.count)
        for i in 1...max(1, x.count) where !x.isEmpty {
            var row = [i] + [Int](repeating: 0, count: y.count)
            for j in 1...max(1, y.count) where !y.isEmpty {
                row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            previous = row
        }
        return previous[y.count]
    }
}
