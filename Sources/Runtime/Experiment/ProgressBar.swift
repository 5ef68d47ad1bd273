import Dispatch

/// A progress display for long loops: a redrawn bar with rate and ETA on a terminal, or
/// plain lines (at most one every `plainInterval` seconds, plus the last) elsewhere.
///
/// The rate counts only rows that were actually run, so skipped rows of a resumed
/// experiment do not make the ETA optimistic.
public final class ProgressBar {
    /// What the bar is counting ("french", "downloading smollm2").
    public let label: String
    /// The number of steps at completion.
    public let total: Int
    /// The unit shown after the rate ("rows", "MB").
    public let unit: String
    private let isTerminal: Bool
    private let output: (String) -> Void
    private let clock: () -> Double
    private let plainInterval: Double
    private var done = 0
    private var skipped = 0
    private var startTime: Double
    private var lastPlainLine = -Double.infinity
    private var lastPlainText: String?
    private var isFinished = false

    /// - Parameters:
    ///   - output: receives each piece of text to show (a terminal line starts with `\r`).
    ///   - clock: seconds from any fixed origin; injectable so tests are deterministic.
    public init(label: String, total: Int, unit: String = "rows", isTerminal: Bool,
                plainInterval: Double = 2, output: @escaping (String) -> Void,
                clock: @escaping () -> Double = ProgressBar.monotonicSeconds) {
        self.label = label
        self.total = max(0, total)
        self.unit = unit
        self.isTerminal = isTerminal
        self.output = output
        self.clock = clock
        self.plainInterval = plainInterval
        self.startTime = clock()
    }

    /// Counts steps that were already done and cost nothing (resumed rows).
    public func skip(_ count: Int = 1) {
        skipped += count
        done += count
        startTime = clock()
        draw()
    }

    /// Counts `count` steps as done.
    public func advance(_ count: Int = 1) {
        done += count
        draw()
    }

    /// Draws the final state and, on a terminal, ends the line.
    public func finish() {
        guard !isFinished else { return }
        isFinished = true
        draw(force: true)
        if isTerminal { output("\n") }
    }

    /// Steps per second over the steps actually run, or nil before any ran.
    public var rate: Double? {
        let elapsed = clock() - startTime
        let ran = done - skipped
        guard ran > 0, elapsed > 0 else { return nil }
        return Double(ran) / elapsed
    }

    /// The current status without bar or control characters:
    /// `french 6/12 rows, 0.82 rows/s, ETA 0:07 (2 skipped)`.
    public var status: String {
        var text = "\(label) \(done)/\(total) \(unit)"
        if let rate {
            text += ", " + Self.formatRate(rate) + " \(unit)/s"
            if done < total { text += ", ETA " + Self.formatDuration(Double(total - done) / rate) }
        }
        if skipped > 0 { text += " (\(skipped) already recorded)" }
        return text
    }

    private func draw(force: Bool = false) {
        if isTerminal {
            output("\r\u{1B}[2K" + bar(width: 24) + " " + status)
        } else {
            let now = clock()
            let text = status
            // A plain line is never repeated (the final state may already be on screen).
            guard text != lastPlainText, force || now - lastPlainLine >= plainInterval else { return }
            lastPlainLine = now
            lastPlainText = text
            output(text + "\n")
        }
    }

    /// A bar of `width` cells with eighth-cell resolution.
    func bar(width: Int) -> String {
        let fraction = total == 0 ? 1 : min(1, Double(done) / Double(total))
        let eighths = Int((fraction * Double(width * 8)).rounded(.down))
        let partials = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        var cells = String(repeating: "█", count: eighths / 8)
        if eighths / 8 < width { cells += partials[eighths % 8] }
        let padding = width - (eighths / 8) - (eighths % 8 == 0 ? 0 : 1)
        return "▕" + cells + String(repeating: " ", count: max(0, padding)) + "▏"
    }

    static func formatRate(_ rate: Double) -> String {
        if rate >= 100 { return JSON.formatNumber(rate.rounded()) }
        if rate >= 10 { return JSON.formatNumber((rate * 10).rounded() / 10) }
        return JSON.formatNumber((rate * 100).rounded() / 100)
    }

    static func formatDuration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "?" }
        let s = Int(seconds.rounded(.up))
        if s >= 3600 { return "\(s / 3600):" + pad2((s % 3600) / 60) + ":" + pad2(s % 60) }
        return "\(s / 60):" + pad2(s % 60)
    }

    private static func pad2(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    /// Seconds on a monotonic clock.
    public static func monotonicSeconds() -> Double {
        Double(DispatchTime.now().uptimeNanoseconds) / 1e9
    }
}
