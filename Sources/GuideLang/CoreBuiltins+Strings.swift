extension CoreBuiltins {
    static let strings: [Builtin] = [
        Builtin("str", [.required("value")]) { args in
            var options = DisplayOptions.complete
            options.maxLength = args.interpreter.options.maxStringLength
            return .string(args[0].displayText(options))
        },
        Builtin("split", [.required("text"), .optional("separator")]) { args in
            let text = try args.string(0)
            if args.isNil(1) {
                return .list(text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).map { .string(String($0)) })
            }
            let separator = try args.string(1)
            guard !separator.isEmpty else { throw args.error(1, "the separator must not be empty") }
            return .list(text.split(separator: separator).map { .string($0) })
        },
        Builtin("join", [.required("list"), .optional("separator", "")]) { args in
            let separator = try args.string(1)
            var size = 0
            var pieces: [String] = []
            for item in try args.list(0) {
                let piece = item.displayText(.complete)
                size += piece.utf8.count + separator.utf8.count
                try Operators.checkString(size, args.interpreter.options)
                pieces.append(piece)
            }
            return .string(pieces.joined(separator: separator))
        },
        Builtin("lower", [.required("text")]) { args in .string(try args.string(0).lowercased()) },
        Builtin("upper", [.required("text")]) { args in .string(try args.string(0).uppercased()) },
        Builtin("trim", [.required("text")]) { args in .string(try args.string(0).trimmingBlanks) },
        Builtin("replace", [.required("text"), .required("old"), .required("new")]) { args in
            let (text, old, new) = (try args.string(0), try args.string(1), try args.string(2))
            if new.utf8.count > old.utf8.count, !old.isEmpty {
                try Operators.checkString(text.utf8.count / old.utf8.count * new.utf8.count, args.interpreter.options)
            }
            return .string(text.replacing(old, with: new))
        },
        Builtin("contains", [.required("collection"), .required("item")]) { args in
            switch args[0] {
            case .string(let s):
                let needle = try args.string(1)
                return .bool(needle.isEmpty || s[...].range(of: needle) != nil)
            case .list(let items): return .bool(items.contains(args[1]))
            case .record(let r): return .bool(r[try args.string(1)] != nil)
            case .range(let r):
                guard case .number(let n) = args[1], let i = Int(exactly: n) else { return .bool(false) }
                return .bool(i >= r.lower && i < r.upper)
            default: throw args.error(0, "expected a string, list, record or range, got \(args[0].typeName)")
            }
        },
        Builtin("starts_with", [.required("text"), .required("prefix")]) { args in
            .bool(try args.string(0).unicodeScalars.starts(with: try args.string(1).unicodeScalars))
        },
        Builtin("ends_with", [.required("text"), .required("suffix")]) { args in
            .bool(try args.string(0).unicodeScalars.reversed().starts(with: try args.string(1).unicodeScalars.reversed()))
        },
    ]
}
