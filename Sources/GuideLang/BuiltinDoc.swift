/// The documentation of one builtin: what `help(name)`, the REPL's `:doc NAME` and the
/// generated reference page (`docs/builtins.md`) show. The signature and the defaults are
/// not written here: they come from the builtin's declared parameters, so they cannot drift.
///
///     interpreter.document(["generate": BuiltinDoc(
///         category: "model",
///         summary: "Generates a continuation of the prompt …",
///         parameters: ["guide": "a schedule from delta(…), or a number Δ"],
///         example: #"generate(m, "<!-> Answer in French: <-!> Hi", guide: delta(2))"#)])
public struct BuiltinDoc: Sendable {
    /// The group the builtin is listed under by `help()` and in the reference (`"tables"`).
    public var category: String
    /// One paragraph: what the builtin does and what it returns.
    public var summary: String
    /// Notes on some parameters, by parameter name (the others are listed with their default only).
    public var parameters: [String: String]
    /// GuideLang source that shows a typical call; it must parse.
    public var example: String

    public init(category: String, summary: String, parameters: [String: String] = [:], example: String) {
        self.category = category
        self.summary = summary
        self.parameters = parameters
        self.example = example
    }
}

extension Function {
    /// The call shape shown by display and `help`: `generate(model, prompt, guide:, max_tokens: 128)`.
    /// Required parameters by name, optional ones with `name:` and their default unless it is nil,
    /// `…` when extra positional arguments are accepted.
    public var signature: String {
        var parts: [String] = []
        if let builtin = self as? Builtin {
            for parameter in builtin.parameters {
                guard let value = parameter.defaultValue else { parts.append(parameter.name); continue }
                parts.append(value.isNil ? "\(parameter.name):" : "\(parameter.name): \(value.inlineText())")
            }
            if builtin.variadic { parts.append("…") }
            if builtin.acceptsAnyNamed { parts.append("name: value …") }
        } else if let closure = self as? Closure {
            let defaults = closure.defaultTexts
            for (i, name) in closure.code.parameterNames.enumerated() {
                if i < defaults.count, let text = defaults[i] { parts.append("\(name): \(text)") } else { parts.append(name) }
            }
        } else {
            parts = parameterNames
        }
        let shownName = name == "<fn>" ? "fn" : name
        return "\(shownName)(\(parts.joined(separator: ", ")))"
    }
}

extension Closure {
    /// The source text of each parameter's default expression (nil when it has none).
    var defaultTexts: [String?] {
        guard let (node, file) = code.origin else { return code.parameterNames.map { _ in nil } }
        return node.parameters.map { parameter in parameter.defaultValue.map { file.text(of: $0.range) } }
    }
}

extension SourceFile {
    /// The characters of `range` (end exclusive), as written.
    func text(of range: SourceRange) -> String {
        func offset(_ location: SourceLocation) -> Int {
            let line = min(max(location.line, 1), lineStarts.count)
            return min(lineStarts[line - 1] + location.column - 1, scalars.count)
        }
        let (start, end) = (offset(range.start), offset(range.end))
        guard start < end else { return "" }
        var text = String.UnicodeScalarView()
        text.append(contentsOf: scalars[start..<end])
        return String(text)
    }
}
