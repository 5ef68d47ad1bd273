/// Something callable: a closure written in GuideLang or a builtin registered by the host.
public class Function {
    /// The name shown in call stacks and "bad argument" messages (`<fn>` for lambdas).
    public let name: String
    /// True for `Closure`, so calls can take their fast path without a dynamic cast.
    let isClosure: Bool

    init(name: String, isClosure: Bool = false) {
        self.name = name
        self.isClosure = isClosure
    }

    /// Calls the function. `named` keeps the order the arguments were written in.
    func call(_ positional: [Value], _ named: [(String, Value)], _ interpreter: Interpreter) throws -> Value {
        throw Diagnostic(.typeMismatch, "'\(name)' cannot be called")
    }

    /// Parameter names, for completion and help.
    public var parameterNames: [String] { [] }
}

/// One parameter of a builtin: required, or optional with a default value.
public struct BuiltinParameter: Sendable {
    /// The name used for named arguments (`max_tokens`).
    public var name: String
    /// The value used when the argument is missing; nil makes the parameter required.
    public var defaultValue: Value?

    /// A parameter the caller must pass.
    public static func required(_ name: String) -> BuiltinParameter { BuiltinParameter(name: name, defaultValue: nil) }
    /// A parameter with a default (nil unless given).
    public static func optional(_ name: String, _ defaultValue: Value = .nil) -> BuiltinParameter {
        BuiltinParameter(name: name, defaultValue: defaultValue)
    }
}

/// A function implemented in Swift by the language or by the host.
///
///     interpreter.register(Builtin("generate", [.required("model"), .required("prompt"),
///                                              .optional("max_tokens", 80)]) { args in
///         let model = try args.native(0, as: ModelValue.self)
///         let budget = try args.int("max_tokens")
///         …
///     })
///
/// Arguments are bound like GuideLang functions: positional first, then named; missing
/// optional ones take their default. `variadic` collects extra positional arguments in
/// `Arguments.rest`; `acceptsAnyNamed` collects unknown named ones in `Arguments.extraNamed`
/// (e.g. `grid(delta: […], doc: docs)`).
public final class Builtin: Function {
    /// The declared parameters in order.
    public let parameters: [BuiltinParameter]
    /// Whether extra positional arguments are allowed.
    public let variadic: Bool
    /// Whether named arguments that match no parameter are allowed.
    public let acceptsAnyNamed: Bool
    let body: (Arguments) throws -> Value

    /// Creates a builtin; `body` receives the bound arguments and returns the result.
    public init(_ name: String, _ parameters: [BuiltinParameter], variadic: Bool = false,
                acceptsAnyNamed: Bool = false, _ body: @escaping (Arguments) throws -> Value) {
        self.parameters = parameters
        self.variadic = variadic
        self.acceptsAnyNamed = acceptsAnyNamed
        self.body = body
        super.init(name: name)
    }

    public override var parameterNames: [String] { parameters.map(\.name) }

    override func call(_ positional: [Value], _ named: [(String, Value)], _ interpreter: Interpreter) throws -> Value {
        var values = [Value?](repeating: nil, count: parameters.count)
        var rest: [Value] = []
        var extra: [(String, Value)] = []
        for (i, value) in positional.enumerated() {
            if i < parameters.count {
                values[i] = value
            } else if variadic {
                rest.append(value)
            } else {
                let most = parameters.count
                throw Diagnostic(.wrongArgument, "too many arguments to '\(name)': it takes at most \(most), got \(positional.count + named.count)")
            }
        }
        for (label, value) in named {
            if let j = parameters.firstIndex(where: { $0.name == label }) {
                if values[j] != nil { throw Diagnostic(.wrongArgument, "argument '\(label)' given twice to '\(name)'") }
                values[j] = value
            } else if acceptsAnyNamed {
                extra.append((label, value))
            } else {
                let known = parameters.map(\.name).joined(separator: ", ")
                throw Diagnostic(.wrongArgument, "'\(name)' has no parameter named '\(label)' (parameters: \(known))")
            }
        }
        var bound: [Value] = []
        bound.reserveCapacity(parameters.count)
        for (j, parameter) in parameters.enumerated() {
            if let value = values[j] ?? parameter.defaultValue {
                bound.append(value)
            } else {
                throw Diagnostic(.wrongArgument, "missing argument #\(j + 1) '\(parameter.name)' to '\(name)'")
            }
        }
        let arguments = Arguments(function: self, values: bound, rest: rest, extraNamed: extra, interpreter: interpreter)
        guard let mapping = interpreter.hostErrorMapping else { return try body(arguments) }
        do {
            return try body(arguments)
        } catch let error where !(error is Diagnostic || error is DiagnosticList || error is ArgumentError) {
            throw mapping(error, arguments)
        }
    }
}

/// A parameter of a builtin, by 0-based position or by name.
public enum ArgumentKey: ExpressibleByIntegerLiteral, ExpressibleByStringLiteral, Sendable {
    case index(Int)
    case name(String)
    public init(integerLiteral value: Int) { self = .index(value) }
    public init(stringLiteral value: String) { self = .name(value) }
}

/// A wrong argument to a builtin; the interpreter reports it as
/// "bad argument #2 to 'generate': expected a number, got string" at the call.
public struct ArgumentError: Error, Sendable {
    /// 1-based position of the parameter.
    public var position: Int
    /// What is wrong, e.g. "expected a number, got string".
    public var message: String
    /// The diagnostic's code: `runtime.wrong-argument` unless the host names a more
    /// specific failure (an engine failure keeps its `engine.…` code).
    public var code: DiagnosticCode
    public init(position: Int, message: String, code: DiagnosticCode = .wrongArgument) {
        self.position = position
        self.message = message
        self.code = code
    }
}

/// The bound arguments of a builtin call, with typed accessors that throw `ArgumentError`.
public struct Arguments {
    /// The builtin being called.
    public let function: Builtin
    /// One value per declared parameter, defaults filled in.
    public let values: [Value]
    /// Extra positional arguments (variadic builtins only).
    public let rest: [Value]
    /// Named arguments that match no parameter, in call order (`acceptsAnyNamed` builtins only).
    public let extraNamed: [(name: String, value: Value)]
    /// The running interpreter: call function values with `interpreter.call`, write output, tick steps.
    public let interpreter: Interpreter

    func index(_ key: ArgumentKey) -> Int {
        switch key {
        case .index(let i): return i
        case .name(let name): return function.parameters.firstIndex { $0.name == name } ?? -1
        }
    }

    /// The raw value of a parameter (nil for an unknown key).
    public subscript(key: ArgumentKey) -> Value {
        let i = index(key)
        return i >= 0 && i < values.count ? values[i] : .nil
    }

    /// An error about this parameter, to throw.
    public func error(_ key: ArgumentKey, _ message: String) -> ArgumentError {
        ArgumentError(position: index(key) + 1, message: message)
    }

    func mismatch(_ key: ArgumentKey, _ expected: String) -> ArgumentError {
        error(key, "expected \(expected), got \(self[key].typeName)")
    }

    /// True when the argument is nil (an optional left out).
    public func isNil(_ key: ArgumentKey) -> Bool { self[key].isNil }

    public func number(_ key: ArgumentKey) throws -> Double {
        if case .number(let n) = self[key] { return n }
        throw mismatch(key, "a number")
    }

    /// A number that must be a whole number within Int range.
    public func int(_ key: ArgumentKey) throws -> Int {
        let n = try number(key)
        guard let i = Int(exactly: n), i.magnitude < 1 << 53 else { throw error(key, "expected a whole number, got \(Value.format(n))") }
        return i
    }

    public func string(_ key: ArgumentKey) throws -> String {
        if case .string(let s) = self[key] { return s }
        throw mismatch(key, "a string")
    }

    public func bool(_ key: ArgumentKey) throws -> Bool {
        if case .bool(let b) = self[key] { return b }
        throw mismatch(key, "a bool")
    }

    /// A list; a range is accepted and expanded.
    public func list(_ key: ArgumentKey) throws -> [Value] {
        switch self[key] {
        case .list(let items): return items.array
        case .range(let r): return try interpreter.expand(r)
        default: throw mismatch(key, "a list")
        }
    }

    public func record(_ key: ArgumentKey) throws -> Record {
        if case .record(let r) = self[key] { return r }
        throw mismatch(key, "a record")
    }

    /// Something callable: a function or a key path.
    public func function(_ key: ArgumentKey) throws -> Value {
        switch self[key] {
        case .function, .keyPath: return self[key]
        default: throw mismatch(key, "a function")
        }
    }

    /// A host value of a given class.
    public func native<T: NativeValue>(_ key: ArgumentKey, as type: T.Type, named: String? = nil) throws -> T {
        if case .native(let n) = self[key], let typed = n as? T { return typed }
        throw mismatch(key, "a \(named ?? String(describing: type))")
    }
}
