import GuideLang
import Testing
@testable import Runtime

@Suite struct ReportOutputTests {
    static let script = """
        param n = 2
        # a comment
        %% Numbers
        let t = [{a: 1, b: "x"}, {a: n, b: nil}, {a: 2 / 3, b: 10 ** 17}]
        t
        %% Words
        print("hello")
        "done"
        """

    @Test func collectsCellsWithSourceAndOutputs() throws {
        let interpreter = Interpreter()
        let terminal = RecordingOutput()
        let collector = ReportOutput(title: "demo", source: Self.script)
        interpreter.output = TeeOutput([collector, terminal])
        RuntimeHost(options: .init(progress: nil)).install(in: interpreter)
        try interpreter.run(try interpreter.load(SourceFile(name: "demo.guide", text: Self.script)))
        let cells = collector.report.cells
        #expect(cells.map(\.title) == ["", "Numbers", "Words"])
        #expect(cells[0].source == "param n = 2\n# a comment")
        #expect(cells[1].source == "let t = [{a: 1, b: \"x\"}, {a: n, b: nil}, {a: 2 / 3, b: 10 ** 17}]\nt")
        guard case .table(let columns, let rows)? = cells[1].outputs.first else {
            Issue.record("expected a table, got \(cells[1].outputs)")
            return
        }
        // Numbers as the terminal's tables show them: 6 significant digits, integers whole.
        #expect(columns == ["a", "b"] && rows == [["1", "x"], ["2", "nil"], ["0.666667", "100000000000000000"]])
        guard cells[2].outputs.count == 2, case .text("hello") = cells[2].outputs[0], case .text("done") = cells[2].outputs[1] else {
            Issue.record("unexpected outputs \(cells[2].outputs)")
            return
        }
        // Everything still reached the terminal sink.
        #expect(terminal.lines.contains("hello") && terminal.lines.contains("done"))
        let html = HTMLReportRenderer.render(collector.report)
        #expect(html.contains("<h2>Numbers</h2>") && html.contains("<td>x</td>"))
    }
}
