import GuideLang

/// Table builtins (§7): `group`, `agg`, `mean`, `count`, `stdev`, `grid`.
///
/// `group(t, by: .k)` gives one record per distinct key, `{k: key, rows: [...]}` (a
/// function key is named `key`; a list of key paths gives one field per path).
/// `agg(g, name: fn, …)` calls each `fn` with a group's rows and gives one record per group,
/// its key fields followed by the named results; an unnamed `fn` must give a record, whose
/// fields are spread into the row (`agg(g, fn(rs) => proportion(rs, .fr))` → `{key, p, lo, hi,
/// n, k}`). On a table that is not grouped it gives a single record over all rows. `mean`, `stdev` and `count` take a list, or a table and a
/// function of a row; nil values are skipped, booleans count as 0 and 1.
extension RuntimeHost {
    var tableBuiltins: [Builtin] {
        [
            Builtin("group", [.required("table"), .required("by")]) { args in
                let rows = try args.list("table")
                let keys = try Self.groupKeys(args)
                let groups = try Table.group(rows) { row in
                    try keys.map { try ValueData.data(try args.interpreter.call($0.function, [row])) }
                }
                return .list(groups.map { group in
                    var record = Record()
                    for (key, value) in zip(keys, group.key) { record[key.name] = ValueData.value(value) }
                    record["rows"] = .list(group.items)
                    return .record(record)
                })
            },
            Builtin("agg", [.required("table")], variadic: true, acceptsAnyNamed: true) { args in
                let rows = try args.list("table")
                guard !args.extraNamed.isEmpty || !args.rest.isEmpty else {
                    throw args.error("table", "name at least one aggregate, as in agg(t, french: fn(rows) => mean(rows, .fr))")
                }
                let groups = Self.asGroups(rows)
                let inputs: [(keys: Record, rows: Value)] = groups ?? [(Record(), .list(rows))]
                return try .list(inputs.map { input in
                    var record = input.keys
                    for (offset, function) in args.rest.enumerated() {
                        let result = try args.interpreter.call(function, [input.rows])
                        guard case .record(let fields) = result else {
                            throw ArgumentError(position: offset + 2, message: "an unnamed aggregate must give a record "
                                + "to spread into the row, got \(result.typeName); name it instead (agg(t, n: count))")
                        }
                        for (key, value) in fields.fields { record[key] = value }
                    }
                    for (name, function) in args.extraNamed {
                        record[name] = try args.interpreter.call(function, [input.rows])
                    }
                    return .record(record)
                })
            },
            Builtin("mean", [.required("values"), .optional("by")]) { args in
                try Statistics.mean(Self.numbers(args)).map(Value.number) ?? .nil
            },
            Builtin("stdev", [.required("values"), .optional("by")]) { args in
                try Statistics.stdev(Self.numbers(args)).map(Value.number) ?? .nil
            },
            Builtin("count", [.required("values"), .optional("where")]) { args in
                let items = try args.list("values")
                guard !args.isNil("where") else { return .number(Double(items.count)) }
                let predicate = try args.function("where")
                var n = 0
                for item in items {
                    let verdict = try args.interpreter.call(predicate, [item])
                    guard case .bool(let b) = verdict else {
                        throw args.error("where", "the condition returned \(verdict.typeName), expected a bool")
                    }
                    if b { n += 1 }
                }
                return .number(Double(n))
            },
            Builtin("grid", [], acceptsAnyNamed: true) { args in
                let axes: [(name: String, values: [Value])] = try args.extraNamed.map { name, value in
                    switch value {
                    case .list(let items): return (name, items.array)
                    case .range(let r): return (name, try args.interpreter.expand(r))
                    default: return (name, [value])
                    }
                }
                return .list(Table.grid(axes).map { .record(Record($0.map { ($0.name, $0.value) })) })
            },
        ]
    }

    /// The grouping keys of `group(…, by:)`: a key path, a function, or a list of key paths.
    private static func groupKeys(_ args: Arguments) throws -> [(name: String, function: Value)] {
        switch args["by"] {
        case .keyPath(let name): return [(name, args["by"])]
        case .function: return [("key", args["by"])]
        case .list(let items):
            return try items.map {
                guard case .keyPath(let name) = $0 else { throw args.error("by", "expected key paths such as .delta in the list") }
                return (name, $0)
            }
        default: throw args.error("by", "expected a key path such as .delta, a function or a list of key paths")
        }
    }

    /// The groups of a grouped table (every row a record with a `rows` list), else nil.
    private static func asGroups(_ rows: [Value]) -> [(keys: Record, rows: Value)]? {
        guard !rows.isEmpty else { return nil }
        var groups: [(keys: Record, rows: Value)] = []
        for row in rows {
            guard case .record(var record) = row, let inner = record["rows"], case .list = inner else { return nil }
            record["rows"] = nil
            groups.append((record, inner))
        }
        return groups
    }

    /// The numbers of `values` (mapped through `by` when given), nil values skipped.
    private static func numbers(_ args: Arguments) throws -> [Double] {
        var items = try args.list("values")
        if !args.isNil("by") {
            let by = try args.function("by")
            items = try items.map { try args.interpreter.call(by, [$0]) }
        }
        return try items.compactMap { item in
            switch item {
            case .nil: return nil
            case .number(let n): return n
            case .bool(let b): return b ? 1 : 0
            default: throw args.error("values", "expected numbers or booleans, found \(item.typeName)")
            }
        }
    }
}
