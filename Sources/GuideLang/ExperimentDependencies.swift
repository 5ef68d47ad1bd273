/// What the rows of an `experiment` block depend on besides their own content and the
/// script's parameters: the body's source, and everything the body reaches when it runs.
///
/// "Reaches" follows names: the globals and enclosing variables the body reads, the
/// globals every GuideLang function among them reads, the variables those functions
/// captured, and so on until nothing new turns up. Functions written in GuideLang are
/// described by their source (layout and comments dropped, so reformatting changes
/// nothing); builtins by their name; every other value by the value itself as it was when
/// the experiment started (a constant's value is what the rows see). A host turns this
/// into a digest that is part of every row's identity: change anything listed here and the
/// rows are computed again.
public struct ExperimentDependencies {
    /// How one reached thing is described.
    public enum Dependency {
        /// A function written in GuideLang, by its normalised source.
        case source(String)
        /// A builtin or host function, by name: its behaviour belongs to the host.
        case builtin(String)
        /// Any other value, as it was when the experiment started.
        case value(Value)
    }

    /// The body's normalised source, preceded by the row variable's name.
    public var body: String
    /// Everything reached, each once, in the order it was found (deterministic for a given
    /// program). `path` says how it was reached: `helper`, `scorer.k` (a captured variable),
    /// `table[2]` (a function inside a list).
    public var reached: [(path: String, dependency: Dependency)]

    public init(body: String, reached: [(path: String, dependency: Dependency)]) {
        self.body = body
        self.reached = reached
    }
}

extension Interpreter {
    /// The dependencies of an experiment body running in `frame`.
    ///
    /// `library` is the scope of the `use`d file that declares the experiment (nil for the
    /// main program): its top-level names are looked up there first, so an experiment run
    /// through `use` has the identity of the same experiment run directly.
    func experimentDependencies(of node: ExperimentNode, file: SourceFile, frame: Frame,
                                library: LibraryScope? = nil) -> ExperimentDependencies {
        var sources = NormalisedSource()
        var names = ReferencedNames()
        names.walk(node)
        var walk = DependencyWalk(interpreter: self, library: library)
        for (name, variable) in names.outerLocals {
            let value: Value
            switch LocalSlot(variable) {
            case .slot(let i): value = frame.slots[i]
            case .box(let i): value = frame.boxes[i].value
            }
            walk.visit(value, path: name, sources: &sources)
        }
        for (name, index) in names.outerCaptures where index < frame.captures.count {
            walk.visit(frame.captures[index].value, path: name, sources: &sources)
        }
        walk.pendingGlobals += names.globals
        walk.run(sources: &sources)
        let body = node.row.name + " " + sources.text(of: node.body.range, in: file)
        return ExperimentDependencies(body: body, reached: walk.reached)
    }

    /// Binds `name` at the top level as `let name = value` would (a REPL result the user can
    /// look at); `reset()` forgets it like any user definition.
    public func bindResult(_ name: String, _ value: Value) {
        let cell = globalCell(name)
        cell.value = value
        cell.isDefined = true
        cell.isMutable = false
    }
}

/// Follows global names and values to every function and value they reach.
private struct DependencyWalk {
    unowned let interpreter: Interpreter
    /// The declaring library's scope, whose names shadow the program's globals.
    let library: LibraryScope?
    var reached: [(path: String, dependency: ExperimentDependencies.Dependency)] = []
    /// Global names still to visit, in the order they were found.
    var pendingGlobals: [String] = []
    private var nextPending = 0
    private var seenGlobals: Set<String> = []
    private var seenClosures: Set<ObjectIdentifier> = []

    init(interpreter: Interpreter, library: LibraryScope?) {
        self.interpreter = interpreter
        self.library = library
    }

    /// Visits every pending global (and whatever they lead to) once.
    mutating func run(sources: inout NormalisedSource) {
        while nextPending < pendingGlobals.count {
            let name = pendingGlobals[nextPending]
            nextPending += 1
            guard seenGlobals.insert(name).inserted else { continue }
            let value = library.flatMap { $0.names.contains(name) ? $0.definedValue(name) : nil }
                ?? interpreter.value(of: name)
            visit(value ?? .nil, path: name, sources: &sources)
        }
    }

    /// Describes `value`; functions inside it (directly or in lists and records) add their
    /// source and queue the globals they read.
    mutating func visit(_ value: Value, path: String, sources: inout NormalisedSource) {
        switch value {
        case .function(let function):
            visitFunction(function, path: path, sources: &sources)
        case .list, .record:
            reached.append((path, .value(value)))
            // Look for functions inside, without recursion (data may be deep).
            var stack: [(Value, String)] = [(value, path)]
            while let (item, itemPath) = stack.popLast() {
                switch item {
                case .function(let function): visitFunction(function, path: itemPath, sources: &sources)
                case .list(let items):
                    for (i, element) in items.enumerated().reversed() where element.mayHoldFunctions {
                        stack.append((element, "\(itemPath)[\(i)]"))
                    }
                case .record(let record):
                    for field in record.fields.reversed() where field.value.mayHoldFunctions {
                        stack.append((field.value, "\(itemPath).\(field.key)"))
                    }
                default: break
                }
            }
        default:
            reached.append((path, .value(value)))
        }
    }

    private mutating func visitFunction(_ function: Function, path: String, sources: inout NormalisedSource) {
        guard let closure = function as? Closure, let origin = closure.code.origin else {
            reached.append((path, .builtin(function.name)))
            return
        }
        guard seenClosures.insert(ObjectIdentifier(closure)).inserted else { return }
        reached.append((path, .source(sources.text(of: origin.node.range, in: origin.file))))
        var names = ReferencedNames()
        names.walk(origin.node)
        pendingGlobals += names.globals
        for (i, box) in closure.captures.enumerated() {
            let name = i < origin.node.layout.captureNames.count ? origin.node.layout.captureNames[i] : "#\(i)"
            visit(box.value, path: path + "." + name, sources: &sources)
        }
    }
}

extension Value {
    /// Whether a function can hide inside this value.
    fileprivate var mayHoldFunctions: Bool {
        switch self {
        case .function, .list, .record: return true
        default: return false
        }
    }
}

/// The names a piece of code reads from outside itself: globals anywhere inside it, and
/// the variables of the enclosing frame its functions and experiment bodies capture
/// (that frame's locals, or what that frame itself captured).
struct ReferencedNames {
    /// Global names, each once, in first-use order.
    private(set) var globals: [String] = []
    private var seenGlobals: Set<String> = []
    private var localCandidates: [(String, LocalVariable)] = []
    private(set) var outerCaptures: [(name: String, index: Int)] = []
    private var declaredInside: Set<ObjectIdentifier> = []
    /// How many function literals deep the walk is (0: the enclosing frame's own code).
    private var depth = 0

    /// The enclosing frame's locals read by the code but declared outside it.
    var outerLocals: [(name: String, variable: LocalVariable)] {
        var seen: Set<ObjectIdentifier> = []
        return localCandidates.filter { candidate in
            let id = ObjectIdentifier(candidate.1)
            return !declaredInside.contains(id) && seen.insert(id).inserted
        }
    }

    mutating func declare(_ declaration: Declaration?) {
        if let variable = declaration?.variable { declaredInside.insert(ObjectIdentifier(variable)) }
    }

    mutating func walk(_ block: Block) {
        for statement in block.statements { walk(statement) }
    }

    mutating func walk(_ function: FunctionNode) {
        noteCaptures(of: function.layout)
        depth += 1
        declare(function.declaration)
        for parameter in function.parameters {
            declare(parameter.declaration)
            if let value = parameter.defaultValue { walk(value) }
        }
        walk(function.body)
        depth -= 1
    }

    /// An experiment body runs in a frame of its own, like a function called once per row.
    mutating func walk(_ experiment: ExperimentNode) {
        noteCaptures(of: experiment.layout)
        depth += 1
        declare(experiment.row)
        walk(experiment.body)
        depth -= 1
    }

    /// At depth 0, the enclosing frame's variables that code with `layout` captures.
    private mutating func noteCaptures(of layout: FrameLayout) {
        guard depth == 0 else { return }
        for (i, source) in layout.captures.enumerated() {
            let name = i < layout.captureNames.count ? layout.captureNames[i] : "#\(i)"
            switch source {
            case .enclosingLocal(let variable): localCandidates.append((name, variable))
            case .enclosingCapture(let index): outerCaptures.append((name, index))
            }
        }
    }

    private mutating func reference(_ reference: NameReference) {
        switch reference.resolution {
        case .global, .unresolved:
            if seenGlobals.insert(reference.name).inserted { globals.append(reference.name) }
        case .local(let variable):
            if depth == 0 { localCandidates.append((reference.name, variable)) }
        case .upvalue(let index):
            if depth == 0 { outerCaptures.append((reference.name, index)) }
        }
    }

    private mutating func walk(_ statement: Stmt) {
        switch statement.kind {
        case .expression(let e), .show(let e), .record(let e): walk(e)
        case .binding(let declaration, let e), .param(let declaration, let e):
            declare(declaration)
            walk(e)
        case .function(let node): walk(node)
        case .assign(let target, _, let value):
            walk(target)
            walk(value)
        case .forLoop(let declaration, let e, let body, let unpack):
            declare(declaration)
            for name in unpack { declare(name) }
            walk(e)
            walk(body)
        case .whileLoop(let e, let body):
            walk(e)
            walk(body)
        case .returnValue(let e): if let e { walk(e) }
        case .breakLoop, .continueLoop, .use: break
        }
    }

    private mutating func walk(_ expression: Expr) {
        switch expression.kind {
        case .nilLiteral, .bool, .number, .keyPath, .invalid: break
        case .string(let parts):
            for case .expression(let e) in parts { walk(e) }
        case .name(let ref): reference(ref)
        case .list(let items): for item in items { walk(item) }
        case .record(let entries): for entry in entries { walk(entry.value) }
        case .negate(let e), .not(let e), .member(let e, _): walk(e)
        case .binary(_, let a, let b), .range(let a, let b, _), .index(let a, let b):
            walk(a)
            walk(b)
        case .call(let callee, let arguments):
            walk(callee)
            for argument in arguments { walk(argument.value) }
        case .function(let node): walk(node)
        case .conditional(let node):
            for branch in node.branches {
                walk(branch.condition)
                walk(branch.body)
            }
            if let elseBody = node.elseBody { walk(elseBody) }
        case .experiment(let node):
            walk(node.name)
            walk(node.rows)
            walk(node)
        }
    }
}

/// Source text reduced to its tokens: one space between tokens, `⏎` before a token that
/// starts a line (line breaks end statements), comments and indentation gone, numbers and
/// strings in one canonical spelling. Each file is lexed once.
struct NormalisedSource {
    private var tokensByFile: [ObjectIdentifier: [Token]] = [:]

    /// The normalised text of the tokens inside `range` of `file`.
    mutating func text(of range: SourceRange, in file: SourceFile) -> String {
        let id = ObjectIdentifier(file)
        let tokens = tokensByFile[id] ?? Lexer.tokenize(file).tokens
        tokensByFile[id] = tokens
        var out = ""
        for token in tokens where token.range.start >= range.start && token.range.end <= range.end {
            Self.append(token, to: &out)
        }
        return out
    }

    private static func append(_ token: Token, to out: inout String) {
        if case .endOfFile = token.kind { return }
        if !out.isEmpty { out += token.isAtLineStart ? " ⏎ " : " " }
        switch token.kind {
        case .identifier(let name): out += name
        case .keyword(let keyword): out += keyword.rawValue
        case .symbol(let symbol): out += symbol.rawValue
        case .number(let n): out += "\(n)"
        case .cellMarker(let title): out += "%% " + title
        case .endOfFile: break
        case .string(let pieces):
            out += "\""
            for piece in pieces {
                switch piece {
                case .text(let text): out += Value.quote(text).dropFirst().dropLast()
                case .interpolation(let inner):
                    var nested = ""
                    for t in inner { append(t, to: &nested) }
                    out += "\\(" + nested + ")"
                }
            }
            out += "\""
        }
    }
}
