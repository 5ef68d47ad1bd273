/// What a report holds: the run's parameters and, per cell, its title, source and outputs.
public struct Report: Sendable {
    /// One displayed output of a cell.
    public enum Output: Sendable {
        /// Plain text as displayed in a terminal (no ANSI codes).
        case text(String)
        /// A table: column names and rows of already formatted cells.
        case table(columns: [String], rows: [[String]])
        /// A chart, drawn as inline SVG.
        case chart(Chart)
        /// A prompt: text segments, each with its GUIDE level (1–3), 0 for a measured `<?->`
        /// span, or nil outside any span.
        case prompt([PromptSegment])
        /// Tokens coloured by a value each (e.g. the final Influence of a span).
        case tokenHeat(tokens: [String], values: [Double])
        /// An error message, shown in red.
        case error(String)
    }

    /// A run of prompt text and the span level it belongs to (nil: outside any span).
    public struct PromptSegment: Sendable, Equatable {
        public var text: String
        public var level: Int?
        public init(text: String, level: Int?) {
            self.text = text
            self.level = level
        }
    }

    /// One notebook cell.
    public struct Cell: Sendable {
        public var title: String
        public var source: String
        public var outputs: [Output]
        public init(title: String, source: String, outputs: [Output] = []) {
            self.title = title
            self.source = source
            self.outputs = outputs
        }
    }

    public var title: String
    /// `name = value` pairs of the script's parameters, in declaration order.
    public var parameters: [(name: String, value: String)]
    public var cells: [Cell]

    public init(title: String, parameters: [(name: String, value: String)] = [], cells: [Cell] = []) {
        self.title = title
        self.parameters = parameters
        self.cells = cells
    }
}
