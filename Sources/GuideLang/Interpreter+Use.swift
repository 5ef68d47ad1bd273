/// `use "file"` and `use "file" as name`: library files are parsed and resolved before the
/// including program runs (so their problems are reported up front and their names are
/// known to the resolver), and run once, the first time a `use` of them executes.
///
/// A plain `use` defines the library's top-level names next to the program's own; a name
/// both define is an error (`Resolver+Names`). `use "file" as name` runs the library in a
/// scope of its own and binds `name` to a `NamespaceValue`: `name.helper` reads the
/// library's global `helper` as it is now.
extension Interpreter {
    /// A parsed, resolved library file and the names it defines (its own and those of its
    /// plain uses), its own in declaration order first.
    struct PreparedUse {
        var program: Program
        var names: [String: Resolver.UsedName]
        var exports: [String]
    }

    /// Loads every file `program` uses, recursively; returns the names its plain uses
    /// define. Clashes between two used files are reported at the second `use`.
    func prepareUses(of program: Program, problems: inout [Diagnostic]) -> [String: Resolver.UsedName] {
        var inProgress: Set<String> = [program.file.name]
        return prepareUses(of: program, isolated: false, inProgress: &inProgress, problems: &problems)
    }

    /// `isolated`: the program runs in a library scope, not in the session's globals.
    private func prepareUses(of program: Program, isolated: Bool, inProgress: inout Set<String>,
                             problems: inout [Diagnostic]) -> [String: Resolver.UsedName] {
        var names: [String: Resolver.UsedName] = [:]
        for (path, alias, range) in program.uses {
            guard let loader else {
                problems.append(Diagnostic(.useFailed, "cannot use '\(path)': this host loads no files", file: program.file, range: range))
                continue
            }
            let file: SourceFile
            do {
                file = try loader.load(path, from: program.file)
            } catch {
                problems.append(Diagnostic(.useFailed, "cannot use '\(path)': \(error)", file: program.file, range: range))
                continue
            }
            guard let prepared = prepare(file, isolated: isolated || alias != nil, inProgress: &inProgress, problems: &problems),
                  alias == nil else { continue }
            for name in prepared.exports {
                guard var used = prepared.names[name] else { continue }
                if let earlier = names[name], earlier.origin != used.origin {
                    let namespace = Resolver.namespaceName(for: path)
                    problems.append(Diagnostic(.duplicateName, "'\(name)' is defined both by \"\(earlier.usePath)\" "
                        + "(used at line \(earlier.useRange.start.line)) and by \"\(path)\"; write "
                        + "`use \"\(path)\" as \(namespace)` and refer to \(namespace).\(name)",
                        file: program.file, range: range))
                    continue
                }
                if !isolated, !usedFiles.contains(usedKey(file.name, scope: nil)), knownGlobals[name] != nil,
                   hostValues[name] == nil {
                    let namespace = Resolver.namespaceName(for: path)
                    problems.append(Diagnostic(.duplicateName, "'\(name)' of \"\(path)\" would replace "
                        + "the '\(name)' defined earlier; write `use \"\(path)\" as \(namespace)` and refer "
                        + "to \(namespace).\(name)", file: program.file, range: range))
                    continue
                }
                used.useRange = range
                used.usePath = path
                if names[name] == nil { names[name] = used }
            }
        }
        return names
    }

    /// Parses and resolves a used file once (its uses first); nil when it has problems
    /// (appended) or is already being prepared (a `use` cycle).
    private func prepare(_ file: SourceFile, isolated: Bool, inProgress: inout Set<String>,
                         problems: inout [Diagnostic]) -> PreparedUse? {
        if let prepared = preparedUses[file.name] { return prepared }
        guard inProgress.insert(file.name).inserted else { return nil }
        defer { inProgress.remove(file.name) }
        let (used, diagnostics) = Parser.parse(file)
        if !diagnostics.isEmpty { problems += diagnostics; return nil }
        let usedNames = prepareUses(of: used, isolated: isolated, inProgress: &inProgress, problems: &problems)
        var visible = isolated ? hostValues.mapValues { _ in false } : knownGlobals
        for (name, used) in usedNames { visible[name] = used.isMutable }
        let resolveProblems = Resolver.resolve(used, globals: visible, builtins: Set(hostValues.keys), used: usedNames)
        if !resolveProblems.isEmpty { problems += resolveProblems; return nil }
        var names = usedNames
        var exports: [String] = []
        let mutability = Resolver.topLevelNames(used)
        for declaration in Resolver.topLevelDeclarations(used) where names[declaration.name] == nil {
            names[declaration.name] = Resolver.UsedName(isMutable: mutability[declaration.name] ?? false,
                                                        origin: file.name, useRange: declaration.range,
                                                        usePath: file.name)
            exports.append(declaration.name)
        }
        exports += usedNames.keys.sorted()
        let prepared = PreparedUse(program: used, names: names, exports: exports)
        preparedUses[file.name] = prepared
        return prepared
    }

    /// The key of `usedFiles` for a file run in `scope` (nil: the session's globals).
    private func usedKey(_ fileName: String, scope: LibraryScope?) -> String {
        (scope?.key ?? "") + "\u{0}" + fileName
    }

    /// Runs a used file the first time it is used in `scope`; later uses do nothing. With
    /// `alias`, the file runs in its own scope and its namespace value is returned.
    func runUse(_ path: String, alias: String?, from file: SourceFile, scope: LibraryScope?) throws -> Value? {
        guard let loader else { throw Diagnostic(.useFailed, "cannot use '\(path)': this host loads no files") }
        let source: SourceFile
        do { source = try loader.load(path, from: file) } catch {
            throw Diagnostic(.useFailed, "cannot use '\(path)': \(error)")
        }
        let prepared = try preparedUse(source)
        guard alias != nil else {
            if usedFiles.insert(usedKey(source.name, scope: scope)).inserted {
                _ = try executeLibrary(prepared.program, scope: scope)
            }
            return nil
        }
        let library = libraryScope(for: source.name, names: Set(prepared.names.keys))
        if usedFiles.insert(usedKey(source.name, scope: library)).inserted {
            _ = try executeLibrary(prepared.program, scope: library)
        }
        return .native(NamespaceValue(path: path, names: prepared.exports, scope: library))
    }

    /// The prepared form of a used file, preparing it now if `load` did not.
    private func preparedUse(_ source: SourceFile) throws -> PreparedUse {
        if let prepared = preparedUses[source.name] { return prepared }
        var problems: [Diagnostic] = []
        var inProgress: Set<String> = []
        guard let prepared = prepare(source, isolated: false, inProgress: &inProgress, problems: &problems) else {
            throw DiagnosticList(problems)
        }
        return prepared
    }

    /// The scope of the library `fileName` used with `as`, created on first use.
    private func libraryScope(for fileName: String, names: Set<String>) -> LibraryScope {
        if let scope = libraryScopes[fileName] { return scope }
        let scope = LibraryScope(key: fileName, names: names)
        libraryScopes[fileName] = scope
        return scope
    }

    /// Runs a library's statements in `scope` (nil: the session's globals) without
    /// displaying cell values.
    func executeLibrary(_ program: Program, scope: LibraryScope?) throws -> Value {
        let compiler = Compiler(interpreter: self, file: program.file, scope: scope)
        let frame = Frame(slotCount: program.layout.slotCount, boxCount: program.layout.boxCount, captures: [])
        for cell in program.cells {
            for statement in compiler.compileCell(cell).statements {
                try tick()
                _ = try statement(frame)
            }
        }
        return .nil
    }
}

/// The globals of a library used with `use "file" as name`: the names the library and the
/// files it uses plainly define live here; every other name is the session's global.
final class LibraryScope {
    /// The library's file name.
    let key: String
    /// The names this scope owns.
    let names: Set<String>
    /// The values of the library's own `param`s, in order: what its experiments record and
    /// are identified by (the using script's params are not theirs).
    var parameters: [(name: String, value: Value)] = []
    private var cells: [String: GlobalCell] = [:]

    init(key: String, names: Set<String>) {
        self.key = key
        self.names = names
    }

    /// The cell of `name`, which must be one of `names`.
    func cell(_ name: String) -> GlobalCell {
        if let cell = cells[name] { return cell }
        let cell = GlobalCell(name: name)
        cells[name] = cell
        return cell
    }

    /// The value of `name` once the library has defined it.
    func definedValue(_ name: String) -> Value? {
        guard let cell = cells[name], cell.isDefined else { return nil }
        return cell.value
    }

    /// Drops every value (breaks cycles between cells and the closures stored in them).
    func clear() {
        for cell in cells.values { cell.value = .nil }
    }
}

/// The value of `name` in `use "file" as name`: the library's top-level names as members,
/// read live from the library's scope (`lib.counter` shows the library's current value).
/// Members cannot be assigned from outside; the library's own functions may change them.
final class NamespaceValue: NativeValue {
    /// The path as the `use` statement wrote it.
    let path: String
    let names: [String]
    private let scope: LibraryScope

    init(path: String, names: [String], scope: LibraryScope) {
        self.path = path
        self.names = names
        self.scope = scope
    }

    var typeName: String { "namespace" }
    var memberNames: [String] { names }

    func member(_ name: String) throws -> Value? {
        names.contains(name) ? scope.definedValue(name) : nil
    }

    func displayText() -> String { "<namespace \(path): \(names.joined(separator: ", "))>" }
}
