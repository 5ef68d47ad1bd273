import Foundation
import GuideLang
import Testing
@testable import Runtime

private func run(_ source: String) throws -> [Value] {
    let interpreter = Interpreter()
    ChartBuiltins.install(into: interpreter)
    let output = RecordingOutput()
    interpreter.output = output
    try interpreter.run(try interpreter.load(SourceFile(name: "t.guide", text: source)))
    return output.events.compactMap { if case .display(let value, _) = $0 { return value } else { return nil } }
}

private func chart(_ value: Value?) throws -> Chart {
    guard case .native(let native)? = value, let chart = native as? ChartValue else {
        throw Diagnostic(.hostError, "not a chart: \(String(describing: value))")
    }
    return chart.chart
}

@Suite struct ChartBuiltinsTests {
    @Test func plotGroupsByKeyAndAveragesRepeatedX() throws {
        let values = try run("""
        let t = [{d: 0, ok: true, m: "a"}, {d: 0, ok: false, m: "a"}, {d: 1, ok: true, m: "a"}, {d: 1, ok: false, m: "b"}]
        plot(t, x: .d, y: .ok, by: .m, title: "rate")
        """)
        let c = try chart(values.last)
        #expect(c.title == "rate" && c.xLabel == "d" && c.yLabel == "ok")
        guard case .lines(let series) = c.content else { Issue.record("not lines"); return }
        #expect(series.map(\.name) == ["a", "b"])
        #expect(series[0].points == [.init(x: 0, y: 0.5), .init(x: 1, y: 1)])
        #expect(series[1].points == [.init(x: 1, y: 0)])
    }

    @Test func plotTakesFunctionsAsWellAsKeyPaths() throws {
        let c = try chart(try run("plot([{a: 1}, {a: 2}], x: .a, y: fn(r) => r.a * 10)").last)
        guard case .lines(let series) = c.content else { Issue.record("not lines"); return }
        #expect(series[0].points.map(\.y) == [10, 20])
    }

    @Test func plotFollowsChainedKeyPaths() throws {
        let c = try chart(try run("plot([{run: {d: 0}, s: {f1: 0.5}}, {run: {d: 2}, s: {f1: 0.75}}], x: .run.d, y: .s.f1)").last)
        #expect(c.xLabel == "run.d" && c.yLabel == "s.f1")
        guard case .lines(let series) = c.content else { Issue.record("not lines"); return }
        #expect(series[0].points == [.init(x: 0, y: 0.5), .init(x: 2, y: 0.75)])
    }

    @Test func barAcceptsRecordsListsAndTables() throws {
        let values = try run("""
        show bar({x: 1, y: 2})
        show bar([3, 4])
        bar([{k: "p", v: 5}], x: .k, y: .v)
        """)
        let bars = try values.map { value -> [Chart.Bar] in
            guard case .bars(let bars) = try chart(value).content else { return [] }
            return bars
        }
        #expect(bars[0] == [.init(label: "x", value: 1), .init(label: "y", value: 2)])
        #expect(bars[1] == [.init(label: "0", value: 3), .init(label: "1", value: 4)])
        #expect(bars[2] == [.init(label: "p", value: 5)])
    }

    @Test func heatmapTakesListsWithLabels() throws {
        let c = try chart(try run("heatmap([[1, 2], [3, 4]], rows: [\"r0\", \"r1\"])").last)
        guard case .heatmap(let map) = c.content else { Issue.record("not a heatmap"); return }
        #expect(map.values == [[1, 2], [3, 4]] && map.rowLabels == ["r0", "r1"] && map.columnLabels == ["0", "1"])
    }

    @Test func heatmapWindowKeepsARangeOfColumns() throws {
        let c = try chart(try run("heatmap([[1, 2, 3, 4], [5, 6, 7, 8]], window: 1..<3)").last)
        guard case .heatmap(let map) = c.content else { Issue.record("not a heatmap"); return }
        #expect(map.values == [[2, 3], [6, 7]] && map.columnLabels == ["1", "2"])
        let clamped = try chart(try run("heatmap([[1, 2]], window: 1..<10)").last)
        guard case .heatmap(let narrow) = clamped.content else { Issue.record("not a heatmap"); return }
        #expect(narrow.values == [[2]])
        #expect(throws: Diagnostic.self) { try run("heatmap([[1]], window: 3)") }
    }

    @Test func badArgumentsAreReportedAtTheCall() throws {
        #expect(throws: Diagnostic.self) { try run("plot([1, 2], x: .a, y: .b)") }
        #expect(throws: Diagnostic.self) { try run("heatmap([[1, \"x\"]])") }
        #expect(throws: Diagnostic.self) { try run("plot([{a: 1}], x: .a, y: .missing)") }
        do {
            _ = try run("bar(\"text\")")
            Issue.record("bar of a string should fail")
        } catch let diagnostic as Diagnostic {
            #expect(diagnostic.message.contains("bad argument #1 to 'bar'"))
        }
    }

    @Test func saveWritesSVGAndText() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("charts-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let svg = dir.appendingPathComponent("sub/c.svg").path, text = dir.appendingPathComponent("c.txt").path
        _ = try run("""
        let c = bar({a: 1})
        save(c, "\(svg)")
        save(c, "\(text)")
        """)
        #expect(try String(contentsOfFile: svg, encoding: .utf8).hasPrefix("<svg xmlns="))
        #expect(try String(contentsOfFile: text, encoding: .utf8).contains("a │"))
    }

    @Test func reportOfARunHasCellsTablesChartsParametersAndErrors() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let script = dir.appendingPathComponent("s.guide").path, page = dir.appendingPathComponent("r.html").path
        try """
        param n = 1
        %% Table <cell>
        [{a: n, b: "x"}]
        %% Chart
        bar({a: n})
        %% Broken
        [1][3]
        """.write(toFile: script, atomically: true, encoding: .utf8)
        let outcome = Session(options: .init(color: false, reportPath: page)).run(path: script, overrides: ["n": "7"])
        #expect(outcome == .failed)
        let html = try String(contentsOfFile: page, encoding: .utf8)
        #expect(html.contains("<h2>Table &lt;cell&gt;</h2>"))
        #expect(html.contains("<th>a</th><th>b</th>") && html.contains("<td>7</td><td>x</td>"))
        #expect(html.contains("<svg xmlns="))
        #expect(html.contains("n = 7"))
        #expect(html.contains("<pre class=\"error\">") && html.contains("out of range"))
        #expect(html.contains("<pre class=\"source\">[1][3]</pre>"))
    }
}
