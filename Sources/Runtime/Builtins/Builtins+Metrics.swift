import GuideLang

/// Metric builtins (§7) available now: `language`, `is_language` (a stop-word guess for
/// English, French, German and Spanish) and `jaccard` (word sets of two strings, or
/// element sets of two lists).
extension RuntimeHost {
    var metricBuiltins: [Builtin] {
        [
            Builtin("language", [.required("text")]) { args in
                .string(LanguageGuess.language(of: try Self.text(args, "text")))
            },
            Builtin("is_language", [.required("text"), .required("code")]) { args in
                .bool(LanguageGuess.isLanguage(try Self.text(args, "text"), try args.string("code")))
            },
            Builtin("jaccard", [.required("a"), .required("b")]) { args in
                if case .list(let a) = args["a"], case .list(let b) = args["b"] {
                    return .number(TextMetrics.jaccard(Set(try a.map { try ValueData.data($0) }), Set(try b.map { try ValueData.data($0) })))
                }
                return .number(TextMetrics.jaccard(try Self.text(args, "a"), try Self.text(args, "b")))
            },
        ]
    }

    /// A string argument; a host value with a text (a generation) stands for its text.
    static func text(_ args: Arguments, _ key: ArgumentKey) throws -> String {
        if case .native(let native as TextBearing) = args[key] { return native.text }
        return try args.string(key)
    }
}
