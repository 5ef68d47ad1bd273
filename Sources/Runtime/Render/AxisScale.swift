import Foundation

/// A linear axis over a data range, with "nice" tick values (1, 2 or 5 times a power of ten).
struct AxisScale {
    let lower: Double
    let upper: Double
    let ticks: [Double]

    /// Covers `low...high` with about `targetTicks` ticks; a degenerate range is widened.
    /// A fixed end (`fixedLow`, `fixedHigh`) is the axis's end exactly; the other end is
    /// rounded out to a tick, and ticks fall on round values between the ends.
    init(low: Double, high: Double, targetTicks: Int = 5, fixedLow: Double? = nil, fixedHigh: Double? = nil) {
        var low = fixedLow ?? (low.isFinite ? low : 0)
        var high = fixedHigh ?? (high.isFinite ? high : 1)
        if low >= high {
            let size = max(abs(low), abs(high))
            let pad = size == 0 ? 1 : size * 0.1
            // A fixed end stays put: the free side moves (data wholly beyond that end, or one value).
            if fixedLow == nil { low = min(low, high) - pad }
            if fixedHigh == nil { high = max(low, high) + pad }
        }
        let step = AxisScale.niceStep(for: (high - low) / Double(max(targetTicks, 1)))
        let first = fixedLow ?? (low / step).rounded(.down) * step
        let last = fixedHigh ?? (high / step).rounded(.up) * step
        lower = first
        upper = last
        // The first round value at or above a fixed lower end; the lower end itself otherwise.
        let start = fixedLow == nil ? first : (first / step - 1e-9).rounded(.up) * step
        let count = Int(((last - start) / step + 1e-9).rounded(.down)) + 1
        ticks = (0..<max(count, 0)).map { start + Double($0) * step }
    }

    /// Maps `value` into `0...1` along the axis.
    func fraction(_ value: Double) -> Double {
        (value - lower) / (upper - lower)
    }

    /// The tick value as a short label: no trailing zeros, at most four significant digits.
    static func label(_ value: Double) -> String {
        if abs(value) < 1e-12 { return "0" }
        if value == value.rounded(), abs(value) < 1e9 { return String(Int(value)) }
        return String(format: "%.4g", value)
    }

    private static func niceStep(for rough: Double) -> Double {
        guard rough > 0, rough.isFinite else { return 1 }
        let power = pow(10, floor(log10(rough)))
        let scaled = rough / power
        let nice: Double = scaled <= 1 ? 1 : scaled <= 2 ? 2 : scaled <= 5 ? 5 : 10
        return nice * power
    }
}
