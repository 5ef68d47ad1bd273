/// `use "file"`: library files are parsed and resolved before the including program runs
/// (so their problems are reported up front and their names are known to the resolver),
/// and run once, the first time a `use` of them executes.
extension Interpreter {
    /// A parsed, resolved library file and the names it defines (its own and those of its uses).
    struct PreparedUse {
        var program: Program
        var names: [String: Bool]
    }

    /// Loads every file `program` uses, recursively; returns the names they define.
    func prepareUses(of program: Program, problems: inout [Diagnostic]) -> [String: Bool] {
        var names: [String: Bool] = [:]
        var inProgress: Set<String> = [program.file.name]
        prepareUses(of: program, names: &names, inProgress: &inProgress, problems: &problems)
        return names
    }

    private func prepareUses(of program: Program, names: inout [String: Bool], inProgress: inout Set<String>,
                             problems: inout [Diagnostic]) {
        for (path, range) in program.uses {
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
            if let prepared = preparedUses[file.name] {
                names.merge(prepared.names) { a, b in a || b }
                continue
            }
            guard inProgress.insert(file.name).inserted else { continue }
            defer { inProgress.remove(file.name) }
            let (used, diagnostics) = Parser.parse(file)
            if !diagnostics.isEmpty { problems += diagnostics; continue }
            var usedNames: [String: Bool] = [:]
            prepareUses(of: used, names: &usedNames, inProgress: &inProgress, problems: &problems)
            var visible = knownGlobals
            visible.merge(usedNames) { a, b in a || b }
            let resolveProblems = Resolver.resolve(used, globals: visible)
            if !resolveProblems.isEmpty { problems += resolveProblems; continue }
            usedNames.merge(Resolver.topLevelNames(used)) { a, b in a || b }
            preparedUses[file.name] = PreparedUse(program: used, names: usedNames)
            names.merge(usedNames) { a, b in a || b }
        }
    }

    /// Runs a used file the first time; later uses of the same file do nothing.
    func runUse(_ path: String, from file: SourceFile) throws {
        guard let loader else { throw Diagnostic(.useFailed, "cannot use '\(path)': this host loads no files") }
        let source: SourceFile
        do { source = try loader.load(path, from: file) } catch {
            throw Diagnostic(.useFailed, "cannot use '\(path)': \(error)")
        }
        guard usedFiles.insert(source.name).inserted else { return }
        let program: Program
        if let prepared = preparedUses[source.name] {
            program = prepared.program
        } else {
            program = try load(source)
        }
        _ = try executeLibrary(program)
    }

    /// Runs a library's statements in the current globals without displaying cell values.
    func executeLibrary(_ program: Program) throws -> Value {
        let compiler = Compiler(interpreter: self, file: program.file)
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
