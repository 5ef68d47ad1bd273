/// Runs GuideLang programs and is the host's handle on the language.
///
/// A host creates one interpreter per session, registers its builtins and native values,
/// sets the output sink, loader, experiment handler and cancellation flag, then loads and
/// runs programs:
///
///     let interpreter = Interpreter()
///     interpreter.output = myRenderer
///     interpreter.register(Builtin("model", [.optional("name")]) { args in … })
///     let program = try interpreter.load(SourceFile(name: path, text: text))   // parse + resolve
///     try interpreter.run(program, parameters: ["bias": "2"])                    // validates params first
///
/// Globals persist across `run` and `evaluate` calls (a REPL session). Everything runs
/// on the caller's thread; only the cancellation flag may be touched from elsewhere.
/// Function values belong to the interpreter that made them: keep it alive while calling them.
public final class Interpreter {
    /// Where displayed values, `show` and `print` go. Defaults to standard output as plain text.
    public var output: OutputSink = TextOutput()
    /// Resolves `use "file"`; without one, `use` is an error.
    public var loader: SourceLoader?
    /// Runs `experiment` blocks; without one, every row runs in order and the records form the value.
    public var experimentHandler: ExperimentHandler?
    /// Checked between loop iterations and calls; set it to stop a run (Ctrl-C).
    public var cancellation = CancellationFlag()
    /// Turns an error a builtin throws — other than a diagnostic or an `ArgumentError` — into
    /// what the script sees, given the call's arguments, so a host maps its own failures in
    /// one place; an error it returns unchanged is reported as `runtime.host-error`.
    public var hostErrorMapping: ((Error, Arguments) -> Error)?
    /// Limits (step limit for fuzzing, call depth, list sizes).
    public var options: InterpreterOptions {
        didSet { resetBudget() }
    }
    /// The values of the last run's `param` declarations, in declaration order.
    public internal(set) var parameters: [(name: String, value: Value)] = []

    /// Documentation of builtins by name, for `help` and the reference page (`document(_:)` adds to it).
    public internal(set) var documentation: [String: BuiltinDoc] = [:]

    var globals: [String: GlobalCell] = [:]
    var builtinNames: Set<String> = []
    /// Hot counters, in raw memory so compiled code updates them without exclusivity checks.
    struct Counters {
        var steps = 0
        var checkpoint = 0
        var callDepth = 0
        var maxCallDepth = 0
    }
    let counters: UnsafeMutablePointer<Counters> = {
        let pointer = UnsafeMutablePointer<Counters>.allocate(capacity: 1)
        pointer.initialize(to: Counters())
        return pointer
    }()
    var steps: Int {
        get { counters.pointee.steps }
        set { counters.pointee.steps = newValue }
    }
    var callDepth: Int {
        get { counters.pointee.callDepth }
        set { counters.pointee.callDepth = newValue }
    }
    var recordStack: [[Value]] = []
    /// The rows running side by side in the experiment now running, if any: a builtin
    /// hands it work to do for all of them at once (`RowsTogether.gather`).
    public internal(set) var rowsTogether: RowsTogether?
    var parameterOverrides: [String: Value] = [:]
    /// Files already run by `use`, by name.
    var usedFiles: Set<String> = []
    /// Parsed and resolved files named by `use`, by name.
    var preparedUses: [String: PreparedUse] = [:]
    /// The private globals of files used with `use … as`, by file name.
    var libraryScopes: [String: LibraryScope] = [:]

    /// Breaks the cycles between global cells and the closures stored in them.
    deinit {
        for cell in globals.values { cell.value = .nil }
        for scope in libraryScopes.values { scope.clear() }
        counters.deallocate()
    }

    /// Creates an interpreter with the core builtins registered.
    public init(options: InterpreterOptions = InterpreterOptions()) {
        self.options = options
        resetBudget()
        CoreBuiltins.register(in: self)
    }

    // MARK: Host registration

    /// Makes a builtin callable under its name (replacing any earlier definition).
    public func register(_ builtin: Builtin) {
        define(builtin.name, .function(builtin))
        builtinNames.insert(builtin.name)
    }

    /// Defines (or redefines) a global constant, e.g. a host value.
    public func define(_ name: String, _ value: Value) {
        let cell = globalCell(name)
        cell.value = value
        cell.isDefined = true
        cell.isMutable = false
        hostValues[name] = value
    }

    /// The value of a global, or nil when it is not defined.
    public func value(of name: String) -> Value? {
        guard let cell = globals[name], cell.isDefined else { return nil }
        return cell.value
    }

    /// Every defined global name (builtins, host values and user definitions), sorted: for completion.
    public var globalNames: [String] {
        globals.values.filter(\.isDefined).map(\.name).sorted()
    }

    /// Names of registered builtins, sorted.
    public var builtins: [String] { builtinNames.sorted() }

    /// Forgets user definitions and used files, keeping builtins and host values (`:reset`).
    public func reset() {
        for (name, cell) in globals {
            if let value = hostValues[name] {
                cell.value = value
                cell.isDefined = true
                cell.isMutable = false
            } else {
                cell.value = .nil
                cell.isDefined = false
            }
        }
        usedFiles = []
        preparedUses = [:]
        for scope in libraryScopes.values { scope.clear() }
        libraryScopes = [:]
        parameters = []
    }

    /// Values the host defined (builtins included): what `reset` restores.
    var hostValues: [String: Value] = [:]

    func globalCell(_ name: String) -> GlobalCell {
        if let cell = globals[name] { return cell }
        let cell = GlobalCell(name: name)
        globals[name] = cell
        return cell
    }

    /// Names visible to the resolver, with whether they may be assigned.
    var knownGlobals: [String: Bool] {
        var names: [String: Bool] = [:]
        for (name, cell) in globals where cell.isDefined { names[name] = cell.isMutable }
        return names
    }

    // MARK: Steps and cancellation

    func resetBudget() {
        counters.pointee.steps = 0
        counters.pointee.checkpoint = min(1024, options.stepLimit ?? 1024)
        counters.pointee.maxCallDepth = options.maxCallDepth
    }

    /// Counts one step and checks the cancellation flag and step limit every so often.
    /// Hosts call it from long loops in builtins.
    @inline(__always)
    public func tick() throws {
        let counters = self.counters
        counters.pointee.steps &+= 1
        if counters.pointee.steps >= counters.pointee.checkpoint { try checkBudget() }
    }

    func checkBudget() throws {
        if cancellation.isCancelled { throw Diagnostic(.cancelled, "cancelled") }
        if let limit = options.stepLimit, steps >= limit {
            throw Diagnostic(.stepLimit, "step limit of \(limit) exceeded")
        }
        counters.pointee.checkpoint = min(steps + 1024, options.stepLimit ?? Int.max)
    }

    /// A range as a list, refusing ranges larger than `options.maxListSize`.
    public func expand(_ range: RangeValue) throws -> [Value] {
        guard range.count <= options.maxListSize else {
            throw Diagnostic(.tooLarge, "range of \(range.count) elements is too large to make a list (limit \(options.maxListSize))")
        }
        var items: [Value] = []
        items.reserveCapacity(range.count)
        for i in range.lower..<max(range.lower, range.upper) {
            if (i - range.lower) & 1023 == 0 { try tick() }
            items.append(.number(Double(i)))
        }
        return items
    }

    // MARK: Calling

    /// Calls a function or key path value with positional and named arguments (for builtins like `map`).
    public func call(_ callee: Value, _ positional: [Value], named: [(String, Value)] = []) throws -> Value {
        switch callee {
        case .function(let function):
            return try function.call(positional, named, self)
        case .keyPath(let name):
            guard positional.count == 1, named.isEmpty else {
                throw Diagnostic(.wrongArgument, "key path .\(name) takes 1 argument, got \(positional.count + named.count)")
            }
            return try Operators.follow(positional[0], path: name)
        default:
            throw Diagnostic(.typeMismatch, "cannot call \(callee.typeName)")
        }
    }

    // MARK: Loading and running

    /// Parses and resolves a file, loading the files it `use`s; throws every problem at once.
    public func load(_ file: SourceFile) throws -> Program {
        let (program, diagnostics) = Parser.parse(file)
        if !diagnostics.isEmpty { throw DiagnosticList(diagnostics) }
        var problems: [Diagnostic] = []
        var names = knownGlobals
        let used = prepareUses(of: program, problems: &problems)
        for (name, usedName) in used { names[name] = usedName.isMutable }
        problems += Resolver.resolve(program, globals: names, builtins: Set(hostValues.keys), used: used)
        if !problems.isEmpty { throw DiagnosticList(problems) }
        return program
    }

    /// `guide check`: every parse and name problem of a file, empty when it is fine.
    public func check(_ file: SourceFile) -> [Diagnostic] {
        do {
            _ = try load(file)
            return []
        } catch let list as DiagnosticList {
            return list.diagnostics
        } catch let diagnostic as Diagnostic {
            return [diagnostic]
        } catch {
            return [Diagnostic(.hostError, "\(error)", file: file)]
        }
    }

    /// Runs every cell of a loaded program, displaying each cell's last value through `output`.
    ///
    /// `parameters` overrides `param` declarations (`"delta": "2"`); each string is parsed as the
    /// declared default's kind. An unknown name or a malformed value throws a `DiagnosticList`
    /// before any statement runs. Runtime errors are thrown as a `Diagnostic` with location and call stack.
    public func run(_ program: Program, parameters overrides: [String: String] = [:]) throws {
        try setParameterOverrides(overrides, for: program)
        _ = try execute(program, emitCells: true)
    }

    /// Parses, resolves and runs one REPL entry; returns the value of its last expression
    /// statement (nil otherwise) instead of displaying it. `show` and `print` still go to `output`.
    public func evaluate(_ text: String, name: String = "<repl>") throws -> Value {
        let program = try load(SourceFile(name: name, text: text))
        parameterOverrides = [:]
        return try execute(program, emitCells: false)
    }

    /// Compiles and runs a resolved program.
    func execute(_ program: Program, emitCells: Bool) throws -> Value {
        cancellation.reset()
        resetBudget()
        callDepth = 0
        recordStack = []
        if emitCells { parameters = [] }
        let compiler = Compiler(interpreter: self, file: program.file)
        let cells = program.cells.map { compiler.compileCell($0) }
        let frame = Frame(slotCount: program.layout.slotCount, boxCount: program.layout.boxCount, captures: [])
        var last: Value = .nil
        for (index, cell) in program.cells.enumerated() {
            let info = CellInfo(index: index, title: cell.title, fileName: program.file.name, location: cell.range.start)
            if emitCells { output.beginCell(info) }
            defer { if emitCells { output.endCell(info) } }
            last = .nil
            frame.lastValue = .nil
            for statement in cells[index].statements {
                try tick()
                _ = try statement(frame)
            }
            if cells[index].endsWithExpression { last = frame.lastValue }
            if emitCells, !last.isNil { output.display(last, reason: .cellValue) }
        }
        return last
    }
}
