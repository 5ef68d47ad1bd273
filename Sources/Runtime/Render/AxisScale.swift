import Foundation

/// A linear axis over a data range, with "nice" tick values (1, 2 or 5 times a power of ten).
struct AxisScale {
    let lower: Double
    let upper: Double
    let ticks: [Double]

    /// Covers `low...high` with about `targetTicks` ticks; a degenerate range is widened.
    init(low: Double, high: Double, targetTicks: Int = 5) {
        var low = low.isFinite ? low : 0
        var high = high.isFinite ? high : 1
        if low == high {
            let pad = low == 0 ? 1 : abs(low) * 0.1
            low -= pad
            high += pad
        }
        let step = AxisScale.niceStep(for: (high - low) / Double(max(targetTicks, 1)))
        let first = (low / step).rounded(.down) * step
        let last = (high / step).rounded(.up) * step
        lower = first
        upper = last
        let count = Int(((last - first) / step).rounded()) + 1
        ticks = (0..<count).map { first + Double($0) * step }
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
