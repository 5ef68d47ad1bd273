import Foundation
import Testing
@testable import Runtime
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Counts elements by name while checking that a document is well-formed XML.
private final class ElementCounter: NSObject, XMLParserDelegate {
    var counts: [String: Int] = [:]
    var texts: [String] = []
    private var buffer = ""
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        counts[name, default: 0] += 1
        buffer = ""
    }
    func parser(_ parser: XMLParser, foundCharacters string: String) { buffer += string }
    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if !buffer.isEmpty { texts.append(buffer) }
        buffer = ""
    }
}

private func parseXML(_ text: String) -> ElementCounter? {
    let parser = XMLParser(data: Data(text.utf8))
    let counter = ElementCounter()
    parser.delegate = counter
    return parser.parse() ? counter : nil
}

private let lineChart = Chart(title: "French by Δ", xLabel: "delta", yLabel: "french", content: .lines([
    .init(name: "qwen <&>", points: [.init(x: 0, y: 0), .init(x: 1, y: 0.5), .init(x: 2, y: 1)]),
    .init(name: "smollm", points: [.init(x: 0, y: 0.1), .init(x: 2, y: 0.2)]),
]))

@Suite struct RenderTests {
    @Test func axisTicksAreNiceAndCoverTheData() {
        let scale = AxisScale(low: 0.13, high: 9.7)
        #expect(scale.lower <= 0.13 && scale.upper >= 9.7)
        #expect(scale.ticks == [0, 2, 4, 6, 8, 10])
        #expect(AxisScale(low: 3, high: 3).ticks.count >= 2)
        #expect(AxisScale.label(0.25) == "0.25" && AxisScale.label(4) == "4")
    }

    @Test func svgLineChartIsWellFormedWithAxesTicksAndLegend() throws {
        let svg = SVGChartRenderer.render(lineChart)
        let xml = try #require(parseXML(svg))
        #expect(xml.counts["svg"] == 1)
        #expect(xml.counts["polyline"] == 2)
        #expect(xml.counts["circle"] == 5)
        let words = xml.texts.joined(separator: "|")
        #expect(words.contains("qwen <&>"), "legend names are escaped and kept")
        #expect(words.contains("delta") && words.contains("french") && words.contains("French by Δ"))
        #expect(words.contains("|2|"), "x ticks are labelled")
    }

    @Test func svgBarsAndHeatmapAreWellFormed() throws {
        let bars = Chart(content: .bars([.init(label: "Δ=0", value: 0.2), .init(label: "Δ=2", value: -0.4)]))
        #expect(try #require(parseXML(SVGChartRenderer.render(bars))).counts["rect"]! >= 3)
        let heat = Chart(title: "influence", content: .heatmap(.init(
            rowLabels: ["-1", "0"], columnLabels: ["a", "b", "c"], values: [[1, 0, 0], [0.5, 0.25, 0]])))
        let xml = try #require(parseXML(SVGChartRenderer.render(heat)))
        #expect(xml.counts["rect"]! >= 6 + 32, "six cells and a colour bar")
    }

    @Test func wideHeatmapsAreAveragedDownInSVG() throws {
        let values = [(0..<1000).map(Double.init)]
        let map = Chart.Heatmap(rowLabels: ["0"], columnLabels: (0..<1000).map { "t\($0)" }, values: values)
        let narrow = map.columnsAveraged(toAtMost: 300)
        #expect(narrow.values[0].count == 250)
        #expect(narrow.values[0][0] == 1.5 && narrow.columnLabels[1] == "t4")
        #expect(map.columnsAveraged(toAtMost: 2000) == map)
        let xml = try #require(parseXML(SVGChartRenderer.render(Chart(content: .heatmap(map)))))
        #expect(xml.counts["rect"]! < 400)
    }

    @Test func heatColoursRunFromDarkToBright() {
        let low = ColorScale.heat(0), high = ColorScale.heat(1)
        #expect(low.red + low.green + low.blue < high.red + high.green + high.blue)
        #expect(ColorScale.heat(.nan) == low)
        #expect(ColorScale.heat(0.5).hex.count == 7)
    }

    @Test func terminalHeatmapHasOneLinePerRowAndAveragesWideRows() {
        let values = (0..<3).map { r in (0..<200).map { Double($0 + r) } }
        let text = TextChartRenderer.render(Chart(content: .heatmap(.init(
            rowLabels: ["L0", "L1", "L2"], columnLabels: [], values: values))), width: 60)
        let lines = text.split(separator: "\n")
        #expect(lines.count == 5)
        #expect(lines[0].hasPrefix("L0 "))
        #expect(lines.allSatisfy { $0.count <= 60 })
        #expect(text.contains("averages 4 tokens"))
        #expect(!text.contains("\u{1B}"), "no ANSI codes without colour")
        #expect(TextChartRenderer.render(Chart(content: .heatmap(.init(
            rowLabels: ["x"], columnLabels: [], values: [[0, 1]]))), color: true).contains("\u{1B}[48;2;"))
    }

    @Test func terminalLineChartPlacesMarksAtTheCorners() {
        let text = TextChartRenderer.render(lineChart, width: 40)
        let rows = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(rows[0] == "French by Δ")
        #expect(rows[1].hasSuffix("●"), "the largest y at the largest x sits top right")
        #expect(rows[12].contains("│●"), "the smallest y at the smallest x sits bottom left")
        #expect(text.contains("● qwen <&>") && text.contains("■ smollm"))
    }

    @Test func terminalBarsScaleToTheLargestValue() {
        let text = TextChartRenderer.render(Chart(content: .bars([
            .init(label: "a", value: 10), .init(label: "bb", value: 5)])), width: 40)
        let rows = text.split(separator: "\n").map(String.init)
        let full = rows[0].filter { $0 == "█" }.count, half = rows[1].filter { $0 == "█" }.count
        #expect(full == 2 * half)
        #expect(rows[0].hasSuffix(" 10") && rows[0].hasPrefix(" a │") && rows[1].hasPrefix("bb │"))
    }

    @Test func htmlReportIsSelfContainedAndEscaped() throws {
        let report = Report(title: "Quickstart <1>", parameters: [("delta", "2")], cells: [
            Report.Cell(title: "Prompt", source: "let p = \"<!-> Summarize <-!>\"", outputs: [
                .prompt([.init(text: "Summarize in French", level: 1), .init(text: " & the text", level: nil)]),
                .table(columns: ["delta", "french"], rows: [["0", "false"], ["2", "true"]]),
                .chart(lineChart),
                .tokenHeat(tokens: ["A", "b"], values: [0, 1]),
                .error("bad argument #2"),
            ]),
        ])
        let html = HTMLReportRenderer.render(report)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("Quickstart &lt;1&gt;"))
        #expect(html.contains("<mark class=\"level1\""))
        #expect(html.contains("&amp; the text"))
        #expect(html.contains("<td>true</td>"))
        #expect(html.contains("<svg xmlns="))
        #expect(!html.contains("<script") && !html.contains("src=\"http") && !html.contains("href=\"http"))
        #expect(html.contains("delta = 2"))
    }
}
