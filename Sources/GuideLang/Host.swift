/// The interfaces through which a host (the runtime, the REPL, a test) plugs into the interpreter.

/// A cell of a running program.
public struct CellInfo: Sendable {
    /// 0-based position in the file.
    public var index: Int
    /// The text after `%%`, or nil for an untitled cell.
    public var title: String?
    /// The file the cell belongs to.
    public var fileName: String
    /// Where the cell starts (its `%%` line, or the first statement).
    public var location: SourceLocation
}

/// Why a value is being displayed.
public enum DisplayReason: Sendable {
    /// The last expression statement of a cell (or a REPL entry).
    case cellValue
    /// A `show` statement.
    case show
}

/// Receives everything a program displays, so a terminal, a test and an HTML report can
/// each render it their own way. Values arrive as values, not text: a host renders tables,
/// charts and prompts richly. Calls happen on the thread that runs the program.
public protocol OutputSink: AnyObject {
    /// A cell starts running.
    func beginCell(_ cell: CellInfo)
    /// A value to display (never `.nil` for `.cellValue`).
    func display(_ value: Value, reason: DisplayReason)
    /// One line written by `print` (no trailing newline).
    func print(_ text: String)
    /// A cell finished (successfully or not).
    func endCell(_ cell: CellInfo)

    /// Whether this sink shows text as a builtin produces it (a terminal does, a pipe or a
    /// report does not); a builtin only calls `streamText` and `endStream` when it does.
    var showsStreamedText: Bool { get }
    /// One more piece of text that a builtin is producing (a generation, token by token).
    func streamText(_ piece: String)
    /// The streamed text is complete; `result` is the value it became (nil when the builtin
    /// failed). A sink that showed the text may then display that value without repeating it.
    func endStream(result: Value?)
}

extension OutputSink {
    public var showsStreamedText: Bool { false }
    public func streamText(_ piece: String) {}
    public func endStream(result: Value?) {}
}

/// Writes plain text: `%% title` before titled cells, values in their plain display.
public final class TextOutput: OutputSink {
    let write: (String) -> Void
    /// Display limits for values.
    public var options: DisplayOptions

    /// `write` receives whole lines including their newline; defaults to standard output.
    public init(options: DisplayOptions = .standard, write: @escaping (String) -> Void = { Swift.print($0, terminator: "") }) {
        self.write = write
        self.options = options
    }

    public func beginCell(_ cell: CellInfo) {
        if let title = cell.title { write("%% \(title)\n") }
    }
    public func display(_ value: Value, reason: DisplayReason) { write(value.displayText(options) + "\n") }
    public func print(_ text: String) { write(text + "\n") }
    public func endCell(_ cell: CellInfo) {}
}

/// Keeps every output event, in order; handy for tests and for hosts that render later.
public final class RecordingOutput: OutputSink {
    /// One output event.
    public enum Event {
        case beginCell(CellInfo)
        case display(Value, DisplayReason)
        case print(String)
        case endCell(CellInfo)
    }
    /// Events in the order they happened.
    public private(set) var events: [Event] = []

    public init() {}
    public func beginCell(_ cell: CellInfo) { events.append(.beginCell(cell)) }
    public func display(_ value: Value, reason: DisplayReason) { events.append(.display(value, reason)) }
    public func print(_ text: String) { events.append(.print(text)) }
    public func endCell(_ cell: CellInfo) { events.append(.endCell(cell)) }

    /// Printed and displayed lines as plain text (tables span several lines).
    public var lines: [String] {
        events.flatMap { event -> [String] in
            switch event {
            case .display(let value, _): return value.displayText().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            case .print(let text): return text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            default: return []
            }
        }
    }
}

/// Finds the files named by `use "path"`.
public protocol SourceLoader: AnyObject {
    /// The file for `path` as written in `including`. The returned file's `name` identifies it:
    /// a file is run once per name, so return a canonical path.
    func load(_ path: String, from including: SourceFile) throws -> SourceFile
}

/// The arguments of one `experiment` block, handed to the host.
public struct ExperimentRequest {
    /// The experiment's name (the string after `experiment`).
    public var name: String
    /// The rows: the `over` expression, evaluated to a list.
    public var rows: [Value]
    /// The script's parameter values, in declaration order.
    public var parameters: [(name: String, value: Value)]
    /// Where the block is.
    public var fileName: String
    public var location: SourceLocation
    /// Runs the body for one row and returns the values it `record`ed, in order.
    /// Call it on the thread that called the handler, one row at a time.
    public var runRow: (Value) throws -> [Value]
    /// Runs the body for several rows side by side (see `RowsTogether`) and returns what
    /// each recorded, or its error, in row order. Call it on the thread that called the handler.
    public var runRowsTogether: ([Value]) -> [Result<[Value], Error>]
    /// The body's source and everything it reaches: part of every row's identity.
    public var dependencies = ExperimentDependencies(body: "", reached: [])
}

/// Runs experiments for the host (resuming, journaling, progress, sharding). Without one,
/// the interpreter runs every row and the block's value is the list of all records.
public protocol ExperimentHandler: AnyObject {
    /// Runs the experiment and returns the block's value (usually the table of records).
    func runExperiment(_ request: ExperimentRequest) throws -> Value
}

/// A flag that stops a running program (Ctrl-C). The interpreter checks it between loop
/// iterations and calls; a cancelled run throws a `.cancelled` diagnostic.
public final class CancellationFlag: @unchecked Sendable {
    /// The raw word, so a signal handler can set it: store a non-zero value.
    public let word: UnsafeMutablePointer<Int32>

    public init() {
        word = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
        word.initialize(to: 0)
    }
    deinit { word.deallocate() }

    /// Asks the running program to stop.
    public func cancel() { word.pointee = 1 }
    /// Clears the flag before the next run.
    public func reset() { word.pointee = 0 }
    /// Whether a stop was asked for.
    public var isCancelled: Bool { word.pointee != 0 }
}

/// Limits and switches of an interpreter.
public struct InterpreterOptions: Sendable {
    /// Stop with `.stepLimit` after this many steps (loop iterations, calls, builtin elements); nil is unlimited.
    public var stepLimit: Int?
    /// Deepest allowed call nesting.
    public var maxCallDepth: Int
    /// Largest list a range, `+` or builtin may build, in elements.
    public var maxListSize: Int
    /// Longest string `+`, interpolation or a builtin may build, in UTF-8 bytes.
    public var maxStringLength: Int

    public init(stepLimit: Int? = nil, maxCallDepth: Int = 5_000, maxListSize: Int = 50_000_000,
                maxStringLength: Int = 100_000_000) {
        self.stepLimit = stepLimit
        self.maxCallDepth = maxCallDepth
        self.maxListSize = maxListSize
        self.maxStringLength = maxStringLength
    }
}
