#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension CoreBuiltins {
    /// The numbers of a list argument, or of all positional arguments when there are several.
    static func numbers(_ args: Arguments) throws -> [Double] {
        let values: [Value]
        if args.rest.isEmpty, !args.isNil(0) {
            switch args[0] {
            case .list(let items): values = items.array
            case .range(let r): values = try args.interpreter.expand(r)
            default: values = [args[0]]
            }
        } else {
            values = (args.isNil(0) ? [] : [args[0]]) + args.rest
        }
        return try values.enumerated().map { i, value in
            guard case .number(let n) = value else {
                throw ArgumentError(position: args.rest.isEmpty ? 1 : i + 1, message: "expected numbers, got \(value.typeName)")
            }
            return n
        }
    }

    static func extreme(_ name: String, _ pick: @escaping (Value, Value) throws -> Bool) -> Builtin {
        Builtin(name, [.optional("values")], variadic: true) { args in
            var values: [Value]
            if args.rest.isEmpty {
                switch args[0] {
                case .list(let items): values = items.array
                case .range(let r): values = try args.interpreter.expand(r)
                default: values = [args[0]]
                }
            } else {
                values = [args[0]] + args.rest
            }
            guard var best = values.first, !args.isNil(0) || !args.rest.isEmpty else {
                throw args.error(0, "expected a non-empty list")
            }
            for value in values.dropFirst() {
                do { if try pick(value, best) { best = value } } catch {
                    throw args.error(0, (error as? Diagnostic)?.message ?? "\(error)")
                }
            }
            return best
        }
    }

    static func unary(_ name: String, _ f: @escaping (Double) -> Double) -> Builtin {
        Builtin(name, [.required("x")]) { args in .number(f(try args.number(0))) }
    }

    static let numbers: [Builtin] = [
        Builtin("sum", [.required("values")]) { args in
            .number(try numbers(args).reduce(0, +))
        },
        extreme("min") { try Operators.ordering($0, $1) < 0 },
        extreme("max") { try Operators.ordering($0, $1) > 0 },
        Builtin("num", [.required("value")]) { args in
            switch args[0] {
            case .number: return args[0]
            case .bool(let b): return .number(b ? 1 : 0)
            case .string(let s):
                let text = s.trimmingBlanks.replacing("_", with: "")
                if let n = Double(text), !text.isEmpty, !text.hasPrefix("+") || text.count > 1 { return .number(n) }
                return .nil
            default: throw args.error(0, "expected a string, number or bool, got \(args[0].typeName)")
            }
        },
        unary("abs") { Swift.abs($0) },
        unary("floor") { $0.rounded(.down) },
        unary("ceil") { $0.rounded(.up) },
        unary("sqrt") { $0.squareRoot() },
        unary("exp") { exp($0) },
        unary("log") { log($0) },
        Builtin("pow", [.required("x"), .required("y")]) { args in
            .number(Operators.power(try args.number(0), try args.number(1)))
        },
        Builtin("round", [.required("x"), .optional("digits", 0)]) { args in
            let x = try args.number(0)
            let digits = try args.int(1)
            guard (0...15).contains(digits) else { throw args.error(1, "expected 0 to 15 digits, got \(digits)") }
            let scale = pow(10, Double(digits))
            return .number((x * scale).rounded(.toNearestOrAwayFromZero) / scale)
        },
    ]
}

