/// Where and when GUIDE adds Δ to the attention logits of marked spans.
///
/// In each chosen layer, for every head and query row, a span of level L adds
/// `Δ(layer) · L.multiplier` (1, 2, 4; 0 for the measured span) to the scaled attention
/// logits of the span's key positions, before the mask and softmax.
public struct GuideSchedule: Sendable, Hashable {
    /// Which layers get the bias.
    public enum Layers: Sendable, Hashable {
        case all, first, last
        /// Explicit 0-based layer indices.
        case list([Int])
        /// A half-open range of 0-based layer indices.
        case range(Range<Int>)
    }

    /// Which forward steps get the bias.
    public enum Steps: String, Sendable, Hashable, CaseIterable {
        /// The prompt and every generated token.
        case all
        /// Only while reading the prompt.
        case prefill
    }

    /// Δ of each layer from a per-layer profile, or nil when `delta` and `layers` decide.
    private let profile: [Float]?
    /// The bias of a level-1 span (for profiles: the largest layer Δ).
    public let delta: Float
    /// The chosen layers (`.all` for profiles).
    public let layers: Layers
    /// The steps that get the bias.
    public let steps: Steps

    /// Δ on `layers`, for `steps`.
    public init(delta: Float, layers: Layers = .all, steps: Steps = .all) {
        self.delta = delta
        self.layers = layers
        self.steps = steps
        self.profile = nil
    }

    /// A per-layer profile: layer ℓ (0-based) gets `profile[ℓ]`; layers past its end get 0.
    public init(profile: [Float], steps: Steps = .all) {
        self.profile = profile
        self.delta = profile.max(by: { abs($0) < abs($1) }) ?? 0
        self.layers = .all
        self.steps = steps
    }

    /// A per-layer profile from a function of the 0-based layer index.
    public init(layerCount: Int, steps: Steps = .all, delta: (Int) throws -> Float) rethrows {
        self.init(profile: try (0..<max(layerCount, 0)).map(delta), steps: steps)
    }

    /// The Δ of `layer` in a model of `layerCount` layers (0 where the schedule skips it).
    public func delta(layer: Int, layerCount: Int) -> Float {
        if let profile { return layer < profile.count ? profile[layer] : 0 }
        let chosen: Bool
        switch layers {
        case .all: chosen = true
        case .first: chosen = layer == 0
        case .last: chosen = layer == layerCount - 1
        case .list(let indices): chosen = indices.contains(layer)
        case .range(let range): chosen = range.contains(layer)
        }
        return chosen ? delta : 0
    }

    /// Throws when the schedule names a layer the model does not have.
    public func validate(layerCount: Int) throws {
        let named: [Int]
        switch layers {
        case .list(let indices): named = indices
        case .range(let range): named = range.isEmpty ? [] : [range.lowerBound, range.upperBound - 1]
        default: named = []
        }
        if let bad = named.first(where: { !(0..<layerCount).contains($0) }) {
            throw GuideScheduleError.layerOutOfRange(bad, layerCount: layerCount)
        }
        if let profile, profile.count > layerCount {
            throw GuideScheduleError.profileTooLong(profile.count, layerCount: layerCount)
        }
    }

    /// The bias for prompt processing over `spans`, or nil when it would add nothing
    /// (Δ = 0 everywhere or no biased span), so an unbiased run takes the plain path.
    /// Each vector ends at the last biased span; later keys get no bias.
    public func promptBias(spans: [TokenSpan], layerCount: Int) -> AttentionBias? {
        let biased = spans.filter { $0.level.multiplier != 0 }
        guard let length = biased.map(\.tokens.upperBound).max() else { return nil }
        var byLayer: [[Float]?] = []
        for layer in 0..<layerCount {
            let layerDelta = delta(layer: layer, layerCount: layerCount)
            guard layerDelta != 0 else { byLayer.append(nil); continue }
            var values = [Float](repeating: 0, count: length)
            for span in biased {
                for key in span.tokens { values[key] = layerDelta * span.level.multiplier }
            }
            byLayer.append(values)
        }
        return byLayer.contains { $0 != nil } ? AttentionBias(byLayer: byLayer) : nil
    }

    /// The bias for decoding steps: the prompt bias when `steps` is `.all`, else nil.
    /// The new token's row gets the same bias on the span keys as the prompt rows.
    public func decodeBias(spans: [TokenSpan], layerCount: Int) -> AttentionBias? {
        steps == .all ? promptBias(spans: spans, layerCount: layerCount) : nil
    }
}

/// A schedule that does not fit the model it is applied to.
public enum GuideScheduleError: Error, Sendable, Equatable, CustomStringConvertible {
    case layerOutOfRange(Int, layerCount: Int)
    case profileTooLong(Int, layerCount: Int)

    public var description: String {
        switch self {
        case let .layerOutOfRange(layer, count):
            return "layer \(layer) does not exist: the model has layers 0...\(count - 1)"
        case let .profileTooLong(length, count):
            return "the per-layer profile has \(length) values but the model has \(count) layers"
        }
    }
}
