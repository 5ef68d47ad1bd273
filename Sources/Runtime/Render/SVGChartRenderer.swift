import Foundation

/// Draws a `Chart` as a standalone SVG document: axes, ticks, labels and a legend.
public enum SVGChartRenderer {
    /// The drawing's size in SVG user units (pixels when saved as PNG).
    static let width = 720.0
    static let height = 400.0
    private static let margin = (left: 64.0, right: 150.0, top: 40.0, bottom: 56.0)

    /// The chart as a complete `<svg>` element with its own XML namespace.
    public static func render(_ chart: Chart) -> String {
        var svg = SVGBuilder(width: width, height: height)
        svg.text(chart.title, x: width / 2, y: 22, size: 15, anchor: "middle", weight: "bold")
        switch chart.content {
        case .lines(let series): drawLines(series, chart: chart, into: &svg)
        case .bars(let bars): drawBars(bars, chart: chart, into: &svg)
        case .heatmap(let map): drawHeatmap(map, chart: chart, into: &svg)
        }
        return svg.document()
    }

    private static var plotWidth: Double { width - margin.left - margin.right }
    private static var plotHeight: Double { height - margin.top - margin.bottom }

    private static func drawLines(_ series: [Chart.Series], chart: Chart, into svg: inout SVGBuilder) {
        let points = series.flatMap(\.points)
        let yValues = points.flatMap { [$0.y] + [$0.lo, $0.hi].compactMap { $0 } }
        let xs = AxisScale(low: points.map(\.x).min() ?? 0, high: points.map(\.x).max() ?? 1)
        let ys = AxisScale(low: yValues.min() ?? 0, high: yValues.max() ?? 1, fixedLow: chart.yMin, fixedHigh: chart.yMax)
        drawAxes(x: xs, y: ys, chart: chart, into: &svg)
        let clipped = beginClipping(chart, into: &svg)
        for (index, line) in series.enumerated() {
            let colour = ColorScale.series(index).hex
            if chart.intervalStyle == .band { drawBands(line.points, x: xs, y: ys, colour: colour, into: &svg) }
            let coordinates = line.points.map { (px(xs.fraction($0.x)), py(ys.fraction($0.y))) }
            svg.polyline(coordinates, stroke: colour)
            if coordinates.count <= 200 {
                for (x, y) in coordinates { svg.circle(x: x, y: y, radius: 3, fill: colour) }
            }
            if chart.intervalStyle == .errorBars {
                for point in line.points {
                    guard let lo = point.lo, let hi = point.hi else { continue }
                    drawErrorBar(x: px(xs.fraction(point.x)), low: py(ys.fraction(lo)), high: py(ys.fraction(hi)),
                                 capHalfWidth: 4, colour: colour, into: &svg)
                }
            }
        }
        if clipped { svg.endGroup() }
        drawLegend(series.map(\.name), title: chart.legendTitle, into: &svg)
    }

    /// With a fixed y limit, clips what follows to the plot area (a point beyond a limit is
    /// cut at the axis, as in matplotlib); returns whether it did, so the caller ends the group.
    private static func beginClipping(_ chart: Chart, into svg: inout SVGBuilder) -> Bool {
        guard chart.yMin != nil || chart.yMax != nil else { return false }
        // A marker's radius of room around the area, so a point on a limit stays whole.
        svg.beginClippedGroup(id: "plot-area", x: margin.left - 4, y: margin.top - 4,
                              width: plotWidth + 8, height: plotHeight + 8)
        return true
    }

    /// A shaded band under each run of consecutive points that have intervals; a lone point
    /// with an interval gets an error bar instead.
    private static func drawBands(_ points: [Chart.Point], x xs: AxisScale, y ys: AxisScale, colour: String,
                                  into svg: inout SVGBuilder) {
        var run: [(x: Double, lo: Double, hi: Double)] = []
        func flush() {
            if run.count == 1, let only = run.first {
                drawErrorBar(x: only.x, low: only.lo, high: only.hi, capHalfWidth: 4, colour: colour, into: &svg)
            } else if run.count > 1 {
                svg.polygon(run.map { ($0.x, $0.hi) } + run.reversed().map { ($0.x, $0.lo) }, fill: colour,
                            opacity: 0.18, className: "ci-band")
            }
            run = []
        }
        for point in points {
            if let lo = point.lo, let hi = point.hi {
                run.append((px(xs.fraction(point.x)), py(ys.fraction(lo)), py(ys.fraction(hi))))
            } else {
                flush()
            }
        }
        flush()
    }

    /// A vertical interval from `low` to `high` (pixels) with a cap at each end, all tagged `ci`.
    private static func drawErrorBar(x: Double, low: Double, high: Double, capHalfWidth: Double, colour: String,
                                     into svg: inout SVGBuilder) {
        svg.line(x1: x, y1: low, x2: x, y2: high, stroke: colour, width: 1.5, className: "ci")
        svg.line(x1: x - capHalfWidth, y1: low, x2: x + capHalfWidth, y2: low, stroke: colour, width: 1.5,
                 className: "ci")
        svg.line(x1: x - capHalfWidth, y1: high, x2: x + capHalfWidth, y2: high, stroke: colour, width: 1.5,
                 className: "ci")
    }

    private static func drawBars(_ bars: [Chart.Bar], chart: Chart, into svg: inout SVGBuilder) {
        let values = bars.flatMap { [$0.value] + [$0.lo, $0.hi].compactMap { $0 } }
        let ys = AxisScale(low: min(0, values.min() ?? 0), high: max(0, values.max() ?? 1),
                           fixedLow: chart.yMin, fixedHigh: chart.yMax)
        drawYAxis(ys, label: chart.yLabel, into: &svg)
        // The baseline sits at 0, or at the axis end nearer 0 when the limits leave 0 out.
        let base = min(max(0, ys.lower), ys.upper)
        svg.line(x1: margin.left, y1: py(ys.fraction(base)), x2: margin.left + plotWidth, y2: py(ys.fraction(base)),
                 stroke: "#333")
        let clipped = beginClipping(chart, into: &svg)
        let slot = plotWidth / Double(max(bars.count, 1))
        for (index, bar) in bars.enumerated() {
            let top = py(ys.fraction(max(bar.value, base)))
            let bottom = py(ys.fraction(min(bar.value, base)))
            let x = margin.left + Double(index) * slot + slot * 0.15
            var tooltip = "\(bar.label): \(AxisScale.label(bar.value))"
            if let lo = bar.lo, let hi = bar.hi { tooltip += " [\(AxisScale.label(lo)), \(AxisScale.label(hi))]" }
            svg.rect(x: x, y: top, width: slot * 0.7, height: bottom - top, fill: ColorScale.series(index).hex,
                     title: tooltip)
            if let lo = bar.lo, let hi = bar.hi {
                drawErrorBar(x: x + slot * 0.35, low: py(ys.fraction(lo)), high: py(ys.fraction(hi)),
                             capHalfWidth: min(8, slot * 0.15), colour: "#222", into: &svg)
            }
        }
        if clipped { svg.endGroup() }
        for (index, bar) in bars.enumerated() {
            let x = margin.left + Double(index) * slot + slot * 0.15
            svg.text(bar.label, x: x + slot * 0.35, y: margin.top + plotHeight + 16, size: 11, anchor: "middle")
        }
        svg.text(chart.xLabel, x: margin.left + plotWidth / 2, y: height - 10, size: 12, anchor: "middle")
    }

    /// Wider heatmaps are averaged down to this many columns (a cell stays over a pixel wide).
    private static let heatmapColumnLimit = 320

    private static func drawHeatmap(_ full: Chart.Heatmap, chart: Chart, into svg: inout SVGBuilder) {
        let map = full.columnsAveraged(toAtMost: heatmapColumnLimit)
        let rows = map.values.count
        let columns = map.values.map(\.count).max() ?? 0
        guard rows > 0, columns > 0 else { return }
        let range = map.valueRange
        let span = range.upperBound - range.lowerBound
        let cellWidth = plotWidth / Double(columns)
        let cellHeight = plotHeight / Double(rows)
        // Small maps (an accuracy grid) print each cell's value in it.
        let annotated = cellWidth >= 26 && cellHeight >= 14
        for (r, row) in map.values.enumerated() {
            for (c, value) in row.enumerated() where value.isFinite {
                let t = span > 0 ? (value - range.lowerBound) / span : 0.5
                let column = c < map.columnLabels.count ? map.columnLabels[c] : "\(c)"
                let rowLabel = r < map.rowLabels.count ? map.rowLabels[r] : "\(r)"
                let x = margin.left + Double(c) * cellWidth, y = margin.top + Double(r) * cellHeight
                svg.rect(x: x, y: y, width: cellWidth + 0.3, height: cellHeight + 0.3, fill: ColorScale.heat(t).hex,
                         title: "\(rowLabel) · \(column): \(AxisScale.label(value))")
                if annotated {
                    svg.text(cellLabel(value), x: x + cellWidth / 2, y: y + cellHeight / 2 + 4, size: min(11, cellHeight * 0.6),
                             anchor: "middle", fill: t > 0.6 ? "#000" : "#fff")
                }
            }
        }
        let rowStride = max(1, rows / 12)
        for r in stride(from: 0, to: rows, by: rowStride) where r < map.rowLabels.count {
            svg.text(map.rowLabels[r], x: margin.left - 6, y: margin.top + (Double(r) + 0.5) * cellHeight + 4,
                     size: 10, anchor: "end")
        }
        let columnStride = max(1, columns / 40)
        let upright = columns <= 12
        for c in stride(from: 0, to: columns, by: columnStride) where c < map.columnLabels.count {
            let x = margin.left + (Double(c) + 0.5) * cellWidth
            if upright {
                svg.text(map.columnLabels[c], x: x, y: margin.top + plotHeight + 16, size: 11, anchor: "middle")
            } else {
                svg.text(map.columnLabels[c], x: x, y: margin.top + plotHeight + 8, size: 9, anchor: "end",
                         rotate: -60)
            }
        }
        svg.text(chart.yLabel, x: 14, y: margin.top + plotHeight / 2, size: 12, anchor: "middle", rotate: -90)
        if upright {
            svg.text(chart.xLabel, x: margin.left + plotWidth / 2, y: height - 10, size: 12, anchor: "middle")
        }
        drawColorBar(range, into: &svg)
    }

    /// A heatmap cell's value: two decimals below 10 (rates, scores), else the axis label form.
    private static func cellLabel(_ value: Double) -> String {
        abs(value) < 10 ? String(format: "%.2f", value) : AxisScale.label(value)
    }

    private static func drawAxes(x: AxisScale, y: AxisScale, chart: Chart, into svg: inout SVGBuilder) {
        drawYAxis(y, label: chart.yLabel, into: &svg)
        let baseline = margin.top + plotHeight
        svg.line(x1: margin.left, y1: baseline, x2: margin.left + plotWidth, y2: baseline, stroke: "#333")
        for tick in x.ticks {
            let px = px(x.fraction(tick))
            svg.line(x1: px, y1: baseline, x2: px, y2: baseline + 5, stroke: "#333")
            svg.text(AxisScale.label(tick), x: px, y: baseline + 18, size: 11, anchor: "middle")
        }
        svg.text(chart.xLabel, x: margin.left + plotWidth / 2, y: height - 10, size: 12, anchor: "middle")
    }

    private static func drawYAxis(_ y: AxisScale, label: String, into svg: inout SVGBuilder) {
        svg.line(x1: margin.left, y1: margin.top, x2: margin.left, y2: margin.top + plotHeight, stroke: "#333")
        for tick in y.ticks {
            let py = py(y.fraction(tick))
            svg.line(x1: margin.left - 5, y1: py, x2: margin.left + plotWidth, y2: py, stroke: "#e4e4e4")
            svg.text(AxisScale.label(tick), x: margin.left - 8, y: py + 4, size: 11, anchor: "end")
        }
        svg.text(label, x: 14, y: margin.top + plotHeight / 2, size: 12, anchor: "middle", rotate: -90)
    }

    private static func drawLegend(_ names: [String], title: String, into svg: inout SVGBuilder) {
        // One unnamed series (a plot without `by:`) needs no legend: a bare swatch says nothing.
        guard !title.isEmpty || names.contains(where: { !$0.isEmpty }) else { return }
        let x = margin.left + plotWidth + 16
        let top = title.isEmpty ? margin.top + 8 : margin.top + 28
        svg.text(title, x: x, y: margin.top + 8, size: 12, anchor: "start", weight: "bold")
        for (index, name) in names.enumerated() {
            let y = top + Double(index) * 20
            svg.rect(x: x, y: y - 9, width: 12, height: 12, fill: ColorScale.series(index).hex, title: nil)
            svg.text(name, x: x + 18, y: y + 1, size: 12, anchor: "start")
        }
    }

    private static func drawColorBar(_ range: ClosedRange<Double>, into svg: inout SVGBuilder) {
        let x = margin.left + plotWidth + 24
        let steps = 32
        let step = plotHeight / Double(steps)
        for i in 0..<steps {
            let t = 1 - Double(i) / Double(steps - 1)
            svg.rect(x: x, y: margin.top + Double(i) * step, width: 14, height: step + 0.3,
                     fill: ColorScale.heat(t).hex, title: nil)
        }
        svg.text(AxisScale.label(range.upperBound), x: x + 20, y: margin.top + 10, size: 11, anchor: "start")
        svg.text(AxisScale.label(range.lowerBound), x: x + 20, y: margin.top + plotHeight, size: 11, anchor: "start")
    }

    private static func px(_ fraction: Double) -> Double { margin.left + fraction * plotWidth }
    private static func py(_ fraction: Double) -> Double { margin.top + (1 - fraction) * plotHeight }
}
