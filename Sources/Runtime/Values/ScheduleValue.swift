import Engine
import GuideLang

/// `delta(…)`: a GUIDE schedule. A per-layer profile written as a function is evaluated
/// when the schedule meets a model (its layer count is known only then).
public final class ScheduleValue: NativeValue, DataConvertible {
    enum Form {
        case fixed(GuideSchedule)
        case profile(Value, steps: GuideSchedule.Steps)
    }
    let form: Form

    init(_ form: Form) { self.form = form }

    public var typeName: String { "schedule" }
    public var memberNames: [String] { ["delta", "layers", "steps"] }

    public func member(_ name: String) throws -> Value? {
        switch (name, form) {
        case ("delta", .fixed(let s)): return .number(Double(shortest: s.delta))
        case ("delta", .profile(let f, _)): return f
        case ("layers", .fixed(let s)): return .string(Self.describe(s.layers))
        case ("layers", .profile): return .string("profile")
        case ("steps", .fixed(let s)): return .string(s.steps.rawValue)
        case ("steps", .profile(_, let steps)): return .string(steps.rawValue)
        default: return nil
        }
    }

    /// The engine schedule for a model of `layerCount` layers; a profile function is
    /// called once per layer with the 0-based layer index.
    func schedule(layerCount: Int, call: (Value, [Value]) throws -> Value) throws -> GuideSchedule {
        switch form {
        case .fixed(let schedule): return schedule
        case .profile(let function, let steps):
            return try GuideSchedule(layerCount: layerCount, steps: steps) { layer in
                let result = try call(function, [.number(Double(layer))])
                guard case .number(let d) = result, d.isFinite else {
                    throw ScheduleProfileError(layer: layer, got: result.typeName)
                }
                return Float(d)
            }
        }
    }

    static func describe(_ layers: GuideSchedule.Layers) -> String {
        switch layers {
        case .all: return "all"
        case .first: return "first"
        case .last: return "last"
        case .list(let l): return "[" + l.map(String.init).joined(separator: ", ") + "]"
        case .range(let r): return "\(r.lowerBound)..<\(r.upperBound)"
        }
    }

    public func displayText() -> String {
        switch form {
        case .fixed(let s):
            return "<schedule Δ=\(Value.format(Double(shortest: s.delta))) layers: \(Self.describe(s.layers)) steps: \(s.steps.rawValue)>"
        case .profile(_, let steps): return "<schedule per-layer profile steps: \(steps.rawValue)>"
        }
    }

    public var data: DataValue {
        switch form {
        case .fixed(let s):
            return .record(DataRecord([("delta", .number(Double(shortest: s.delta))), ("layers", .string(Self.describe(s.layers))),
                                       ("steps", .string(s.steps.rawValue))]))
        case .profile(_, let steps):
            return .record(DataRecord([("delta", .string("profile")), ("steps", .string(steps.rawValue))]))
        }
    }
}

/// A per-layer profile function that returned something other than a finite number.
struct ScheduleProfileError: Error, CustomStringConvertible {
    var layer: Int
    var got: String
    var description: String { "the per-layer Δ function returned \(got) for layer \(layer); expected a number" }
}
