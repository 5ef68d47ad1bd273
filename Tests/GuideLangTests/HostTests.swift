import Testing
@testable import GuideLang

/// A host value for tests: a "model" with a name member.
final class FakeModel: NativeValue {
    let name: String
    init(name: String) { self.name = name }
    var typeName: String { "model" }
    func member(_ member: String) throws -> Value? { member == "name" ? .string(name) : nil }
    var memberNames: [String] { ["name"] }
    func displayText() -> String { "<model \(name)>" }
}

/// Loads `use`d files from a dictionary.
final class MemoryLoader: SourceLoader {
    var files: [String: String]
    var loads = 0
    init(_ files: [String: String]) { self.files = files }
    func load(_ path: String, from including: SourceFile) throws -> SourceFile {
        loads += 1
        guard let text = files[path] else { throw Diagnostic(.useFailed, "no file '\(path)'") }
        return SourceFile(name: path, text: text)
    }
}

/// Records experiment requests and runs rows itself.
final class FakeExperiments: ExperimentHandler {
    var names: [String] = []
    var parameterNames: [String] = []
    func runExperiment(_ request: ExperimentRequest) throws -> Value {
        names.append(request.name)
        parameterNames = request.parameters.map(\.name)
        var all: [Value] = []
        for row in request.rows.dropFirst() { all += try request.runRow(row) }   // pretend row 0 was resumed
        return .list(all)
    }
}

struct HostTests {
    func host() -> (Interpreter, RecordingOutput) {
        let interpreter = Interpreter()
        let output = RecordingOutput()
        interpreter.output = output
        interpreter.register(Builtin("model", [.optional("name", "smol")]) { args in
            .native(FakeModel(name: try args.string("name")))
        })
        interpreter.register(Builtin("generate", [.required("model"), .required("prompt"), .optional("max_tokens", 80)]) { args in
            let model = try args.native(0, as: FakeModel.self, named: "model")
            return .string("\(model.name):\(try args.string("prompt")):\(try args.int("max_tokens"))")
        })
        interpreter.register(Builtin("grid", [], acceptsAnyNamed: true) { args in
            .number(Double(args.extraNamed.count))
        })
        return (interpreter, output)
    }

    func run(_ interpreter: Interpreter, _ text: String, parameters: [String: String] = [:]) throws {
        try interpreter.run(try interpreter.load(SourceFile(name: "test.guide", text: text)), parameters: parameters)
    }

    @Test func builtinsBindNamedArgumentsAndDefaults() throws {
        let (interpreter, output) = host()
        try run(interpreter, """
        let m = model()
        print(generate(m, "hi"))
        print(generate(m, "hi", max_tokens: 5))
        print(m.name, m)
        print(grid(delta: [1], doc: [2]))
        """)
        #expect(output.lines == ["smol:hi:80", "smol:hi:5", "smol <model smol>", "2"])
    }

    @Test func badArgumentsNameThePositionAndFunction() throws {
        let (interpreter, _) = host()
        #expect {
            try run(interpreter, "generate(model(), 3)")
        } throws: { error in
            let d = error as? Diagnostic
            return d?.code == .wrongArgument && d?.message == "bad argument #2 to 'generate': expected a string, got number"
                && d?.location == SourceLocation(line: 1, column: 1)
        }
        #expect {
            try run(interpreter, "generate(model(), \"p\", max_token: 3)")
        } throws: { error in
            (error as? Diagnostic)?.message.hasPrefix("'generate' has no parameter named 'max_token'") == true
        }
        #expect {
            try run(interpreter, "generate(1, \"p\")")
        } throws: { error in
            (error as? Diagnostic)?.message == "bad argument #1 to 'generate': expected a model, got number"
        }
    }

    @Test func outputSinkSeesCellsShowAndPrint() throws {
        let (interpreter, output) = host()
        try run(interpreter, "1 + 1\n%% Second\nshow [1]\nprint(\"p\")\n\"last\"")
        var kinds: [String] = []
        for event in output.events {
            switch event {
            case .beginCell(let cell): kinds.append("begin \(cell.title ?? "-")")
            case .display(let value, let reason): kinds.append("\(reason) \(value.inlineText())")
            case .print(let text): kinds.append("print \(text)")
            case .endCell(let cell): kinds.append("end \(cell.index)")
            }
        }
        #expect(kinds == ["begin -", "cellValue 2", "end 0", "begin Second", "show [1]", "print p", "cellValue \"last\"", "end 1"])
    }

    @Test func parametersAreOverriddenBeforeRunning() throws {
        let (interpreter, output) = host()
        let script = "param bias = 1\nparam lang = \"fr\"\nparam layers = 0..<6\nprint(bias, lang, layers)"
        try run(interpreter, script, parameters: ["bias": "2.5", "lang": "de", "layers": "2...3"])
        #expect(output.lines == ["2.5 de 2...3"])
        #expect(interpreter.parameters.map(\.name) == ["bias", "lang", "layers"])
        #expect(interpreter.parameters.first?.value == .number(2.5))
        #expect {
            try run(interpreter, script, parameters: ["bias": "abc"])
        } throws: { error in
            (error as? DiagnosticList)?.diagnostics.first?.code == .malformedParameter
        }
        #expect {
            try run(interpreter, script, parameters: ["bais": "2"])
        } throws: { error in
            let d = (error as? DiagnosticList)?.diagnostics.first
            return d?.code == .unknownParameter && d?.message == "unknown parameter 'bais' (parameters: bias, lang, layers)"
        }
        #expect(output.lines == ["2.5 de 2...3"], "nothing ran after a bad parameter")
    }

    @Test func useRunsALibraryOnce() throws {
        let (interpreter, output) = host()
        let loader = MemoryLoader(["lib.guide": "print(\"loading\")\nfn twice(x) { x * 2 }"])
        interpreter.loader = loader
        try run(interpreter, "use \"lib.guide\"\nuse \"lib.guide\"\nprint(twice(4))")
        #expect(output.lines == ["loading", "8"])
        let problems = interpreter.check(SourceFile(name: "c.guide", text: "use \"missing.guide\"\nprint(twice(1))"))
        #expect(problems.map(\.code) == [.useFailed])
    }

    @Test func useAsKeepsTheLibrarysNamesApart() throws {
        let (interpreter, output) = host()
        interpreter.loader = MemoryLoader([
            "lib.guide": "var n = 0\nfn bump() { n += 1\nreturn n }",
            "uses.guide": "use \"lib.guide\"\nfn twice_bump() { bump() + bump() }",
        ])
        try run(interpreter, """
            use "lib.guide" as lib
            use "uses.guide" as u
            let n = "mine"
            print(lib.bump(), lib.bump(), lib.n, n, u.twice_bump(), lib.n)
            """)
        // `u` runs its own copy of lib.guide: its counter is not lib's.
        #expect(output.lines == ["1 2 2 mine 3 2"])
        #expect(interpreter.value(of: "bump") == nil, "a namespaced library defines nothing global")
        #expect(interpreter.check(SourceFile(name: "c.guide", text: "use \"lib.guide\" as len")).map(\.code) == [.shadowsBuiltin])
        #expect(throws: (any Error).self) { try run(interpreter, "lib.n = 3") }
    }

    @Test func namesThatClashAreErrorsAtCheckTime() throws {
        let (interpreter, _) = host()
        interpreter.loader = MemoryLoader(["lib.guide": "fn helper(x) { x }", "other.guide": "let helper = 2"])
        func codes(_ text: String) -> [DiagnosticCode] {
            interpreter.check(SourceFile(name: "c.guide", text: text)).map(\.code)
        }
        #expect(codes("param len = 1") == [.shadowsBuiltin])
        #expect(codes("fn map(x) { x }") == [.shadowsBuiltin])
        #expect(codes("let a = 1\nvar a = 2") == [.duplicateName])
        #expect(codes("let helper = 1\nuse \"lib.guide\"") == [.duplicateName])
        #expect(codes("use \"lib.guide\"\nuse \"other.guide\"") == [.duplicateName])
        #expect(codes("use \"lib.guide\"\nuse \"lib.guide\"\nprint(helper(1))").isEmpty)
        // Locals may shadow builtins and top-level names.
        #expect(codes("let x = 1\nfn f(len) { let x = len\nreturn x }\nfor map in [1] { print(map) }").isEmpty)
        // A REPL entry may redefine an earlier entry's name, but a plain use may not replace it.
        _ = try interpreter.evaluate("let helper = 1")
        #expect(throws: Never.self) { try interpreter.evaluate("let helper = 2") }
        #expect(throws: DiagnosticList.self) { try interpreter.evaluate("use \"lib.guide\"") }
        #expect(interpreter.value(of: "helper") == .number(2))
    }

    @Test func experimentHookReceivesRowsAndARowRunner() throws {
        let (interpreter, output) = host()
        let experiments = FakeExperiments()
        interpreter.experimentHandler = experiments
        try run(interpreter, """
        param bias = 1
        let t = experiment "x" over [1, 2, 3] as row { record {row, d: bias} }
        print(t)
        """)
        #expect(experiments.names == ["x"])
        #expect(experiments.parameterNames == ["bias"])
        #expect(output.lines == ["row  d", "---  -", "  2  1", "  3  1"])
    }

    @Test func cancellationStopsAnEndlessLoop() throws {
        let (interpreter, _) = host()
        interpreter.register(Builtin("stop", []) { args in
            args.interpreter.cancellation.cancel()
            return .nil
        })
        #expect {
            try run(interpreter, "var n = 0\nwhile true { n = n + 1\n if n == 10 { stop() } }")
        } throws: { error in
            (error as? Diagnostic)?.code == .cancelled
        }
    }

    @Test func stepLimitStopsRunawayPrograms() throws {
        let interpreter = Interpreter(options: InterpreterOptions(stepLimit: 10_000))
        interpreter.output = RecordingOutput()
        #expect {
            try run(interpreter, "while true { }")
        } throws: { error in (error as? Diagnostic)?.code == .stepLimit }
        #expect {
            try run(interpreter, "fn f(n) { f(n + 1) }\nf(0)")
        } throws: { error in
            let code = (error as? Diagnostic)?.code
            return code == .stepLimit || code == .stackOverflow
        }
    }

    @Test func unboundedRecursionIsAnErrorNotACrash() throws {
        let (interpreter, _) = host()
        for script in ["fn f(n) { f(n + 1) }\nf(0)", "fn g(n) { map([1], fn(x) => g(n + 1)) }\ng(0)"] {
            #expect {
                try run(interpreter, script)
            } throws: { error in
                (error as? Diagnostic)?.code == .stackOverflow
            }
        }
        let deep = Interpreter(options: InterpreterOptions(maxCallDepth: 1_000_000))
        deep.output = RecordingOutput()
        #expect {
            try deep.run(try deep.load(SourceFile(name: "deep.guide", text: "fn f(n) { 1 + f(n + 1) }\nf(0)")))
        } throws: { error in
            (error as? Diagnostic)?.code == .stackOverflow
        }
    }

    @Test func runtimeErrorsCarryTheCallStack() throws {
        let (interpreter, _) = host()
        let text = "fn inner(x) {\n  return x / 0\n}\nfn outer() { inner(1) }\nouter()"
        do {
            try run(interpreter, text)
            Issue.record("expected an error")
        } catch let d as Diagnostic {
            #expect(d.code == .divisionByZero)
            #expect(d.location == SourceLocation(line: 2, column: 10))
            #expect(d.callStack.map(\.function) == ["inner", "outer"])
            #expect(d.callStack.map(\.location) == [SourceLocation(line: 4, column: 14), SourceLocation(line: 5, column: 1)])
            let rendered = DiagnosticRenderer().render(d)
            #expect(rendered == """
            test.guide:2:10: error: division by zero
                  return x / 0
                         ^~~~~
              in inner, called at test.guide:4:14
              in outer, called at test.guide:5:1

            """)
        }
    }

    @Test func replEvaluationKeepsGlobals() throws {
        let (interpreter, _) = host()
        _ = try interpreter.evaluate("var n = 41")
        #expect(try interpreter.evaluate("n = n + 1\nn") == .number(42))
        #expect(interpreter.globalNames.contains("n"))
        #expect(Parser.needsMoreInput("fn f(x) {"))
        #expect(Parser.needsMoreInput("let s = \"\"\"\nabc"))
        #expect(Parser.needsMoreInput("print(1,"))
        #expect(!Parser.needsMoreInput("print(1)"))
        #expect(!Parser.needsMoreInput("print(1))"))
        interpreter.reset()
        #expect(interpreter.value(of: "n") == nil)
        #expect(interpreter.value(of: "len") != nil)
    }

    @Test func theHostMapsItsOwnErrorsInOnePlace() throws {
        struct Refusal: Error, CustomStringConvertible { var description: String { "refused" } }
        let (interpreter, _) = host()
        interpreter.register(Builtin("refuse", [.optional("what", 1)]) { _ in throw Refusal() })
        /// `[code] message` of the diagnostic `source` raises.
        func failure(_ source: String) -> String? {
            do {
                try run(interpreter, source)
                return nil
            } catch let diagnostic as Diagnostic {
                return "[\(diagnostic.code.rawValue)] \(diagnostic.message)"
            } catch {
                return "not a diagnostic: \(error)"
            }
        }
        #expect(failure("refuse()") == "[runtime.host-error] refuse: refused")
        interpreter.hostErrorMapping = { error, args in
            guard error is Refusal else { return error }
            return ArgumentError(position: 1, message: "\(error)", code: DiagnosticCode(rawValue: "host.refusal"))
        }
        #expect(failure("refuse()") == "[host.refusal] bad argument #1 to 'refuse': refused")
        // Diagnostics and argument errors the builtin throws itself pass unmapped.
        #expect(failure("generate(model(), 3)")?.hasPrefix("[runtime.wrong-argument] bad argument #2") == true)
    }
}
