/// A host value with a richer terminal form than its plain `displayText()`: charts and
/// heatmaps drawn in colour, prompts with their spans highlighted, a sampled generation
/// with the seed that repeats it.
public protocol TerminalDisplayable {
    /// The value as a terminal shows it; `colored` allows ANSI styling.
    func terminalText(colored: Bool) -> String
}
