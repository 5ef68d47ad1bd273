/// A plain, JSON-shaped value: what tables, files and experiment records hold.
///
/// Records keep their keys in insertion order, as the language's records do, so a
/// table read from a file shows its columns in the file's order.
public enum DataValue: Equatable, Hashable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case list([DataValue])
    case record(DataRecord)

    /// The number inside, or nil for any other kind.
    public var number: Double? {
        if case .number(let n) = self { return n }
        return nil
    }

    /// The string inside, or nil for any other kind.
    public var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The record inside, or nil for any other kind.
    public var record: DataRecord? {
        if case .record(let r) = self { return r }
        return nil
    }

    /// A short name of the kind, for error messages ("number", "record", …).
    public var kindName: String {
        switch self {
        case .null: return "nil"
        case .bool: return "bool"
        case .number: return "number"
        case .string: return "string"
        case .list: return "list"
        case .record: return "record"
        }
    }
}

/// An ordered map from field names to values; a key appears at most once.
public struct DataRecord: Equatable, Hashable, Sendable {
    /// The fields in order.
    public private(set) var fields: [(key: String, value: DataValue)] = []

    public init() {}

    /// Builds a record from ordered pairs; a repeated key keeps its first position and last value.
    public init(_ pairs: [(String, DataValue)]) {
        for (key, value) in pairs { self[key] = value }
    }

    /// The field names in order.
    public var keys: [String] { fields.map(\.key) }

    /// The value of `key`; assigning nil removes the field, assigning a new key appends it.
    public subscript(key: String) -> DataValue? {
        get { fields.first(where: { $0.key == key })?.value }
        set {
            let index = fields.firstIndex(where: { $0.key == key })
            switch (index, newValue) {
            case (let i?, let v?): fields[i].value = v
            case (let i?, nil): fields.remove(at: i)
            case (nil, let v?): fields.append((key, v))
            case (nil, nil): break
            }
        }
    }

    public static func == (a: DataRecord, b: DataRecord) -> Bool {
        a.fields.count == b.fields.count
            && zip(a.fields, b.fields).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        for field in fields {
            hasher.combine(field.key)
            hasher.combine(field.value)
        }
    }
}
