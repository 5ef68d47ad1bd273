import Testing
@testable import GuideLang

/// Runs every experiment's rows side by side and keeps each row's result.
final class TogetherExperiments: ExperimentHandler {
    var results: [Result<[Value], Error>] = []
    func runExperiment(_ request: ExperimentRequest) throws -> Value {
        results = request.runRowsTogether(request.rows)
        return .list(results.flatMap { (try? $0.get()) ?? [] })
    }
}

/// Rows running side by side (`RowsTogether`): each row's result is the one it has alone,
/// and work handed to `gather` is combined across the rows waiting.
struct RowsTogetherTests {
    /// An interpreter whose `double(x)` gathers (the sizes of its combined calls go to
    /// `batches`, by key) and whose `fail()` throws.
    func interpreter(batches: Shared<[String]>) -> (Interpreter, TogetherExperiments) {
        let interpreter = Interpreter()
        interpreter.output = RecordingOutput()
        let handler = TogetherExperiments()
        interpreter.experimentHandler = handler
        interpreter.register(Builtin("double", [.required("x"), .optional("key", "a")]) { args in
            let x = try args.number("x")
            let key = try args.string("key")
            guard let rows = args.interpreter.rowsTogether else { return .number(2 * x) }
            let doubled: Double = try rows.gather(x, key: key) { (jobs: [Double]) in
                batches.value.append("\(key)\(jobs.count)")
                return jobs.map { .success(2 * $0) }
            }
            return .number(doubled)
        })
        interpreter.register(Builtin("fail", [.required("message")]) { args in
            throw Diagnostic(.wrongArgument, try args.string("message"))
        })
        return (interpreter, handler)
    }

    func evaluate(_ interpreter: Interpreter, _ text: String) throws -> Value {
        try interpreter.evaluate(text)
    }

    @Test func rowsGatherTheirWorkAndKeepTheirOwnLocals() throws {
        let batches = Shared<[String]>([])
        let (interpreter, _) = interpreter(batches: batches)
        let value = try evaluate(interpreter, """
            experiment "e" over [1, 2, 3, 4] as row {
                var total = row
                let tens = fn() => row * 10
                total = total + double(row)
                record {row: row, total: total}
                total = total + double(total)
                record {row: row, total: total, tens: tens()}
            }
            """)
        // Alone: total = row + 2 row = 3 row, then 3 row + 6 row = 9 row.
        let expected = try evaluate(interpreter, """
            var out = []
            for row in [1, 2, 3, 4] { out = out + [{row: row, total: 3 * row}, {row: row, total: 9 * row, tens: row * 10}] }
            out
            """)
        #expect(value == expected)
        #expect(batches.value == ["a4", "a4"])
    }

    @Test func rowsThatGatherDifferentlyAreCombinedWhileTheyWait() throws {
        let batches = Shared<[String]>([])
        let (interpreter, _) = interpreter(batches: batches)
        let value = try evaluate(interpreter, """
            experiment "e" over [0, 1, 2, 3] as row {
                var x = 1
                for i in 0..<row { x = double(x, key: if i % 2 == 0 { "a" } else { "b" }) }
                record x
            }
            """)
        #expect(value == .list([.number(1), .number(2), .number(4), .number(8)]))
        // Rows 1–3 first ask under "a"; then rows 2–3 under "b"; then row 3 alone under "a".
        #expect(batches.value == ["a3", "b2", "a1"])
    }

    @Test func aFailingRowFailsAloneAndTheOthersFinish() throws {
        let batches = Shared<[String]>([])
        let (interpreter, handler) = interpreter(batches: batches)
        _ = try evaluate(interpreter, """
            experiment "e" over [1, 2, 3] as row {
                let y = double(row)
                if row == 2 { fail("row two") }
                record double(y)
            }
            """)
        #expect(handler.results.count == 3)
        #expect(try handler.results[0].get() == [.number(4)])
        #expect(throws: Diagnostic.self) { try handler.results[1].get() }
        #expect(try handler.results[2].get() == [.number(12)])
        #expect(batches.value == ["a3", "a2"])
    }

    @Test func aBodyInsideAFunctionSeesItsVariables() throws {
        let batches = Shared<[String]>([])
        let (interpreter, _) = interpreter(batches: batches)
        let value = try evaluate(interpreter, """
            fn sweep(k) {
                var seen = 0
                let table = experiment "e" over [1, 2, 3] as row {
                    seen = seen + 1
                    record row + k + double(0)
                }
                [table, seen]
            }
            sweep(100)
            """)
        #expect(value == .list([.list([.number(101), .number(102), .number(103)]), .number(3)]))
        #expect(batches.value == ["a3"])
    }

    @Test func withoutAHostTheRowsRunOneAfterAnother() throws {
        let interpreter = Interpreter()
        interpreter.output = RecordingOutput()
        let value = try interpreter.evaluate("""
            fn sweep(k) { experiment "e" over [1, 2] as row { let t = row * k; record t } }
            sweep(3)
            """)
        #expect(value == .list([.number(3), .number(6)]))
    }
}

/// A reference to a value a builtin's closure can change.
final class Shared<T> {
    var value: T
    init(_ value: T) { self.value = value }
}
