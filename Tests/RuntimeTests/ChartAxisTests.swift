import Foundation
import GuideLang
import Testing
@testable import Runtime
#if canImport(FoundationXML)
import FoundationXML
#endif

/// An SVG document's elements with their attributes and text, parsed as XML (so it is well-formed).
private final class SVGReader: NSObject, XMLParserDelegate {
    struct Element {
        var name: String
        var attributes: [String: String]
        var text = ""
    }
    var elements: [Element] = []
    private var open: [Int] = []

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        elements.append(Element(name: name, attributes: attributes))
        open.append(elements.count - 1)
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if let last = open.last { elements[last].text += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        _ = open.popLast()
    }

    static func read(_ svg: String) throws -> SVGReader {
        let parser = XMLParser(data: Data(svg.utf8))
        let reader = SVGReader()
        parser.delegate = reader
        guard parser.parse() else { throw Diagnostic(.hostError, "not well-formed XML") }
        return reader
    }

    /// The texts of the `<text>` elements, in document order.
    var texts: [String] { elements.filter { $0.name == "text" }.map(\.text) }
    /// The error-bar strokes (three per interval: the bar and its two caps).
    var errorBarLines: [Element] { elements.filter { $0.name == "line" && $0.attributes["class"] == "ci" } }
}

private func runner() -> ScriptRunner {
    let runner = ScriptRunner()
    ChartBuiltins.install(into: runner.interpreter)
    return runner
}

private func chart(_ source: String) throws -> Chart {
    guard case .native(let native) = try runner().evaluate(source), let value = native as? ChartValue else {
        throw Diagnostic(.hostError, "not a chart")
    }
    return value.chart
}

/// Three runs per Δ with a bool outcome, and the same as scores.
private let outcomes = """
    let rows = [{delta: 0, french: false, score: 0.2}, {delta: 0, french: true, score: 0.4},
                {delta: 0, french: false, score: 0.3}, {delta: 2, french: true, score: 0.9},
                {delta: 2, french: true, score: 0.7}, {delta: 2, french: false, score: 0.8}]

    """

@Suite struct ChartAxisTests {
    @Test func theYAxisTitleIsInTheSVG() throws {
        let c = try chart(outcomes + #"plot(rows, x: .delta, y: .french, y_label: "P(French)", x_label: "Δ")"#)
        #expect(c.yLabel == "P(French)" && c.xLabel == "Δ")
        let svg = try SVGReader.read(SVGChartRenderer.render(c))
        let title = try #require(svg.elements.first { $0.name == "text" && $0.text == "P(French)" })
        #expect(title.attributes["transform"]?.hasPrefix("rotate(-90") == true, "the y title runs up the axis")
        #expect(svg.texts.contains("Δ"))
        let bars = try chart(outcomes + #"bar(rows, x: .delta, y: .score, y_label: "score", x_label: "Δ")"#)
        #expect(try SVGReader.read(SVGChartRenderer.render(bars)).texts.contains("score"))
    }

    @Test func ciTrueGivesWilsonIntervalsOfBools() throws {
        let c = try chart(outcomes + "plot(rows, x: .delta, y: .french, ci: true)")
        guard case .lines(let series) = c.content else { Issue.record("not lines"); return }
        let one = Intervals.wilson(successes: 1, trials: 3), two = Intervals.wilson(successes: 2, trials: 3)
        #expect(series.count == 1)
        let expected: [Chart.Point] = [Chart.Point(x: 0, y: 1.0 / 3, lo: one.lo, hi: one.hi),
                                       Chart.Point(x: 2, y: 2.0 / 3, lo: two.lo, hi: two.hi)]
        #expect(series[0].points == expected)
        // The Wilson interval of 1 in 3 at 95 %: 0.0615 … 0.7923 (as statsmodels' proportion_confint).
        #expect(abs((one.lo ?? 0) - 0.06149) < 1e-4 && abs((one.hi ?? 0) - 0.79234) < 1e-4)
        let svg = try SVGReader.read(SVGChartRenderer.render(c))
        #expect(svg.errorBarLines.count == 2 * 3, "one bar and two caps per x")
    }

    @Test func ciTrueGivesTIntervalsOfNumbersPerSeries() throws {
        let c = try chart(outcomes + "plot(rows, x: .delta, y: .score, by: .french, ci: true)")
        guard case .lines(let series) = c.content else { Issue.record("not lines"); return }
        #expect(series.map(\.name) == ["false", "true"])
        let zeroFalse = Intervals.tInterval([0.2, 0.3])
        let first = Chart.Point(x: 0, y: 0.25, lo: zeroFalse.lo, hi: zeroFalse.hi)
        #expect(series[0].points.first == first)
        // A single number has no interval: no error bar at Δ = 2 for `false`.
        let lone = Chart.Point(x: 2, y: 0.8)
        #expect(series[0].points.last == lone)
        let svg = try SVGReader.read(SVGChartRenderer.render(c))
        #expect(svg.errorBarLines.count == 2 * 3, "false at Δ 0 and true at Δ 2 have two scores each")
    }

    @Test func ciFalseHidesGivenIntervals() throws {
        let c = try chart("plot([{x: 0, p: 0.5, lo: 0.4, hi: 0.6}], x: .x, y: .p, lo: .lo, hi: .hi, ci: false)")
        guard case .lines(let series) = c.content else { Issue.record("not lines"); return }
        let point = Chart.Point(x: 0, y: 0.5)
        #expect(series[0].points == [point])
        #expect(try SVGReader.read(SVGChartRenderer.render(c)).errorBarLines.isEmpty)
    }

    @Test func yLimitsFixTheAxisAndClip() throws {
        let c = try chart(outcomes + "plot(rows, x: .delta, y: .score, y_min: 0, y_max: 1)")
        #expect(c.yMin == 0 && c.yMax == 1)
        let svg = try SVGReader.read(SVGChartRenderer.render(c))
        // Ticks at round values from the lower limit to the upper one.
        let ticks = svg.elements.filter { $0.name == "text" && $0.attributes["text-anchor"] == "end" }.map(\.text)
        #expect(ticks == ["0", "0.2", "0.4", "0.6", "0.8", "1"])
        #expect(svg.elements.contains { $0.name == "clipPath" })
        #expect(svg.elements.contains { $0.name == "g" && $0.attributes["clip-path"] == "url(#plot-area)" })
        // Without limits the axis fits the data (0.2 … 0.9) and nothing is clipped.
        let free = try SVGReader.read(SVGChartRenderer.render(try chart(outcomes + "plot(rows, x: .delta, y: .score)")))
        #expect(!free.elements.contains { $0.name == "clipPath" })
        #expect(free.elements.filter { $0.name == "text" && $0.attributes["text-anchor"] == "end" }.first?.text == "0.2")
        // One limit: the other end still fits the data.
        let top = try chart(outcomes + "plot(rows, x: .delta, y: .score, y_max: 2)")
        let topTicks = try SVGReader.read(SVGChartRenderer.render(top)).elements
            .filter { $0.name == "text" && $0.attributes["text-anchor"] == "end" }.map(\.text)
        #expect(topTicks.last == "2" && topTicks.first == "0", "\(topTicks)")
        let bar = try chart(#"bar({fr: 0.8, en: 0.1}, y_min: 0, y_max: 1)"#)
        #expect(bar.yMin == 0 && bar.yMax == 1)
    }

    @Test func badChartArgumentsSayWhich() {
        let r = runner()
        #expect(r.errorMessage(outcomes + "plot(rows, x: .delta, y: .french, ci: true, average: false)")
            == "bad argument #11 to 'plot': ci: true summarises the rows at each x; it needs average: true")
        #expect(r.errorMessage(outcomes + "plot(rows, x: .delta, y: .french, y_min: 1, y_max: 0)")
            == "bad argument #14 to 'plot': y_max (0) must be above y_min (1)")
        #expect(r.errorMessage(outcomes + #"plot(rows, x: .delta, y: .french, ci: "yes")"#)
            == #"bad argument #11 to 'plot': expected true, false, "bars" or "band", got "yes""#)
        #expect(r.errorMessage(#"plot([{x: 1, y: "a"}], x: .x, y: .y, ci: true)"#)
            == "bad argument #3 to 'plot': ci: true needs numbers or bools to summarise; row 0 gives string")
    }
}

/// `save(chart, "….png")` draws the SVG with librsvg into a real PNG.
@Suite struct ChartPNGTests {
    static func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("chart-png-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The big-endian 32-bit number at `offset`.
    static func uint32(_ bytes: [UInt8], _ offset: Int) -> Int {
        bytes[offset..<offset + 4].reduce(0) { (value: Int, byte: UInt8) -> Int in (value << 8) | Int(byte) }
    }

    @Test func savePNGWritesAPNGOfTheChartsSize() throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("french.png").path
        _ = try runner().evaluate(outcomes + "save(plot(rows, x: .delta, y: .french, ci: true), \(Value.quote(path)))")
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        // The PNG signature, then the IHDR chunk (length 13) with the width and the height.
        #expect(Array(bytes.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        let chunkLength = Self.uint32(bytes, 8), chunkType = String(decoding: bytes[12..<16], as: UTF8.self)
        #expect(chunkLength == 13)
        #expect(chunkType == "IHDR")
        let width = Self.uint32(bytes, 16), height = Self.uint32(bytes, 20)
        #expect(width == 720)
        #expect(height == 400)
        #expect(width == Int(SVGChartRenderer.width))
        #expect(height == Int(SVGChartRenderer.height))
        let lastChunk = String(decoding: bytes.suffix(8).prefix(4), as: UTF8.self)
        #expect(lastChunk == "IEND")
    }

    @Test func thePNGHasTheChartsPixels() throws {
        // Drawn, not blank: a white canvas compresses to a few hundred bytes, the chart's
        // lines and text to several kilobytes.
        let png = try PNGRenderer.png(svg: SVGChartRenderer.render(try chart(outcomes + "plot(rows, x: .delta, y: .score)")),
                                      width: 720, height: 400)
        let blank = try PNGRenderer.png(svg: ##"<svg xmlns="http://www.w3.org/2000/svg" width="720" height="400"><rect width="100%" height="100%" fill="#fff"/></svg>"##,
                                        width: 720, height: 400)
        #expect(png.count > 4 * blank.count, "\(png.count) bytes against \(blank.count) for a blank canvas")
        #expect(throws: PNGRenderer.Failure.self) { try PNGRenderer.png(svg: "<svg", width: 10, height: 10) }
    }

    @Test func otherImageFormatsAreRefused() throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("french.jpg").path
        let message = runner().errorMessage("save(bar({a: 1}), \(Value.quote(path)))")
        #expect(message == "bad argument #2 to 'save': cannot write a chart as .jpg; save writes .svg, .png, "
            + "or terminal text for any other extension (e.g. .txt)")
        #expect(!FileManager.default.fileExists(atPath: path), "nothing is written")
    }
}
