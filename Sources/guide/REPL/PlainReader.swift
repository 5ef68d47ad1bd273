#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads lines from standard input without editing, prompts or history: for pipes,
/// redirected files and tests.
final class PlainReader: LineReader {
    private let nextLine: () -> String?

    /// Reads from standard input.
    convenience init() {
        self.init { Swift.readLine(strippingNewline: true) }
    }

    /// Reads from `nextLine`, which returns nil at the end of the input.
    init(nextLine: @escaping () -> String?) {
        self.nextLine = nextLine
    }

    /// Reads the given lines in order, then reports the end of the input.
    convenience init(lines: [String]) {
        var remaining = lines[...]
        self.init { remaining.popFirst() }
    }

    func readLine(prompt: String) -> LineInput {
        if let line = nextLine() { return .line(line) }
        // A Ctrl-C arriving during a blocking read ends it early; that is not the end of input.
        if InterruptSignal.consume() {
            clearerr(stdin)
            return .interrupted
        }
        return .end
    }

    func remember(_ entry: String) {}
}
