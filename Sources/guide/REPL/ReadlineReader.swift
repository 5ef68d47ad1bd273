import CReadline
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads lines on a terminal through GNU readline: line editing, a persistent history file
/// and tab completion.
///
/// Readline runs through its callback interface (`rl_callback_read_char` fed from a `poll`
/// loop) rather than the blocking `readline()`: a Ctrl-C then lands in our own SIGINT
/// handler, the loop sees the flag, and the half-typed line is thrown away cleanly while
/// the process carries on. Readline's own signal handlers are switched off.
///
/// The history file keeps a timestamp line (`#1700000000`) before each entry, as bash does,
/// so that a multi-line entry (a `fn` body) is one item when it is read back; a file written
/// without them is converted when opened.
///
/// Readline is process-global state, so only one reader should exist at a time.
final class ReadlineReader: LineReader {
    /// Suggests completions for `word`, the text before the cursor back to the last word
    /// break; `linePrefix` is everything before `word`. Returning nil asks readline to
    /// complete a file name instead.
    typealias Completer = (_ word: String, _ linePrefix: String) -> [String]?

    private let historyPath: String
    private let historyLimit: Int32 = 1000

    /// Opens readline on standard input and output and loads the history from `historyPath`.
    init(historyPath: String, completer: @escaping Completer) {
        self.historyPath = historyPath
        ReadlineState.completer = completer
        rl_readline_name = UnsafePointer(strdup("guide"))
        rl_catch_signals = 0
        rl_catch_sigwinch = 1
        // ':' breaks words so `:he` completes the command after the colon; '.' so that a
        // name after `x.` or a key path completes on its own.
        rl_basic_word_break_characters = UnsafePointer(strdup(" \t\n\"\\'`@$><=;|&{}()[],:+-*/%.!"))
        rl_attempted_completion_function = readlineAttemptCompletion
        using_history()
        stifle_history(historyLimit)
        history_comment_char = CChar(UInt8(ascii: "#"))
        history_write_timestamps = 1
        if access(historyPath, F_OK) != 0 {
            _ = write_history(historyPath)  // create it, so appending works from the first line
        }
        _ = read_history(historyPath)
        Self.addTimestamps(historyPath)
    }

    /// Rewrites a history file whose first line is not a timestamp (written by an earlier
    /// version, one line per entry) with a timestamp before each entry, so entries appended
    /// from now on, multi-line ones included, read back as they were entered.
    private static func addTimestamps(_ path: String) {
        guard let data = FileManager.default.contents(atPath: path), !data.isEmpty,
              !isTimestampStart(data.prefix(2)) else { return }
        // `read_history` read one entry per line, untimed; entries added now get the time.
        let entries = (0..<history_length).compactMap { history_get(history_base + $0)?.pointee.line }.map { String(cString: $0) }
        clear_history()
        for entry in entries { add_history(entry) }
        _ = write_history(path)
    }

    /// Whether `bytes` begin a timestamp line: `#` and a digit.
    private static func isTimestampStart(_ bytes: Data) -> Bool {
        bytes.count == 2 && bytes.first == UInt8(ascii: "#") && (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[bytes.startIndex + 1])
    }

    func readLine(prompt: String) -> LineInput {
        InterruptSignal.clear()
        ReadlineState.result = nil
        rl_callback_handler_install(prompt, readlineLineHandler)
        while ReadlineState.result == nil {
            if InterruptSignal.consume() {
                abandonLine()
                return .interrupted
            }
            var descriptor = pollfd(fd: fileno(rl_instream ?? stdin), events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, 200)
            if ready < 0 && errno != EINTR {
                rl_callback_handler_remove()
                return .end
            }
            if ready > 0 { rl_callback_read_char() }
        }
        return ReadlineState.result ?? .end
    }

    func remember(_ entry: String) {
        guard !entry.allSatisfy(\.isWhitespace) else { return }
        if let last = history_get(history_base + history_length - 1), let text = last.pointee.line,
           String(cString: text) == entry {
            return  // an immediate repeat is not worth a history entry
        }
        add_history(entry)
        _ = append_history(1, historyPath)
        _ = history_truncate_file(historyPath, historyLimit)
    }

    /// Drops the half-typed line after a Ctrl-C and leaves the cursor on a fresh line.
    private func abandonLine() {
        rl_point = rl_end
        rl_redisplay()
        fputs("^C\n", stdout)
        fflush(stdout)
        rl_free_line_state()
        rl_callback_sigcleanup()
        rl_callback_handler_remove()
    }

    /// The history file: `GUIDE_HISTORY` when set, else `~/.guide_history`.
    static func historyPath(environment: [String: String]) -> String {
        if let path = environment["GUIDE_HISTORY"], !path.isEmpty { return path }
        let home = environment["HOME"] ?? "."
        return home + "/.guide_history"
    }
}

/// Readline calls plain C functions, so what they share with the reader lives here.
private enum ReadlineState {
    static var result: LineInput?
    static var completer: ReadlineReader.Completer?
    static var candidates: [String] = []
    static var nextCandidate = 0
}

/// Receives a finished line (nil at end of input) from the callback interface.
private func readlineLineHandler(_ line: UnsafeMutablePointer<CChar>?) {
    if let line {
        ReadlineState.result = .line(String(cString: line))
        free(line)
    } else {
        ReadlineState.result = .end
        fputs("\n", stdout)
    }
    rl_callback_handler_remove()
}

/// Readline's completion entry point: asks the completer for candidates of the word
/// between `start` and `end` (byte offsets into the line buffer).
private func readlineAttemptCompletion(
    _ text: UnsafePointer<CChar>?, _ start: Int32, _ end: Int32
) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
    guard let text, let completer = ReadlineState.completer else { return nil }
    let prefixBytes = UnsafeBufferPointer(start: UnsafePointer(rl_line_buffer), count: Int(max(0, start)))
    let linePrefix = String(decoding: prefixBytes.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    guard let candidates = completer(String(cString: text), linePrefix) else {
        rl_attempted_completion_over = 0
        return nil
    }
    rl_attempted_completion_over = 1
    ReadlineState.candidates = candidates
    return rl_completion_matches(text, readlineNextCandidate)
}

/// Hands readline one candidate per call (state 0 starts over); nil ends the list.
private func readlineNextCandidate(_ text: UnsafePointer<CChar>?, _ state: Int32) -> UnsafeMutablePointer<CChar>? {
    if state == 0 { ReadlineState.nextCandidate = 0 }
    guard ReadlineState.nextCandidate < ReadlineState.candidates.count else { return nil }
    defer { ReadlineState.nextCandidate += 1 }
    return strdup(ReadlineState.candidates[ReadlineState.nextCandidate])
}
