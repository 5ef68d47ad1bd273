/// `enumerate`, `take` and `drop`: positions and prefixes of lists, strings and ranges.
extension CoreBuiltins {
    /// The sequence argument of `take` / `drop`, checked before slicing it.
    static func sliceable(_ args: Arguments) throws -> Value {
        switch args[0] {
        case .list, .string, .range: return args[0]
        default: throw args.error(0, "expected a list, string or range, got \(args[0].typeName)")
        }
    }

    /// The `count` argument of `take` / `drop`: a whole number ≥ 0.
    static func count(_ args: Arguments) throws -> Int {
        let n = try args.int(1)
        guard n >= 0 else { throw args.error(1, "expected a count ≥ 0, got \(n)") }
        return n
    }

    static let sequences: [Builtin] = [
        Builtin("enumerate", [.required("list"), .optional("start", 0)]) { args in
            let start = try args.int(1)
            var pairs: [Value] = []
            for (i, item) in try elements(args, 0).enumerated() {
                try args.interpreter.tick()
                pairs.append(.list([.number(Double(start + i)), item]))
            }
            return .list(pairs)
        },
        Builtin("take", [.required("list"), .required("count")]) { args in
            try Operators.slice(try sliceable(args), from: 0, to: try count(args), written: 0)
        },
        Builtin("drop", [.required("list"), .required("count")]) { args in
            try Operators.slice(try sliceable(args), from: try count(args), to: nil, written: 0)
        },
    ]
}
