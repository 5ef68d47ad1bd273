import GuideLang

/// A host value that has a plain-data form, used when it is written to a file, recorded
/// in an experiment, or hashed as an experiment row.
public protocol DataConvertible {
    /// The value as plain data (usually a record of its fields).
    var data: DataValue { get }
}

/// A host value that stands for a text where a string is expected (a generation's output).
public protocol TextBearing {
    /// The text the value stands for.
    var text: String { get }
}

/// Conversions between the language's values and plain data.
public enum ValueData {
    /// `value` as plain data: ranges become lists, host values their `data` (or their
    /// display text), functions and key paths their display text.
    public static func data(_ value: Value) -> DataValue {
        switch value {
        case .nil: return .null
        case .bool(let b): return .bool(b)
        case .number(let n): return .number(n)
        case .string(let s): return .string(s)
        case .list(let items): return .list(items.map(data))
        case .record(let record): return .record(DataRecord(record.fields.map { ($0.key, data($0.value)) }))
        case .range(let r): return .list((r.lower..<max(r.lower, r.upper)).map { .number(Double($0)) })
        case .native(let native):
            if let convertible = native as? DataConvertible { return convertible.data }
            return .string(native.displayText())
        case .function, .keyPath: return .string(value.displayText())
        }
    }

    /// Plain data as a language value.
    public static func value(_ data: DataValue) -> Value {
        switch data {
        case .null: return .nil
        case .bool(let b): return .bool(b)
        case .number(let n): return .number(n)
        case .string(let s): return .string(s)
        case .list(let items): return .list(items.map(value))
        case .record(let record): return .record(self.record(record))
        }
    }

    /// A plain record as a language record.
    public static func record(_ record: DataRecord) -> Record {
        Record(record.fields.map { ($0.key, value($0.value)) })
    }

    /// A language record as a plain record.
    public static func record(_ record: Record) -> DataRecord {
        DataRecord(record.fields.map { ($0.key, data($0.value)) })
    }
}

extension Double {
    /// The double whose shortest decimal form is the float's (`0.3` rather than
    /// `0.30000001192092896`), so engine numbers display and serialise as they read.
    init(shortest value: Float) {
        self = value.isFinite ? Double(String(value)) ?? Double(value) : Double(value)
    }
}
