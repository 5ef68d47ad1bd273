import Foundation
import GuideLang
import Testing
@testable import Runtime
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Every element of an SVG document with its attributes, parsed as XML (so it is well-formed).
private final class ElementCollector: NSObject, XMLParserDelegate {
    var elements: [(name: String, attributes: [String: String])] = []
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        elements.append((name, attributes))
    }

    /// Elements named `name` with `class` equal to `className`.
    func count(_ name: String, className: String) -> Int {
        elements.filter { $0.name == name && $0.attributes["class"] == className }.count
    }
}

private func elements(of svg: String) throws -> ElementCollector {
    let parser = XMLParser(data: Data(svg.utf8))
    let collector = ElementCollector()
    parser.delegate = collector
    guard parser.parse() else { throw Diagnostic(.hostError, "not well-formed XML") }
    return collector
}

/// Runs a script with the runtime and chart builtins; returns its last value's chart.
private func chart(_ source: String) throws -> Chart {
    let runner = ScriptRunner()
    ChartBuiltins.install(into: runner.interpreter)
    guard case .native(let native) = try runner.evaluate(source), let value = native as? ChartValue else {
        throw Diagnostic(.hostError, "not a chart")
    }
    return value.chart
}

private func errorMessage(_ source: String) -> String? {
    let runner = ScriptRunner()
    ChartBuiltins.install(into: runner.interpreter)
    return runner.errorMessage(source)
}

/// A summary like the French experiment's: P(French) per length bin and Δ, with intervals.
private let summary = """
    let s = [{delta: 0, length: 500, p: 0.8, lo: 0.6, hi: 0.9}, {delta: 0, length: 1000, p: 0.5, lo: 0.3, hi: 0.7},
             {delta: 1, length: 500, p: 0.9, lo: 0.7, hi: 1}, {delta: 1, length: 1000, p: 0.7, lo: 0.5, hi: 0.85}]

    """

@Suite struct ChartIntervalTests {
    @Test func plotTakesLoAndHiPerSeries() throws {
        let c = try chart(summary + "plot(s, x: .length, y: .p, lo: .lo, hi: .hi, by: .delta)")
        guard case .lines(let series) = c.content else { Issue.record("not lines"); return }
        #expect(series.map(\.name) == ["0", "1"])
        #expect(series[0].points == [.init(x: 500, y: 0.8, lo: 0.6, hi: 0.9), .init(x: 1000, y: 0.5, lo: 0.3, hi: 0.7)])
        #expect(c.intervalStyle == .errorBars)
        #expect(try chart(summary + "plot(s, x: .length, y: .p, lo: .lo, hi: .hi, series: .delta)") == c)
        #expect(errorMessage(summary + "plot(s, x: .length, y: .p, by: .delta, series: .delta)")?
            .hasPrefix("bad argument #12 to 'plot': series: is another name for by:") == true)
    }

    @Test func theLegendSaysWhatTheSeriesAre() throws {
        let c = try chart(summary + "plot(s, x: .length, y: .p, lo: .lo, hi: .hi, by: .delta)")
        #expect(c.legendTitle == "delta")
        #expect(TextChartRenderer.render(c).hasSuffix("delta: ● 0   ■ 1"))
        #expect(SVGChartRenderer.render(c).contains(">delta</text>"))
    }

    @Test func plotReadsIntervalRecordsFromProportion() throws {
        let c = try chart("""
            let runs = [{d: 0, fr: true}, {d: 0, fr: false}, {d: 1, fr: true}, {d: 1, fr: true}]
            let byDelta = runs |> group(by: .d) |> agg(french: fn(rs) => proportion(rs, .fr))
            plot(byDelta, x: .d, y: .french)
            """)
        guard case .lines(let series) = c.content, let points = series.first?.points else { Issue.record("not lines"); return }
        let half = Intervals.wilson(successes: 1, trials: 2), all = Intervals.wilson(successes: 2, trials: 2)
        #expect(points == [.init(x: 0, y: 0.5, lo: half.lo, hi: half.hi), .init(x: 1, y: 1, lo: all.lo, hi: all.hi)])
    }

    @Test func averagingKeepsPlainRowsAndRefusesIntervals() throws {
        let message = errorMessage(summary + "plot(s, x: .length, y: .p, lo: .lo, hi: .hi)")
        #expect(message?.hasPrefix("bad argument #3 to 'plot': 2 rows with intervals share x = 500") == true)
        let c = try chart(summary + "plot(s, x: .length, y: .p, lo: .lo, hi: .hi, average: false)")
        guard case .lines(let series) = c.content else { Issue.record("not lines"); return }
        #expect(series[0].points.map(\.x) == [500, 1000, 500, 1000])
    }

    @Test func rocCurvesPlotAsStepsInTableOrder() throws {
        let c = try chart("plot(roc_curve([0.2, 0.8, 0.5, 0.6], [false, true, false, true]), x: .fpr, y: .tpr, average: false)")
        guard case .lines(let series) = c.content else { Issue.record("not lines"); return }
        #expect(series[0].points.map(\.x) == [0, 0, 0, 0.5, 1])
        #expect(series[0].points.map(\.y) == [0, 0.5, 1, 1, 1])
    }

    @Test func barTakesIntervalsFromATableOrFromRecords() throws {
        let table = try chart(summary + "bar(s, x: .length, y: .p, lo: .lo, hi: .hi)")
        guard case .bars(let bars) = table.content else { Issue.record("not bars"); return }
        #expect(bars.first == .init(label: "500", value: 0.8, lo: 0.6, hi: 0.9))
        #expect(table.xLabel == "length" && table.yLabel == "p")
        let record = try chart("""
            bar({influence: roc_auc([1, 2, 3, 4], [false, true, false, true], bootstrap: 50),
                 rollout: {auc: 0.3, lo: 0.2, hi: 0.4}})
            """)
        guard case .bars(let aucs) = record.content else { Issue.record("not bars"); return }
        #expect(aucs.map(\.label) == ["influence", "rollout"] && aucs[0].value == 0.75 && aucs[0].lo != nil)
        #expect(aucs[1] == .init(label: "rollout", value: 0.3, lo: 0.2, hi: 0.4))
    }

    @Test func badIntervalArgumentsSayWhich() {
        #expect(errorMessage(summary + "plot(s, x: .length, y: .p, lo: .lo)") == "bad argument #8 to 'plot': give both lo: and hi:, or neither")
        #expect(errorMessage(summary + "plot(s, x: .length, y: .p, lo: .hi, hi: .lo, average: false)")?
            .hasPrefix("bad argument #8 to 'plot': row 0 has lo 0.9 above hi 0.6") == true)
        #expect(errorMessage(summary + #"plot(s, x: .length, y: .p, ci: "whiskers")"#)?.hasPrefix("bad argument #11") == true)
        #expect(errorMessage("plot([{x: 1, y: {a: 1}}], x: .x, y: .y)")?
            .contains("a record to plot needs p, mean or auc with lo and hi") == true)
    }

    @Test func svgErrorBarsAreThreeLinesPerInterval() throws {
        let c = try chart(summary + "plot(s, x: .length, y: .p, lo: .lo, hi: .hi, by: .delta)")
        let svg = try elements(of: SVGChartRenderer.render(c))
        #expect(svg.count("line", className: "ci") == 4 * 3)
        #expect(svg.elements.filter { $0.name == "polyline" }.count == 2)
        let plain = try elements(of: SVGChartRenderer.render(try chart(summary + "plot(s, x: .length, y: .p, by: .delta)")))
        #expect(plain.count("line", className: "ci") == 0)
    }

    @Test func svgErrorBarsSpanTheInterval() throws {
        let c = Chart(content: .lines([.init(name: "", points: [.init(x: 0, y: 0.5, lo: 0, hi: 1), .init(x: 1, y: 0.5)])]))
        let svg = try elements(of: SVGChartRenderer.render(c))
        let bars = svg.elements.filter { $0.name == "line" && $0.attributes["class"] == "ci" }
        #expect(bars.count == 3)
        // The vertical stroke runs from the y of 0 to the y of 1, i.e. the whole plot height (40…344).
        let vertical = try #require(bars.first { $0.attributes["x1"] == $0.attributes["x2"] })
        #expect(vertical.attributes["y1"] == "344.0" && vertical.attributes["y2"] == "40.0")
    }

    @Test func svgBandIsOnePolygonPerSeries() throws {
        let c = try chart(summary + #"plot(s, x: .length, y: .p, lo: .lo, hi: .hi, by: .delta, ci: "band")"#)
        let svg = try elements(of: SVGChartRenderer.render(c))
        #expect(svg.count("polygon", className: "ci-band") == 2)
        #expect(svg.count("line", className: "ci") == 0)
    }

    @Test func svgBarsGetWhiskers() throws {
        let c = try chart(summary + "bar(s, x: .length, y: .p, lo: .lo, hi: .hi)")
        let svg = try elements(of: SVGChartRenderer.render(c))
        #expect(svg.count("line", className: "ci") == 4 * 3)
        #expect(svg.elements.filter { $0.name == "rect" && $0.attributes["shape-rendering"] != nil }.count == 4)
    }

    @Test func textChartDrawsIntervalsAsVerticalBars() throws {
        let c = Chart(content: .lines([.init(name: "", points: [.init(x: 0, y: 0.5, lo: 0, hi: 1), .init(x: 1, y: 0.5)])]))
        let text = TextChartRenderer.render(c)
        let rows = text.split(separator: "\n").prefix(12)
        // The first point's column: a bar above and below the mark, from the bottom row to the top.
        let column = rows.map { row -> Character in
            let cells = Array(row.split(separator: "│", maxSplits: 1).last ?? "")
            return cells.first ?? " "
        }
        #expect(column.filter { $0 == "│" }.count == 11 && column.contains("●"))
        let plain = TextChartRenderer.render(Chart(content: .lines([.init(name: "", points: [.init(x: 0, y: 0.5), .init(x: 1, y: 0.5)])])))
        #expect(!plain.split(separator: "\n").prefix(12).contains { $0.split(separator: "│", maxSplits: 1).last?.contains("│") == true })
    }

    @Test func textBarsPrintTheInterval() {
        let text = TextChartRenderer.render(Chart(content: .bars([.init(label: "Δ=1", value: 0.6, lo: 0.52, hi: 0.68)])))
        #expect(text.hasSuffix("0.6 [0.52, 0.68]"))
    }

    @Test func htmlReportEmbedsTheErrorBars() throws {
        let c = try chart(summary + "plot(s, x: .length, y: .p, lo: .lo, hi: .hi, by: .delta)")
        let html = HTMLReportRenderer.render(Report(title: "t", cells: [.init(title: "", source: "", outputs: [.chart(c)])]))
        #expect(html.components(separatedBy: "class=\"ci\"").count - 1 == 12)
    }
}
