import GuideLang
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Shows what a program displays on standard output, for a terminal or a pipe: a `%% title`
/// line before each titled cell (bold on a terminal), each displayed value in its display
/// form, `print` lines as written. Output is flushed line by line so it interleaves
/// correctly with diagnostics on standard error.
///
/// On a terminal (`streaming`), a generation's text is written as it is produced
/// (`TerminalOutput+Streaming.swift`); displaying that same value right after shows only
/// what the stream did not (the seed note), so the text does not appear twice.
public final class TerminalOutput: OutputSink {
    /// Whether to use ANSI styling (only for a terminal).
    public let colored: Bool
    /// Whether streamed text is written as it arrives (only for a terminal).
    public let streaming: Bool
    /// The state of the stream in progress or just ended (`TerminalOutput+Streaming.swift`).
    var stream = StreamState()
    /// Display limits for long lists and tables.
    public var options: DisplayOptions
    /// Whether anything was written yet: titles after the first get a blank line above.
    private var hasWritten = false

    /// Creates an output; pass `colored: true` and `streaming: true` only when standard
    /// output is a terminal.
    public init(colored: Bool, streaming: Bool = false, options: DisplayOptions = .standard) {
        self.colored = colored
        self.streaming = streaming
        self.options = options
    }

    public func beginCell(_ cell: CellInfo) {
        guard let title = cell.title else { return }
        let heading = "%% \(title)"
        write((hasWritten ? "\n" : "") + (colored ? "\u{1B}[1;36m\(heading)\u{1B}[0m" : heading))
    }

    public func display(_ value: Value, reason: DisplayReason) {
        if let rest = textNotYetStreamed(of: value) {
            if !rest.isEmpty { write(rest) }
            return
        }
        if case .native(let native) = value, let shown = native as? TerminalDisplayable {
            write(shown.terminalText(colored: colored))
            return
        }
        write(value.displayText(options))
    }

    public func print(_ text: String) {
        write(text)
    }

    public func endCell(_ cell: CellInfo) {}

    func write(_ line: String) {
        hasWritten = true
        stream.streamedResult = nil
        fputs(line + "\n", stdout)
        fflush(stdout)
    }
}
