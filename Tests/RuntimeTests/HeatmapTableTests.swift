import Foundation
import GuideLang
import Testing
@testable import Runtime

private func run(_ source: String) throws -> Value {
    let runner = ScriptRunner()
    ChartBuiltins.install(into: runner.interpreter)
    return try runner.evaluate(source)
}

private func heatmap(_ source: String) throws -> (chart: Chart, map: Chart.Heatmap) {
    guard case .native(let native) = try run(source), let value = native as? ChartValue,
          case .heatmap(let map) = value.chart.content else {
        throw Diagnostic(.hostError, "not a heatmap")
    }
    return (value.chart, map)
}

/// Needle runs: retrieval per (depth, length), two needles per cell except one missing cell.
private let runs = """
    let runs = [{depth: 50, length: 1000, found: true}, {depth: 50, length: 1000, found: false},
                {depth: 0, length: 1000, found: true}, {depth: 0, length: 1000, found: true},
                {depth: 0, length: 500, found: false}, {depth: 0, length: 500, found: nil}]

    """

@Suite struct HeatmapTableTests {
    @Test func aTablePivotsIntoMeansPerCell() throws {
        let (chart, map) = try heatmap(runs + "heatmap(runs, x: .length, y: .depth, value: .found)")
        #expect(map.columnLabels == ["500", "1000"] && map.rowLabels == ["0", "50"])
        #expect(map.values[0] == [0, 1])
        #expect(map.values[1][0].isNaN && map.values[1][1] == 0.5)
        #expect(chart.xLabel == "length" && chart.yLabel == "depth")
    }

    @Test func textKeysKeepTheirFirstOrder() throws {
        let (_, map) = try heatmap(#"heatmap([{m: "b", k: "x", v: 1}, {m: "a", k: "x", v: 3}], x: .k, y: .m, value: .v)"#)
        #expect(map.rowLabels == ["b", "a"] && map.values == [[1], [3]])
    }

    @Test func missingCellsAreLeftEmpty() throws {
        let (chart, _) = try heatmap(runs + "heatmap(runs, x: .length, y: .depth, value: .found)")
        let svg = SVGChartRenderer.render(chart)
        let cells = svg.components(separatedBy: "<title>").count - 1
        #expect(cells == 3, "three cells with data, one without")
        #expect(svg.contains(">0.50</text>"), "small maps print their values")
        let text = TextChartRenderer.render(chart)
        #expect(text.split(separator: "\n").count == 3)
    }

    @Test func aTableNeedsAllThreeSelectors() throws {
        let runner = ScriptRunner()
        ChartBuiltins.install(into: runner.interpreter)
        #expect(runner.errorMessage(runs + "heatmap(runs, x: .length, y: .depth)")?
            .hasPrefix("bad argument #1 to 'heatmap': a table needs x:, y: and value:") == true)
        #expect(runner.errorMessage(#"heatmap([{a: 1, b: 1, c: "z"}], x: .a, y: .b, value: .c)"#)?
            .hasPrefix("bad argument #8 to 'heatmap'") == true)
    }
}
