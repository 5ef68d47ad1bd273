import GuideLang

/// Metric builtins (§7) available now: `language`, `languages` and `is_language` (a port
/// of Python's langdetect 1.0.9, seeded as `DetectorFactory.seed = 0`; see
/// `LanguageDetection`) and `jaccard` (word sets of two strings, or element sets of two
/// lists).
extension RuntimeHost {
    var metricBuiltins: [Builtin] {
        [
            Builtin("language", [.required("text")]) { args in
                let text = try Self.text(args, "text")
                return Self.value(LanguageDetection.language(of: text, detector: try LanguageDetection.shared()))
            },
            Builtin("languages", [.required("text")]) { args in
                let text = try Self.text(args, "text")
                return .list(LanguageDetection.languages(of: text, detector: try LanguageDetection.shared()).map(Self.value))
            },
            Builtin("is_language", [.required("text"), .required("code")]) { args in
                let text = try Self.text(args, "text")
                let code = try args.string("code")
                let detector = try LanguageDetection.shared()
                do {
                    return .bool(try LanguageDetection.isLanguage(text, code, detector: detector))
                } catch let error as UnknownLanguageCode {
                    throw args.error("code", "\(error)")
                }
            },
            Builtin("jaccard", [.required("a"), .required("b")]) { args in
                if case .list(let a) = args["a"], case .list(let b) = args["b"] {
                    return .number(TextMetrics.jaccard(Set(try a.map { try ValueData.data($0) }), Set(try b.map { try ValueData.data($0) })))
                }
                return .number(TextMetrics.jaccard(try Self.text(args, "a"), try Self.text(args, "b")))
            },
        ]
    }

    /// `{code, probability}`.
    static func value(_ language: DetectedLanguage) -> Value {
        .record(Record([("code", .string(language.code)), ("probability", .number(language.probability))]))
    }

    /// A string argument; a host value with a text (a generation) stands for its text.
    static func text(_ args: Arguments, _ key: ArgumentKey) throws -> String {
        if case .native(let native as TextBearing) = args[key] { return native.text }
        return try args.string(key)
    }
}
