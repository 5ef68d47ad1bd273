/// The syntax tree. Plain values except for the nodes the resolver annotates (names,
/// declarations, functions, programs), which are classes.

/// An expression with its source range.
public struct Expr {
    public var kind: ExprKind
    public var range: SourceRange
    public init(_ kind: ExprKind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
    }
}

/// Binary operators (`and`, `or` short-circuit).
public enum BinaryOperator: String, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", remainder = "%", power = "**"
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case and, or
}

/// One part of an interpolated string.
public enum StringPart {
    case text(String)
    case expression(Expr)
}

/// A call argument; `label` is set for named arguments (`max_tokens: 80`).
public struct Argument {
    public var label: String?
    public var value: Expr
    public var range: SourceRange
}

/// A record literal entry; shorthand `{delta}` has `value` = the name `delta`.
public struct RecordEntry {
    public var key: String
    public var value: Expr
}

public indirect enum ExprKind {
    case nilLiteral
    case bool(Bool)
    case number(Double)
    case string([StringPart])
    case name(NameReference)
    case list([Expr])
    case record([RecordEntry])
    /// `.field`: a function of one record.
    case keyPath(String)
    case negate(Expr)
    case not(Expr)
    case binary(BinaryOperator, Expr, Expr)
    /// `a..<b` or `a...b`. Inside `x[…]` a bound may be left out (`x[2...]`, `x[..<3]`): it is a nil literal.
    case range(Expr, Expr, closed: Bool)
    /// A call; `a |> f(b)` is parsed as `f(a, b)`, `a |> f` as `f(a)`.
    case call(Expr, [Argument])
    case member(Expr, String)
    case index(Expr, Expr)
    case function(FunctionNode)
    case conditional(IfNode)
    case experiment(ExperimentNode)
    /// Stands for an expression that failed to parse (its error is already reported).
    case invalid
}

/// A statement with its source range.
public struct Stmt {
    public var kind: StmtKind
    public var range: SourceRange
    public init(_ kind: StmtKind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
    }
}

public indirect enum StmtKind {
    case expression(Expr)
    /// `let x = e` or `var x = e`.
    case binding(Declaration, Expr)
    /// `param x = e` (top level only).
    case param(Declaration, Expr)
    /// `fn name(…) { … }`.
    case function(FunctionNode)
    /// `target = value`, or `target op= value` when `op` is set. Targets are names, members or indexes.
    case assign(target: Expr, op: BinaryOperator?, value: Expr)
    /// `for x in e { … }`; `for (a, b) in e { … }` unpacks each element, a list, into the
    /// `unpack` names (the loop variable is then a hidden one named after the pattern).
    case forLoop(Declaration, Expr, Block, unpack: [Declaration])
    case whileLoop(Expr, Block)
    case returnValue(Expr?)
    case breakLoop
    case continueLoop
    /// `use "file"`, or `use "file" as name` (the library's names become fields of `name`).
    case use(String, alias: Declaration?)
    case show(Expr)
    /// `record e` inside an experiment body.
    case record(Expr)
}

/// A `{ … }` list of statements; its value is the last expression statement's value.
public final class Block {
    public var statements: [Stmt]
    public var range: SourceRange
    public init(statements: [Stmt], range: SourceRange) {
        self.statements = statements
        self.range = range
    }
}

/// `if a { … } else if b { … } else { … }`.
public final class IfNode {
    public var branches: [(condition: Expr, body: Block)]
    public var elseBody: Block?
    init(branches: [(condition: Expr, body: Block)], elseBody: Block?) {
        self.branches = branches
        self.elseBody = elseBody
    }
}

/// `experiment NAME over ROWS as row { … record … }`.
///
/// The body runs like a function called once per row: its row variable and locals live in
/// a frame of their own (laid out by `layout`), and the variables of an enclosing function
/// it uses are captured, so rows can run side by side.
public final class ExperimentNode {
    public var name: Expr
    public var rows: Expr
    public var row: Declaration
    public var body: Block
    public let layout = FrameLayout()
    init(name: Expr, rows: Expr, row: Declaration, body: Block) {
        self.name = name
        self.rows = rows
        self.row = row
        self.body = body
    }
}

/// Where the resolver found a name.
public enum Resolution {
    case unresolved
    /// A variable of the running function's frame.
    case local(LocalVariable)
    /// The n-th captured variable of the running closure.
    case upvalue(Int)
    /// A top-level, host or builtin name, looked up by name in the interpreter's globals.
    case global
}

/// A use of a name in an expression or assignment.
public final class NameReference {
    public let name: String
    public let range: SourceRange
    public var resolution: Resolution = .unresolved
    init(name: String, range: SourceRange) {
        self.name = name
        self.range = range
    }
}

/// A variable owned by one frame. `isCaptured` variables live in boxes so closures can share them.
public final class LocalVariable {
    public let name: String
    public let isMutable: Bool
    public var isCaptured = false
    /// Index in the frame's slots (or boxes, when captured); set when the frame's layout is final.
    public var index = -1
    init(name: String, isMutable: Bool) {
        self.name = name
        self.isMutable = isMutable
    }
}

/// A name introduced by `let`, `var`, `param`, `fn`, a parameter, a `for` or an experiment row.
public final class Declaration {
    public let name: String
    public let range: SourceRange
    public let isMutable: Bool
    /// Nil for top-level (global) declarations.
    public var variable: LocalVariable?
    init(name: String, range: SourceRange, isMutable: Bool) {
        self.name = name
        self.range = range
        self.isMutable = isMutable
    }
}

/// Where a closure's captured variable comes from when the closure is created.
public enum CaptureSource {
    /// A captured local of the enclosing frame.
    case enclosingLocal(LocalVariable)
    /// A capture of the enclosing closure itself.
    case enclosingCapture(Int)
}

/// Slots and captures of one frame (a function body or a top-level chunk).
public final class FrameLayout {
    public var locals: [LocalVariable] = []
    public var captures: [CaptureSource] = []
    public var captureNames: [String] = []
    public var slotCount = 0
    public var boxCount = 0

    /// Assigns slot and box indexes once every capture is known.
    func finalize() {
        slotCount = 0
        boxCount = 0
        for local in locals {
            if local.isCaptured { local.index = boxCount; boxCount += 1 } else { local.index = slotCount; slotCount += 1 }
        }
    }
}

/// A parameter: `x` or `x: default`.
public struct Parameter {
    public var declaration: Declaration
    public var defaultValue: Expr?
}

/// A named `fn` declaration or a lambda.
public final class FunctionNode {
    /// Nil for a lambda.
    public var declaration: Declaration?
    public var parameters: [Parameter]
    public var body: Block
    public var range: SourceRange
    public let layout = FrameLayout()
    init(declaration: Declaration?, parameters: [Parameter], body: Block, range: SourceRange) {
        self.declaration = declaration
        self.parameters = parameters
        self.body = body
        self.range = range
    }
    /// The name used in call stacks.
    public var displayName: String { declaration?.name ?? "<fn>" }
}

/// A cell: the statements after a `%%` line (or the whole file when there is none).
public struct Cell {
    /// The text after `%%`, or nil for the cell before the first marker.
    public var title: String?
    public var statements: [Stmt]
    public var range: SourceRange
}

/// A parsed file or REPL entry.
public final class Program {
    public let file: SourceFile
    public var cells: [Cell]
    /// The frame of top-level code (locals of top-level blocks live here).
    public let layout = FrameLayout()
    init(file: SourceFile, cells: [Cell]) {
        self.file = file
        self.cells = cells
    }

    /// The script's `param` declarations in source order, with their default expressions.
    public var parameters: [(declaration: Declaration, defaultValue: Expr)] {
        cells.flatMap { $0.statements }.compactMap {
            if case .param(let d, let e) = $0.kind { return (d, e) }
            return nil
        }
    }

    /// Paths named by top-level `use` statements, in order, with their `as` name if any.
    public var uses: [(path: String, alias: Declaration?, range: SourceRange)] {
        cells.flatMap { $0.statements }.compactMap {
            if case .use(let path, let alias) = $0.kind { return (path, alias, $0.range) }
            return nil
        }
    }
}
