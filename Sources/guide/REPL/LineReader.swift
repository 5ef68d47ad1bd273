/// One read from a `LineReader`.
enum LineInput: Equatable {
    /// A line the user entered, without its newline.
    case line(String)
    /// The user pressed Ctrl-C while typing: the current input is abandoned.
    case interrupted
    /// The input ended (Ctrl-D on an empty line, or the end of a pipe).
    case end
}

/// Where the REPL gets its lines: GNU readline on a terminal, a plain reader for pipes and
/// tests. Kept this small so the loop never knows which one it talks to.
protocol LineReader: AnyObject {
    /// Shows `prompt` (when the reader shows prompts) and returns the next line.
    func readLine(prompt: String) -> LineInput
    /// Records an entry in the history, when the reader keeps one: a line, or the lines of
    /// a multi-line entry joined by newlines, recalled as one item.
    func remember(_ entry: String)
}
