#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The builtins that are pure language: `help`, `type`, `print`, collections, numbers, strings.
/// Hosts may replace any of them with `Interpreter.register`.
enum CoreBuiltins {
    static func register(in interpreter: Interpreter) {
        for builtin in language + collections + sequences + numbers + strings + display { interpreter.register(builtin) }
        interpreter.document(CoreBuiltinDocs.all)
    }

    static let language: [Builtin] = [
        Builtin("help", [.optional("value")]) { args in
            let text: String
            switch args[0] {
            case .nil: text = args.interpreter.helpOverview()
            case .string(let name):
                guard let found = args.interpreter.helpText(named: name) else {
                    throw args.error(0, "no builtin or global named '\(name)'; help() lists the builtins")
                }
                text = found
            default: text = args.interpreter.helpText(for: args[0])
            }
            args.interpreter.output.print(text)
            return .nil
        },
        Builtin("type", [.required("value")]) { args in .string(args[0].typeName) },
        Builtin("print", [], variadic: true) { args in
            args.interpreter.output.print(args.rest.map { $0.displayText() }.joined(separator: " "))
            return .nil
        },
    ]

    /// The elements of a list, range, string (characters) or record (keys), ticking steps.
    static func elements(_ args: Arguments, _ key: ArgumentKey) throws -> [Value] {
        switch args[key] {
        case .list(let items): return items.array
        case .range(let range): return try args.interpreter.expand(range)
        case .string(let s): return s.map { .string(String($0)) }
        case .record(let r): return r.keys.map { .string($0) }
        default: throw args.error(key, "expected a list, got \(args[key].typeName)")
        }
    }

    static let collections: [Builtin] = [
        Builtin("len", [.required("value")]) { args in
            switch args[0] {
            case .list(let items): return .number(Double(items.count))
            case .string(let s): return .number(Double(s.count))
            case .record(let r): return .number(Double(r.count))
            case .range(let r): return .number(Double(r.count))
            default: throw args.error(0, "expected a list, string, record or range, got \(args[0].typeName)")
            }
        },
        Builtin("range", [.required("start"), .optional("stop"), .optional("step")]) { args in
            var (start, stop) = (0, try args.int(0))
            if !args.isNil(1) { (start, stop) = (stop, try args.int(1)) }
            guard !args.isNil(2) else { return .range(RangeValue(lower: start, upper: stop)) }
            let step = try args.int(2)
            guard step != 0 else { throw args.error(2, "step must not be 0") }
            let count = step > 0 ? max(0, (stop - start + step - 1) / step) : max(0, (start - stop - step - 1) / -step)
            guard count <= args.interpreter.options.maxListSize else { throw args.error(2, "range of \(count) elements is too large") }
            return .list((0..<count).map { .number(Double(start + $0 * step)) })
        },
        Builtin("map", [.required("list"), .required("transform")]) { args in
            let f = try args.function(1)
            var out: [Value] = []
            for item in try elements(args, 0) {
                try args.interpreter.tick()
                out.append(try args.interpreter.call(f, [item]))
            }
            return .list(out)
        },
        Builtin("filter", [.required("list"), .required("keep")]) { args in
            let f = try args.function(1)
            var out: [Value] = []
            for item in try elements(args, 0) {
                try args.interpreter.tick()
                let keep = try args.interpreter.call(f, [item])
                guard case .bool(let b) = keep else { throw args.error(1, "the function must return a bool, got \(keep.typeName)") }
                if b { out.append(item) }
            }
            return .list(out)
        },
        Builtin("sort", [.required("list"), .optional("by"), .optional("descending", false)]) { args in
            let items = try elements(args, 0)
            var keys = items
            if !args.isNil(1) {
                let f = try args.function(1)
                keys = try items.map { item in
                    try args.interpreter.tick()
                    return try args.interpreter.call(f, [item])
                }
            }
            for key in keys.dropFirst() {
                do { _ = try Operators.ordering(keys[0], key) } catch {
                    throw args.error(args.isNil(1) ? 0 : 1, "cannot sort: \((error as? Diagnostic)?.message ?? "\(error)")")
                }
            }
            let descending = try args.bool(2)
            let order = keys.indices.sorted { a, b in
                let o = (try? Operators.ordering(keys[a], keys[b])) ?? 0
                return o != 0 ? (descending ? o > 0 : o < 0) : a < b
            }
            return .list(order.map { items[$0] })
        },
        Builtin("keys", [.required("record")]) { args in
            .list(try args.record(0).keys.map { .string($0) })
        },
        Builtin("values", [.required("record")]) { args in
            .list(try args.record(0).values)
        },
        Builtin("get", [.required("record"), .required("key"), .optional("default")]) { args in
            try args.record(0)[try args.string(1)] ?? args[2]
        },
        Builtin("zip", [.required("first"), .required("second")], variadic: true) { args in
            var lists = [try elements(args, 0), try elements(args, 1)]
            for (i, extra) in args.rest.enumerated() {
                switch extra {
                case .list(let items): lists.append(items.array)
                case .range(let r): lists.append(try args.interpreter.expand(r))
                default: throw ArgumentError(position: i + 3, message: "expected a list, got \(extra.typeName)")
                }
            }
            let count = lists.map(\.count).min() ?? 0
            return .list((0..<count).map { i in .list(lists.map { $0[i] }) })
        },
        Builtin("append", [.required("list"), .required("value")]) { args in
            var items = try args.list(0)
            items.append(args[1])
            return .list(items)
        },
        Builtin("reverse", [.required("list")]) { args in
            if case .string(let s) = args[0] { return .string(String(s.reversed())) }
            return .list(try args.list(0).reversed())
        },
    ]
}
