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
///
/// Plain data nests at most `maxDepth` levels of lists and records, the depth the JSON
/// reader accepts, so everything written (files, CSV cells, experiment logs) reads back.
/// Converting a deeper value is an error, raised before anything is written.
public enum ValueData {
    /// The deepest nesting of lists and records that can become data: `JSON.maxDepth`.
    public static let maxDepth = JSON.maxDepth

    /// `value` as plain data: ranges become lists, host values their `data` (or their
    /// display text), functions and key paths their display text.
    ///
    /// - Parameter maxDepth: the deepest nesting allowed (lower it by the levels a caller
    ///   wraps around the result).
    /// - Throws: a `.tooLarge` diagnostic when lists and records nest deeper than `maxDepth`.
    public static func data(_ value: Value, maxDepth: Int = maxDepth) throws -> DataValue {
        try data(value, levelsLeft: maxDepth, limit: maxDepth)
    }

    private static func data(_ value: Value, levelsLeft: Int, limit: Int) throws -> DataValue {
        switch value {
        case .nil: return .null
        case .bool(let b): return .bool(b)
        case .number(let n): return .number(n)
        case .string(let s): return .string(s)
        case .list(let items):
            guard levelsLeft > 0 else { throw tooDeep(limit) }
            return .list(try items.map { try data($0, levelsLeft: levelsLeft - 1, limit: limit) })
        case .record(let record):
            guard levelsLeft > 0 else { throw tooDeep(limit) }
            return .record(try self.record(record, levelsLeft: levelsLeft - 1, limit: limit))
        case .range(let r): return .list((r.lower..<max(r.lower, r.upper)).map { .number(Double($0)) })
        case .native(let native):
            if let convertible = native as? DataConvertible { return convertible.data }
            return .string(native.displayText())
        case .function, .keyPath: return .string(value.displayText())
        }
    }

    private static func record(_ record: Record, levelsLeft: Int, limit: Int) throws -> DataRecord {
        DataRecord(try record.fields.map { ($0.key, try data($0.value, levelsLeft: levelsLeft, limit: limit)) })
    }

    private static func tooDeep(_ limit: Int) -> Diagnostic {
        Diagnostic(.tooLarge, "value nests lists and records more than \(limit) levels deep; data (JSON, CSV, experiment records) holds at most \(limit)")
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

    /// A language record as a plain record; throws as `data(_:maxDepth:)` does.
    public static func record(_ record: Record, maxDepth: Int = maxDepth) throws -> DataRecord {
        guard maxDepth > 0 else { throw tooDeep(maxDepth) }
        return try self.record(record, levelsLeft: maxDepth - 1, limit: maxDepth)
    }
}

extension Double {
    /// The double whose shortest decimal form is the float's (`0.3` rather than
    /// `0.30000001192092896`), so engine numbers display and serialise as they read.
    init(shortest value: Float) {
        self = value.isFinite ? Double(String(value)) ?? Double(value) : Double(value)
    }
}
