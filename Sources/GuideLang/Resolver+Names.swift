/// Top-level name clashes (contract §3): a top-level `let`, `var`, `param`, `fn` or
/// `use … as` name may not hide a builtin or host value, may not be declared twice, and
/// may not take a name that a plainly used file already defines.
///
/// Locals (names inside functions, blocks, loops and experiment bodies) may shadow
/// builtins and top-level names: they end with their scope and hide nothing outside it.
/// Names defined by earlier REPL entries or an earlier run may be redefined, as re-running
/// a notebook cell does.
extension Resolver {
    /// A name a program gets from a file it uses without `as`.
    struct UsedName {
        /// Whether the name may be assigned.
        var isMutable: Bool
        /// The name of the file whose top level defines it (identifies the file).
        var origin: String
        /// The `use` statement (in the program being resolved) that brought it in, and its path.
        var useRange: SourceRange
        var usePath: String
    }

    /// A top-level declaration of a program, in source order.
    struct TopLevelDeclaration {
        var name: String
        var range: SourceRange
        /// How the source declares it: "let", "var", "param", "fn" or "use … as".
        var keyword: String
    }

    /// The program's top-level declarations in source order.
    static func topLevelDeclarations(_ program: Program) -> [TopLevelDeclaration] {
        program.cells.flatMap(\.statements).compactMap { statement in
            switch statement.kind {
            case .binding(let d, _): return TopLevelDeclaration(name: d.name, range: d.range, keyword: d.isMutable ? "var" : "let")
            case .param(let d, _): return TopLevelDeclaration(name: d.name, range: d.range, keyword: "param")
            case .function(let f):
                return f.declaration.map { TopLevelDeclaration(name: $0.name, range: $0.range, keyword: "fn") }
            case .use(_, let alias?): return TopLevelDeclaration(name: alias.name, range: alias.range, keyword: "use … as")
            default: return nil
            }
        }
    }

    /// Reports every top-level name of `program` that hides one of `builtins`, repeats an
    /// earlier top-level name, or repeats a name from `used`.
    mutating func checkTopLevelNames(_ program: Program, builtins: Set<String>, used: [String: UsedName]) {
        var first: [String: TopLevelDeclaration] = [:]
        for declaration in Resolver.topLevelDeclarations(program) {
            let name = declaration.name
            if builtins.contains(name) {
                let message = "`\(declaration.keyword) \(name)` would hide the builtin '\(name)'; "
                    + "choose another name (did you mean '\(alternative(to: name, builtins: builtins))'?)"
                error(.shadowsBuiltin, message, declaration.range)
            } else if let earlier = first[name] {
                error(.duplicateName, "'\(name)' is already defined at line \(earlier.range.start.line) "
                      + "(`\(earlier.keyword) \(name)`); top-level names are defined once", declaration.range)
            } else if let library = used[name] {
                let namespace = Resolver.namespaceName(for: library.usePath)
                error(.duplicateName, "'\(name)' is also defined by \"\(library.usePath)\" (used at line "
                      + "\(library.useRange.start.line)); rename it, or write `use \"\(library.usePath)\" as "
                      + "\(namespace)` and refer to \(namespace).\(name)", declaration.range)
            }
            if first[name] == nil { first[name] = declaration }
        }
    }

    /// A namespace name to suggest for `use "path" as …`: the file's base name as an identifier.
    static func namespaceName(for path: String) -> String {
        let file = path.split(separator: "/").last.map { String($0) } ?? path
        let base = file.hasSuffix(".guide") ? String(file.dropLast(6)) : file
        let name = String(base.map { (character: Character) -> Character in
            character.isLetter || character.isNumber ? character : "_"
        })
        guard let first = name.first, first.isLetter || first == "_" else { return "lib" }
        return name
    }

    /// A free name close to `name`, for the "did you mean" of a name that hides a builtin.
    private func alternative(to name: String, builtins: Set<String>) -> String {
        let taken = builtins.union(programGlobals.keys)
        var candidate = name + "_value"
        var counter = 2
        while taken.contains(candidate) {
            candidate = "\(name)_value\(counter)"
            counter += 1
        }
        return candidate
    }
}
