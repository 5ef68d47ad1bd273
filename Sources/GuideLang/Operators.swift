#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The meaning of operators, members and indexes on values. Errors are thrown without a
/// location; compiled code adds the location of the expression.
enum Operators {
    static func mismatch(_ message: String) -> Diagnostic { Diagnostic(.typeMismatch, message) }

    static func arithmetic(_ op: BinaryOperator, _ a: Value, _ b: Value, limits: InterpreterOptions) throws -> Value {
        switch (op, a, b) {
        case (.add, .number(let x), .number(let y)): return .number(x + y)
        case (.add, .string(let x), .string(let y)):
            try checkString(x.utf8.count + y.utf8.count, limits)
            return .string(x + y)
        case (.add, .list(let x), .list(let y)):
            try checkList(x.count + y.count, limits)
            return .list(x + y)
        case (.subtract, .number(let x), .number(let y)): return .number(x - y)
        case (.multiply, .number(let x), .number(let y)): return .number(x * y)
        case (.divide, .number(let x), .number(let y)):
            if y == 0 { throw Diagnostic(.divisionByZero, "division by zero") }
            return .number(x / y)
        case (.power, .number(let x), .number(let y)): return .number(power(x, y))
        case (.remainder, .number(let x), .number(let y)):
            if y == 0 { throw Diagnostic(.divisionByZero, "remainder by zero") }
            return .number(floorRemainder(x, y))
        case (.add, .string, _), (.add, _, .string):
            throw mismatch("cannot add \(a.typeName) and \(b.typeName): convert with str() or use interpolation \"\\(x)\"")
        default:
            throw mismatch("cannot apply `\(op.rawValue)` to \(a.typeName) and \(b.typeName)")
        }
    }

    static func checkString(_ size: Int, _ limits: InterpreterOptions) throws {
        if size > limits.maxStringLength {
            throw Diagnostic(.tooLarge, "string of \(size) bytes is too large (limit \(limits.maxStringLength))")
        }
    }

    static func checkList(_ count: Int, _ limits: InterpreterOptions) throws {
        if count > limits.maxListSize {
            throw Diagnostic(.tooLarge, "list of \(count) elements is too large (limit \(limits.maxListSize))")
        }
    }

    /// `x ** y`, as C's `pow` (`0 ** 0` is 1, a negative base with a fractional exponent is nan).
    static func power(_ x: Double, _ y: Double) -> Double { pow(x, y) }

    /// The remainder with the sign of the divisor, as in Python: `-1 % 3 == 2`.
    static func floorRemainder(_ x: Double, _ y: Double) -> Double {
        let r = x.truncatingRemainder(dividingBy: y)
        return r != 0 && (r < 0) != (y < 0) ? r + y : r
    }

    static func compare(_ op: BinaryOperator, _ a: Value, _ b: Value) throws -> Bool {
        switch op {
        case .equal: return a == b
        case .notEqual: return a != b
        default:
            let order = try ordering(a, b)
            switch op {
            case .less: return order < 0
            case .lessEqual: return order <= 0
            case .greater: return order > 0
            default: return order >= 0
            }
        }
    }

    /// -1, 0 or 1 for numbers with numbers, strings with strings, bools, and lists element-wise
    /// (a prefix orders first). Nested lists are compared from a work list, so any depth works.
    static func ordering(_ a: Value, _ b: Value) throws -> Int {
        guard case .list(let x) = a, case .list(let y) = b else { return try scalarOrdering(a, b) }
        // Lists being compared, outermost first, with the position reached in each.
        var open: [(x: ValueList, y: ValueList, position: Int)] = [(x, y, 0)]
        // A pair met again was already found equal (any difference returns at once).
        var compared = StoragePairs()
        while let (x, y, i) = open.popLast() {
            guard i < x.count, i < y.count else {
                if x.count != y.count { return x.count < y.count ? -1 : 1 }
                continue
            }
            open.append((x, y, i + 1))
            if case .list(let u) = x[i], case .list(let v) = y[i] {
                if !u.sharesStorage(with: v), compared.insert(x[i], y[i]) { open.append((u, v, 0)) }
            } else {
                let order = try scalarOrdering(x[i], y[i])
                if order != 0 { return order }
            }
        }
        return 0
    }

    private static func scalarOrdering(_ a: Value, _ b: Value) throws -> Int {
        switch (a, b) {
        case (.number(let x), .number(let y)): return x < y ? -1 : x > y ? 1 : 0
        case (.string(let x), .string(let y)): return x < y ? -1 : x > y ? 1 : 0
        case (.bool(let x), .bool(let y)): return x == y ? 0 : (!x ? -1 : 1)
        default:
            throw mismatch("cannot compare \(a.typeName) with \(b.typeName)")
        }
    }

    static func integer(_ value: Value, _ what: String) throws -> Int {
        guard case .number(let n) = value else { throw mismatch("\(what) must be a number, got \(value.typeName)") }
        guard n == n.rounded(), n.isFinite else { throw mismatch("\(what) must be a whole number, got \(Value.format(n))") }
        guard let i = Int(exactly: n), i.magnitude < 1 << 53 else {
            throw Diagnostic(.tooLarge, "\(what) is too large: \(Value.format(n)) (the limit is ±2^53)")
        }
        return i
    }

    static func range(_ a: Value, _ b: Value, closed: Bool) throws -> Value {
        let lower = try integer(a, "a range bound")
        let upper = try integer(b, "a range bound")
        return .range(RangeValue(lower: lower, upper: closed ? upper + 1 : upper, isClosed: closed))
    }

    static func member(_ base: Value, _ name: String) throws -> Value {
        switch base {
        case .record(let record):
            if let value = record[name] { return value }
            let fields = record.keys.isEmpty ? "it has none" : "fields: " + record.keys.joined(separator: ", ")
            throw Diagnostic(.noSuchMember, "record has no field '\(name)' (\(fields))")
        case .native(let native):
            if let value = try native.member(name) { return value }
            let names = native.memberNames
            let known = names.isEmpty ? "" : " (members: \(names.joined(separator: ", ")))"
            throw Diagnostic(.noSuchMember, "\(native.typeName) has no member '\(name)'\(known)")
        default:
            throw Diagnostic(.noSuchMember, "\(base.typeName) has no member '\(name)'")
        }
    }

    /// A list position; negative positions count from the end.
    static func position(_ index: Value, count: Int) throws -> Int {
        let i = try integer(index, "an index")
        let resolved = i < 0 ? i + count : i
        guard resolved >= 0, resolved < count else {
            throw Diagnostic(.indexOutOfRange, "index \(i) out of range for length \(count)")
        }
        return resolved
    }

    /// `base[lower..<upper]` (`closed`: `...upper`) of a list, string (by characters) or range;
    /// a nil bound is open (the start or the end). Bounds past the end are clamped to it (as in
    /// Python); negative bounds are an error, since slices do not count from the end.
    static func slice(_ base: Value, lower: Value, upper: Value, closed: Bool) throws -> Value {
        let low = lower.isNil ? 0 : try integer(lower, "a slice bound")
        let high = upper.isNil ? nil : try integer(upper, "a slice bound")
        return try slice(base, from: low, to: high.map { closed ? $0 + 1 : $0 }, written: high ?? 0)
    }

    /// Elements `from ..< to` (nil: to the end), clamped to the length; `written` is the upper
    /// bound as the user wrote it, for the error about negative bounds.
    static func slice(_ base: Value, from low: Int, to high: Int?, written: Int) throws -> Value {
        if let negative = [low, written].first(where: { $0 < 0 }) {
            throw Diagnostic(.indexOutOfRange, "slice bounds must not be negative, got \(negative) (use len(xs) - k, take or drop)")
        }
        func bounds(_ count: Int) -> Range<Int> {
            let start = min(low, count)
            return start..<max(start, min(high ?? count, count))
        }
        switch base {
        case .list(let items): return .list(Array(items.array[bounds(items.count)]))
        case .string(let s):
            let characters = Array(s)
            return .string(String(characters[bounds(characters.count)]))
        case .range(let r):
            let b = bounds(r.count)
            return .range(RangeValue(lower: r.lower + b.lowerBound, upper: r.lower + b.upperBound))
        default:
            throw mismatch("cannot slice \(base.typeName): expected a list, string or range")
        }
    }

    /// Follows a key path, `a` or `a.b.c`, from `value`.
    static func follow(_ value: Value, path: String) throws -> Value {
        guard path.contains(".") else { return try member(value, path) }
        var current = value
        for name in path.split(separator: ".") { current = try member(current, String(name)) }
        return current
    }

    static func index(_ base: Value, _ index: Value) throws -> Value {
        if case .range(let r) = index { return try slice(base, from: r.lower, to: r.upper, written: r.isClosed ? r.upper - 1 : r.upper) }
        switch base {
        case .list(let items): return items[try position(index, count: items.count)]
        case .string(let s):
            let characters = Array(s)
            return .string(String(characters[try position(index, count: characters.count)]))
        case .range(let r): return .number(Double(r.lower + (try position(index, count: r.count))))
        case .record(let record):
            guard case .string(let key) = index else { throw mismatch("a record is indexed by a string, got \(index.typeName)") }
            if let value = record[key] { return value }
            throw Diagnostic(.noSuchMember, "record has no field '\(key)'")
        default:
            throw mismatch("cannot index \(base.typeName)")
        }
    }

    /// Changes one field of a record in place (adding it when absent).
    static func modifyMember(_ base: inout Value, _ name: String, _ body: (inout Value) throws -> Void) throws {
        guard case .record(var record) = base else {
            throw mismatch("cannot set member '\(name)' of \(base.typeName)")
        }
        base = .nil
        defer { base = .record(record) }
        var field = record[name] ?? Value.nil
        record[name] = Value.nil
        try body(&field)
        record[name] = field
    }

    /// Changes one element of a list (or field of a record) in place.
    static func modifyIndex(_ base: inout Value, _ index: Value, _ body: (inout Value) throws -> Void) throws {
        switch base {
        case .list(var items):
            let i = try position(index, count: items.count)
            base = .nil
            defer { base = .list(items) }
            try body(&items[i])
        case .record:
            guard case .string(let key) = index else { throw mismatch("a record is indexed by a string, got \(index.typeName)") }
            try modifyMember(&base, key, body)
        default:
            throw mismatch("cannot set an element of \(base.typeName)")
        }
    }

    static func truth(_ value: Value, _ what: String) throws -> Bool {
        if case .bool(let b) = value { return b }
        throw mismatch("\(what) must be a bool, got \(value.typeName)")
    }
}
