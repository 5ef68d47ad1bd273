/// A stable identifier for a kind of diagnostic; tests and tools match on it, never on wording.
public struct DiagnosticCode: RawRepresentable, Hashable, CustomStringConvertible, Sendable {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    // Lexer
    public static let unexpectedCharacter = DiagnosticCode(rawValue: "lex.unexpected-character")
    public static let unterminatedString = DiagnosticCode(rawValue: "lex.unterminated-string")
    public static let invalidEscape = DiagnosticCode(rawValue: "lex.invalid-escape")
    public static let invalidNumber = DiagnosticCode(rawValue: "lex.invalid-number")
    public static let multilineIndentation = DiagnosticCode(rawValue: "lex.multiline-indentation")
    // Parser
    /// A syntax error somewhere before the end of the input.
    public static let syntax = DiagnosticCode(rawValue: "parse.syntax")
    /// The input ended while a bracket, block or string was still open: a REPL should read more lines.
    public static let incompleteInput = DiagnosticCode(rawValue: "parse.incomplete-input")
    public static let nestingTooDeep = DiagnosticCode(rawValue: "parse.nesting-too-deep")
    // Resolver
    public static let undefinedName = DiagnosticCode(rawValue: "resolve.undefined-name")
    public static let immutableAssignment = DiagnosticCode(rawValue: "resolve.immutable-assignment")
    public static let misplacedStatement = DiagnosticCode(rawValue: "resolve.misplaced-statement")
    public static let duplicateParameter = DiagnosticCode(rawValue: "resolve.duplicate-parameter")
    public static let useFailed = DiagnosticCode(rawValue: "resolve.use-failed")
    /// A top-level name that would hide a builtin or host value.
    public static let shadowsBuiltin = DiagnosticCode(rawValue: "resolve.shadows-builtin")
    /// A top-level name defined twice (by the program or by a file it uses).
    public static let duplicateName = DiagnosticCode(rawValue: "resolve.duplicate-name")
    // Script parameters
    public static let unknownParameter = DiagnosticCode(rawValue: "param.unknown")
    public static let malformedParameter = DiagnosticCode(rawValue: "param.malformed")
    // Runtime
    public static let unknownName = DiagnosticCode(rawValue: "runtime.unknown-name")
    public static let wrongArgument = DiagnosticCode(rawValue: "runtime.wrong-argument")
    public static let typeMismatch = DiagnosticCode(rawValue: "runtime.type-mismatch")
    public static let indexOutOfRange = DiagnosticCode(rawValue: "runtime.index-out-of-range")
    public static let divisionByZero = DiagnosticCode(rawValue: "runtime.division-by-zero")
    public static let noSuchMember = DiagnosticCode(rawValue: "runtime.no-such-member")
    public static let immutableValue = DiagnosticCode(rawValue: "runtime.immutable")
    public static let stepLimit = DiagnosticCode(rawValue: "runtime.step-limit")
    public static let stackOverflow = DiagnosticCode(rawValue: "runtime.stack-overflow")
    public static let cancelled = DiagnosticCode(rawValue: "runtime.cancelled")
    public static let tooLarge = DiagnosticCode(rawValue: "runtime.too-large")
    /// An error raised by a host builtin (engine, file system, …).
    public static let hostError = DiagnosticCode(rawValue: "runtime.host-error")
}

/// One entry of a runtime error's call stack: the function that was running and where it was called.
public struct CallStackEntry: Equatable, Sendable {
    /// The function's name (`<fn>` for an anonymous one).
    public var function: String
    /// The file of the call site.
    public var fileName: String
    /// Where the call happened.
    public var location: SourceLocation
}

/// An error or warning about a script, with a stable code, a location and optional notes.
public struct Diagnostic: Error, CustomStringConvertible, @unchecked Sendable {
    /// A secondary message, optionally pointing somewhere else in the source.
    public struct Note: Sendable {
        public var message: String
        public var location: SourceLocation?
        public init(_ message: String, at location: SourceLocation? = nil) {
            self.message = message
            self.location = location
        }
    }

    /// What kind of problem this is.
    public var code: DiagnosticCode
    /// What went wrong and what was expected, in one sentence without a trailing period.
    public var message: String
    /// The file the range refers to (nil for errors that have no source, e.g. a command-line parameter).
    public var file: SourceFile?
    /// Where it went wrong.
    public var range: SourceRange?
    /// Extra explanations.
    public var notes: [Note]
    /// For runtime errors: innermost call first.
    public var callStack: [CallStackEntry]

    /// Creates a diagnostic.
    public init(_ code: DiagnosticCode, _ message: String, file: SourceFile? = nil,
                range: SourceRange? = nil, notes: [Note] = [], callStack: [CallStackEntry] = []) {
        self.code = code
        self.message = message
        self.file = file
        self.range = range
        self.notes = notes
        self.callStack = callStack
    }

    /// The start of the range, if any.
    public var location: SourceLocation? { range?.start }

    /// `file:line:column: message`, without the source excerpt (see `DiagnosticRenderer`).
    public var description: String {
        var prefix = ""
        if let file { prefix = file.name + ":" }
        if let location { prefix += "\(location):" }
        return prefix.isEmpty ? message : "\(prefix) \(message)"
    }
}

/// Several diagnostics thrown together (a file that does not parse usually has more than one).
public struct DiagnosticList: Error, CustomStringConvertible, Sendable {
    /// The diagnostics in source order.
    public var diagnostics: [Diagnostic]
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
    /// True when the only problem is that the input ended too early.
    public var isIncompleteInput: Bool {
        !diagnostics.isEmpty && diagnostics.allSatisfy { $0.code == .incompleteInput }
    }
}
