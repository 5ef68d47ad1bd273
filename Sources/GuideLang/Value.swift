/// A GuideLang value (§2 of the language contract). Lists and records have value semantics:
/// assigning one copies it (cheaply, copy-on-write).
public enum Value {
    case `nil`
    case bool(Bool)
    /// A 64-bit float; integers are exact up to 2^53.
    case number(Double)
    case string(String)
    /// Elements; `Value.list(_:)` also takes a Swift array.
    case list(ValueList)
    case record(Record)
    case range(RangeValue)
    /// A closure or a builtin.
    case function(Function)
    /// `.field`: calling it with a record returns that field.
    case keyPath(String)
    /// A value owned by the host (a model, a prompt, a chart, …).
    case native(NativeValue)

    /// The kind's name as users see it in error messages: `number`, `list`, `model`, …
    public var typeName: String {
        switch self {
        case .nil: return "nil"
        case .bool: return "bool"
        case .number: return "number"
        case .string: return "string"
        case .list: return "list"
        case .record: return "record"
        case .range: return "range"
        case .function: return "function"
        case .keyPath: return "key path"
        case .native(let native): return native.typeName
        }
    }

    /// True for `.nil`.
    public var isNil: Bool { if case .nil = self { return true } else { return false } }

    /// A list of records, displayed as a table.
    public var isTable: Bool {
        guard case .list(let items) = self, !items.isEmpty else { return false }
        return items.allSatisfy { if case .record = $0 { return true } else { return false } }
    }
}

/// Values cross threads only as data handed to a host (e.g. rows of a finished experiment).
extension Value: @unchecked Sendable {}

/// An ordered record: keys keep the order they were written in.
public struct Record: Equatable {
    /// Field names in order.
    public private(set) var keys: [String]
    /// Field values, parallel to `keys`.
    public private(set) var values: ValueList
    /// Position of each key, kept only for records larger than `indexThreshold` (small ones scan).
    private var positions: [String: Int] = [:]
    private static let indexThreshold = 8

    /// An empty record.
    public init() {
        keys = []
        values = []
    }

    /// A record from ordered fields; a repeated key keeps its first position and last value.
    public init(_ fields: [(String, Value)]) {
        self.init()
        for (key, value) in fields { self[key] = value }
    }

    private func position(of key: String) -> Int? {
        if keys.count > Record.indexThreshold { return positions[key] }
        for i in keys.indices where keys[i] == key { return i }
        return nil
    }

    private mutating func reindex() {
        positions = [:]
        if keys.count > Record.indexThreshold {
            for (i, key) in keys.enumerated() { positions[key] = i }
        }
    }

    /// The field's value, or nil when absent. Setting a new key appends it; setting nil removes it.
    public subscript(key: String) -> Value? {
        get { position(of: key).map { values[$0] } }
        set {
            if let i = position(of: key) {
                if let newValue {
                    values[i] = newValue
                } else {
                    keys.remove(at: i)
                    values.remove(at: i)
                    reindex()
                }
            } else if let newValue {
                keys.append(key)
                values.append(newValue)
                if keys.count == Record.indexThreshold + 1 { reindex() } else if keys.count > Record.indexThreshold { positions[key] = keys.count - 1 }
            }
        }
    }

    /// Fields in order.
    public var fields: [(key: String, value: Value)] { Array(zip(keys, values)).map { (key: $0.0, value: $0.1) } }

    /// Number of fields.
    public var count: Int { keys.count }

    /// Records are equal when they have the same fields with equal values, in any order.
    public static func == (a: Record, b: Record) -> Bool { ValueEquality.equal(.record(a), .record(b)) }
}

/// An integer range `lower..<upper` (a closed `a...b` is stored as `a..<b+1` and remembers its spelling).
public struct RangeValue: Equatable, Sendable {
    /// First element.
    public var lower: Int
    /// One past the last element.
    public var upper: Int
    /// Whether it was written `a...b`.
    public var isClosed: Bool

    /// Creates `lower..<upper`, or `lower...upper - 1` when `isClosed`.
    public init(lower: Int, upper: Int, isClosed: Bool = false) {
        self.lower = lower
        self.upper = upper
        self.isClosed = isClosed
    }

    /// Number of elements (0 when empty or reversed).
    public var count: Int { upper > lower ? upper - lower : 0 }

    public static func == (a: RangeValue, b: RangeValue) -> Bool { a.lower == b.lower && a.upper == b.upper }
}

/// A value the host defines (models, prompts, schedules, charts, …), like Lua's userdata.
///
/// The language knows only what this protocol says: a type name for errors, members for
/// `value.member`, names for completion and a plain-text display.
public protocol NativeValue: AnyObject {
    /// The kind's name in messages: `model`, `prompt`, `schedule`, …
    var typeName: String { get }
    /// The value of `self.name`, or nil when there is no such member.
    func member(_ name: String) throws -> Value?
    /// Member names, for completion and for "no member" messages.
    var memberNames: [String] { get }
    /// Plain-text display (terminal, `print`, interpolation).
    func displayText() -> String
    /// Equality for `==`; identity by default.
    func isEqual(to other: NativeValue) -> Bool
}

extension NativeValue {
    public func member(_ name: String) throws -> Value? { nil }
    public var memberNames: [String] { [] }
    public func displayText() -> String { "<\(typeName)>" }
    public func isEqual(to other: NativeValue) -> Bool { self === other }
}

extension Value: Equatable {
    /// Structural equality; functions compare by identity, numbers as IEEE doubles. Works
    /// at any depth of nesting (see `ValueEquality`).
    public static func == (a: Value, b: Value) -> Bool { ValueEquality.equal(a, b) }
}

extension ValueList: Equatable {
    /// Element-wise equality, at any depth of nesting.
    public static func == (a: ValueList, b: ValueList) -> Bool { ValueEquality.equal(.list(a), .list(b)) }
}

extension Value: ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByStringLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByNilLiteral {
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: Value...) { self = .list(ValueList(elements)) }
    public init(nilLiteral: ()) { self = .nil }
}
