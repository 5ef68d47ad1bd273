/// `help`: builtin documentation as text (the `help` builtin, the REPL's `:doc`) and as
/// the Markdown reference page (`docs/builtins.md`). Both read `Interpreter.documentation`,
/// the one place builtin docs live; signatures come from the builtins themselves.
extension Interpreter {
    /// Adds (or replaces) the documentation of builtins, by builtin name.
    public func document(_ docs: [String: BuiltinDoc]) {
        documentation.merge(docs) { _, new in new }
    }

    /// Categories in the order `help()` and the reference list them; others follow by name.
    static let categoryOrder = ["language", "collections", "numbers", "strings", "model", "measure", "prompts", "text",
                                "metrics", "embedding", "data", "tables", "stats", "charts"]

    /// The documented builtins grouped by category, categories in `categoryOrder`, names sorted.
    var documentedBuiltins: [(category: String, names: [String])] {
        var groups: [String: [String]] = [:]
        for name in builtins {
            groups[documentation[name]?.category ?? "other", default: []].append(name)
        }
        let known = Interpreter.categoryOrder.filter { groups[$0] != nil }
        let rest = groups.keys.filter { !Interpreter.categoryOrder.contains($0) }.sorted()
        return (known + rest).map { ($0, groups[$0] ?? []) }
    }

    /// What `help()` prints: every builtin by category and how to learn more.
    public func helpOverview() -> String {
        var lines = ["Builtins by category; help(NAME) or :doc NAME shows one (signature, defaults, example)."]
        for (category, names) in documentedBuiltins {
            lines.append("")
            lines.append(contentsOf: Interpreter.wrap(names.joined(separator: " "), width: 88, firstPrefix: "\(category): ", prefix: "  "))
        }
        return lines.joined(separator: "\n")
    }

    /// What `help(value)` prints: a builtin's signature, parameters, description and example;
    /// a function's signature; otherwise the value's type and its fields or members.
    public func helpText(for value: Value) -> String {
        switch value {
        case .function(let function):
            if let builtin = function as? Builtin { return helpText(builtin) }
            var text = "fn " + function.signature
            if let closure = function as? Closure, let (node, file) = closure.code.origin {
                text += "\n  defined at \(file.name):\(node.range.start)"
            }
            return text
        case .keyPath(let path):
            return ".\(path): a key path, the function fn(r) => r.\(path)"
        case .record(let record):
            return "record with fields: " + (record.keys.isEmpty ? "none" : record.keys.joined(separator: ", "))
        case .native(let native):
            let members = native.memberNames
            return native.typeName + (members.isEmpty ? "" : " with members: " + members.joined(separator: ", "))
        default:
            return "a \(value.typeName): \(value.inlineText())"
        }
    }

    /// A signature on lines of at most `width` characters where it can: broken after the
    /// commas between parameters, continuation lines indented under the first parameter.
    static func wrapSignature(_ signature: String, width: Int) -> [String] {
        guard signature.count > width, let open = signature.firstIndex(of: "(") else { return [signature] }
        let indent = String(repeating: " ", count: signature.distance(from: signature.startIndex, to: open) + 1)
        var lines: [String] = []
        var line = ""
        for (index, piece) in signature.split(separator: ", ").map({ String($0) }).enumerated() {
            let next = index == 0 ? piece : line + ", " + piece
            if index > 0, next.count > width {
                lines.append(line + ",")
                line = indent + piece
            } else {
                line = next
            }
        }
        return lines + [line]
    }

    /// The help of the global `name`, or nil when no such name is defined.
    public func helpText(named name: String) -> String? {
        value(of: name).map { helpText(for: $0) }
    }

    private func helpText(_ builtin: Builtin) -> String {
        var lines = Self.wrapSignature(builtin.signature, width: 88)
        guard let doc = documentation[builtin.name] else { return lines.joined() }
        lines.append("")
        lines += Interpreter.wrap(doc.summary, width: 88, firstPrefix: "", prefix: "")
        if !builtin.parameters.isEmpty {
            lines.append("")
            lines.append("parameters:")
            let width = builtin.parameters.map(\.name.count).max() ?? 0
            for parameter in builtin.parameters {
                let name = parameter.name.padding(width)
                var detail = parameter.defaultValue.map { "default \($0.inlineText())" } ?? "required"
                if let note = doc.parameters[parameter.name] { detail += " — " + note }
                lines += Interpreter.wrap(detail, width: 88, firstPrefix: "  \(name)  ", prefix: String(repeating: " ", count: width + 4))
            }
        }
        lines.append("")
        lines.append("example:")
        lines += doc.example.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }
        return lines.joined(separator: "\n")
    }

    /// The Markdown reference of every registered builtin: an index by category, then one
    /// section per builtin. `docs/builtins.md` is this text; a test keeps it current.
    public func builtinReference() -> String {
        var out = """
            # Builtins

            <!-- Generated from the builtins' documentation (Sources/GuideLang/CoreBuiltinDocs.swift,
                 Sources/Runtime/Builtins/HostBuiltinDocs.swift) by scripts/builtin-docs; do not edit. -->

            Every builtin of `guide`, by category. In the REPL, `help(NAME)` or `:doc NAME` shows the
            same text; `help()` lists the names. A parameter written `name:` is optional with no
            default (nil); `name: value` shows its default.

            """
        let groups = documentedBuiltins
        for (category, names) in groups {
            out += "\n- **\(category)**: " + names.map { "[`\($0)`](#\($0))" }.joined(separator: ", ")
        }
        out += "\n"
        for (category, names) in groups {
            out += "\n## \(category) builtins\n"
            for name in names {
                guard case .function(let function)? = value(of: name), let builtin = function as? Builtin else { continue }
                out += "\n### \(name)\n\n```\n\(builtin.signature)\n```\n\n"
                guard let doc = documentation[name] else { out += "(undocumented)\n"; continue }
                out += doc.summary + "\n"
                if !builtin.parameters.isEmpty {
                    out += "\n| parameter | default | notes |\n|---|---|---|\n"
                    for parameter in builtin.parameters {
                        let value = parameter.defaultValue.map { "`\($0.inlineText())`" } ?? "required"
                        let note = (doc.parameters[parameter.name] ?? "").replacing("|", with: "\\|")
                        out += "| `\(parameter.name)` | \(value.replacing("|", with: "\\|")) | \(note) |\n"
                    }
                }
                out += "\n```\n\(doc.example)\n```\n"
            }
        }
        return out
    }

    /// Words of `text` in lines of at most `width` characters (a longer word stands alone).
    static func wrap(_ text: String, width: Int, firstPrefix: String, prefix: String) -> [String] {
        var lines: [String] = []
        var line = firstPrefix
        var lineHasWord = false
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            if lineHasWord, line.count + 1 + word.count > width {
                lines.append(line)
                line = prefix
                lineHasWord = false
            }
            line += (lineHasWord ? " " : "") + word
            lineHasWord = true
        }
        lines.append(line)
        return lines
    }
}

extension String {
    /// The string followed by spaces up to `width` characters.
    func padding(_ width: Int) -> String {
        self + String(repeating: " ", count: max(0, width - count))
    }
}
