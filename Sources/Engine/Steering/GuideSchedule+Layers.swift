/// The one layer-selection convention of GuideLang, shared by `guide … --layers` and
/// `delta(…, layers: …)`.
///
/// Layers are numbered from 0. `A-B` and `A...B` are closed (both ends chosen: `0-5` is
/// layers 0, 1, 2, 3, 4, 5), `A..<B` is half-open (`0..<6` is the same six layers), `N`
/// is one layer, `A,B,C` a list, and `all`, `first`, `last` name themselves. Every form
/// becomes a `GuideSchedule.Layers` here, so the command line and scripts cannot disagree.
extension GuideSchedule.Layers {
    /// The accepted text forms, for help texts and error messages.
    public static let syntax = "all, first, last, N, A-B or A...B (closed), A..<B (half-open) or A,B,C (0-based)"

    /// Parses one of the forms in `syntax`; spaces around numbers are ignored.
    ///
    /// - Throws: `LayerSelectionError` naming the text when it is none of them, or when a
    ///   range ends before it starts.
    public init(parsing text: String) throws {
        let trimmed = text.filter { $0 != " " }
        switch trimmed {
        case "all": self = .all; return
        case "first": self = .first; return
        case "last": self = .last; return
        default: break
        }
        for (separator, closed) in [("..<", false), ("...", true), ("-", true)] {
            let bounds = trimmed.split(separator: separator, omittingEmptySubsequences: false)
            guard bounds.count == 2 else { continue }
            guard let low = Int(bounds[0]), let high = Int(bounds[1]) else { break }
            self = try closed ? .closed(low, high, text: text) : .halfOpen(low, high, text: text)
            return
        }
        let list = trimmed.split(separator: ",", omittingEmptySubsequences: false).map { Int($0) }
        guard !list.isEmpty, list.allSatisfy({ $0 != nil }) else { throw LayerSelectionError(text: text) }
        self = .list(list.compactMap { $0 })
    }

    /// Layers `low` through `high`, both chosen (`A-B`, `A...B`).
    public static func closed(_ low: Int, _ high: Int, text: String? = nil) throws -> Self {
        guard low <= high else { throw LayerSelectionError(text: text ?? "\(low)...\(high)", reversed: true) }
        return .range(low..<high + 1)
    }

    /// Layers from `low` up to but not including `upper` (`A..<B`).
    public static func halfOpen(_ low: Int, _ upper: Int, text: String? = nil) throws -> Self {
        guard low <= upper else { throw LayerSelectionError(text: text ?? "\(low)..<\(upper)", reversed: true) }
        return .range(low..<upper)
    }
}

/// A layer selection that is none of the forms of `GuideSchedule.Layers.syntax`.
public struct LayerSelectionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The rejected selection as written.
    public var text: String
    /// True when the form was right but the range ends before it starts.
    public var reversed = false

    public var description: String {
        reversed
            ? "the layer range '\(text)' ends before it starts"
            : "expected layers as \(GuideSchedule.Layers.syntax); got '\(text)'"
    }
}
