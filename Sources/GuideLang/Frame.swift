/// Runtime structures of compiled code: frames, boxes, globals, closures.

/// A variable shared between a frame and the closures that capture it.
final class Box {
    var value: Value
    init(_ value: Value) { self.value = value }
}

/// How a statement finished.
enum Completion {
    case normal, breakLoop, continueLoop, returned
}

/// The variables of one running function call (or top-level chunk).
///
/// Storage is raw memory owned by the frame: slot and box indexes come from the resolver's
/// frame layout, so they are always in range, and raw pointers avoid the exclusivity and
/// uniqueness checks an array in a class would pay on every access.
final class Frame {
    /// Locals no closure captures, then the frame's last value and return value.
    let slots: UnsafeMutablePointer<Value>
    let slotCount: Int
    /// Locals some closure captures; replaced by a fresh box each time their declaration runs.
    let boxes: UnsafeMutablePointer<Box>
    let boxCount: Int
    /// The running closure's captured variables.
    let captures: ContiguousArray<Box>

    static let unsetBox = Box(.nil)
    /// Stands for the box storage of frames without captured locals (never read or written).
    static let noBoxes = UnsafeMutablePointer<Box>.allocate(capacity: 1)

    init(slotCount: Int, boxCount: Int, captures: ContiguousArray<Box>) {
        self.slotCount = slotCount
        self.boxCount = boxCount
        slots = UnsafeMutablePointer<Value>.allocate(capacity: slotCount + 2)
        slots.initialize(repeating: .nil, count: slotCount + 2)
        if boxCount == 0 {
            boxes = Frame.noBoxes
        } else {
            boxes = UnsafeMutablePointer<Box>.allocate(capacity: boxCount)
            boxes.initialize(repeating: Frame.unsetBox, count: boxCount)
        }
        self.captures = captures
    }

    deinit {
        slots.deinitialize(count: slotCount + 2)
        slots.deallocate()
        if boxCount > 0 {
            boxes.deinitialize(count: boxCount)
            boxes.deallocate()
        }
    }

    /// The value of the last expression statement run (a block's and a cell's value).
    var lastValue: Value {
        get { slots[slotCount] }
        set { slots[slotCount] = newValue }
    }

    /// Set by `return`.
    var returnValue: Value {
        get { slots[slotCount + 1] }
        set { slots[slotCount + 1] = newValue }
    }
}

/// A top-level name: user globals, builtins and host values live in these cells.
final class GlobalCell {
    let name: String
    var value: Value = .nil
    var isDefined = false
    var isMutable = false
    init(name: String) { self.name = name }
}

/// Where a local variable lives in its frame.
enum LocalSlot {
    case slot(Int)
    case box(Int)

    init(_ variable: LocalVariable) {
        self = variable.isCaptured ? .box(variable.index) : .slot(variable.index)
    }

    /// Stores a value as a new declaration would (captured variables get a fresh box).
    @inline(__always)
    func declare(_ value: Value, in frame: Frame) {
        switch self {
        case .slot(let i): frame.slots[i] = value
        case .box(let i): frame.boxes[i] = Box(value)
        }
    }
}

/// The compiled form of a function literal or declaration.
final class FunctionCode {
    let name: String
    let parameterNames: [String]
    let parameterSlots: [LocalSlot]
    let defaults: [((Frame) throws -> Value)?]
    var body: (Frame) throws -> Completion = { _ in .normal }
    let slotCount: Int
    let boxCount: Int
    /// Whether the body's last statement is an expression (its value is the implicit result).
    let bodyHasValue: Bool
    /// The function's syntax and file, for describing it by its source (experiment identity).
    var origin: (node: FunctionNode, file: SourceFile)?

    init(name: String, parameterNames: [String], parameterSlots: [LocalSlot],
         defaults: [((Frame) throws -> Value)?], slotCount: Int, boxCount: Int, bodyHasValue: Bool) {
        self.name = name
        self.parameterNames = parameterNames
        self.parameterSlots = parameterSlots
        self.defaults = defaults
        self.slotCount = slotCount
        self.boxCount = boxCount
        self.bodyHasValue = bodyHasValue
    }
}

/// A GuideLang function value: compiled code plus its captured variables.
final class Closure: Function {
    let code: FunctionCode
    let captures: ContiguousArray<Box>
    /// Not retained: compiled code and the interpreter's globals would form a cycle.
    /// A function value is only called while its interpreter is alive.
    unowned(unsafe) let interpreter: Interpreter

    init(code: FunctionCode, captures: ContiguousArray<Box>, interpreter: Interpreter) {
        self.code = code
        self.captures = captures
        self.interpreter = interpreter
        super.init(name: code.name, isClosure: true)
    }

    override var parameterNames: [String] { code.parameterNames }

    @inline(__always)
    func makeFrame() -> Frame {
        Frame(slotCount: code.slotCount, boxCount: code.boxCount, captures: captures)
    }

    /// Runs the body in a frame whose parameters are already stored.
    @inline(__always)
    func run(_ frame: Frame) throws -> Value {
        let interpreter = self.interpreter
        let counters = interpreter.counters
        counters.pointee.callDepth += 1
        defer { counters.pointee.callDepth -= 1 }
        let depth = counters.pointee.callDepth
        // The stack is checked every 8 levels: 8 frames stay well inside StackGuard's reserve.
        if depth > counters.pointee.maxCallDepth || (depth & 7 == 0 && !StackGuard.hasRoom()) {
            throw Diagnostic(.stackOverflow, "call stack too deep (more than \(depth - 1) nested calls): is the recursion unbounded?")
        }
        try interpreter.tick()
        if try code.body(frame) == .returned { return frame.returnValue }
        return code.bodyHasValue ? frame.lastValue : .nil
    }

    override func call(_ positional: [Value], _ named: [(String, Value)], _ interpreter: Interpreter) throws -> Value {
        let frame = makeFrame()
        let count = code.parameterNames.count
        if named.isEmpty, positional.count == count {
            for i in 0..<count { code.parameterSlots[i].declare(positional[i], in: frame) }
            return try run(frame)
        }
        var given = [Bool](repeating: false, count: count)
        if positional.count > count {
            throw Diagnostic(.wrongArgument, "too many arguments to '\(name)': it takes \(count), got \(positional.count + named.count)")
        }
        for (i, value) in positional.enumerated() {
            code.parameterSlots[i].declare(value, in: frame)
            given[i] = true
        }
        for (label, value) in named {
            guard let j = code.parameterNames.firstIndex(of: label) else {
                throw Diagnostic(.wrongArgument, "'\(name)' has no parameter named '\(label)' (parameters: \(code.parameterNames.joined(separator: ", ")))")
            }
            if given[j] { throw Diagnostic(.wrongArgument, "argument '\(label)' given twice to '\(name)'") }
            code.parameterSlots[j].declare(value, in: frame)
            given[j] = true
        }
        for j in 0..<count where !given[j] {
            guard let defaultValue = code.defaults[j] else {
                throw Diagnostic(.wrongArgument, "missing argument #\(j + 1) '\(code.parameterNames[j])' to '\(name)'")
            }
            code.parameterSlots[j].declare(try defaultValue(frame), in: frame)
        }
        return try run(frame)
    }
}
