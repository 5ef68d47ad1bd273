/// Draws a `Chart` for a terminal with Unicode blocks, in colour when asked.
public enum TextChartRenderer {
    /// Renders `chart` in at most `width` columns; `color` adds 24-bit ANSI colours.
    public static func render(_ chart: Chart, width: Int = 72, color: Bool = false) -> String {
        var lines: [String] = []
        if !chart.title.isEmpty { lines.append(chart.title) }
        switch chart.content {
        case .lines(let series): lines += renderLines(series, chart: chart, width: width, color: color)
        case .bars(let bars): lines += renderBars(bars, width: width, color: color)
        case .heatmap(let map): lines += renderHeatmap(map, width: width, color: color)
        }
        return lines.joined(separator: "\n")
    }

    private static let shades: [Character] = [" ", "░", "▒", "▓", "█"]
    private static let marks: [Character] = ["●", "■", "▲", "◆", "○", "□", "△", "◇"]

    private static func renderLines(_ series: [Chart.Series], chart: Chart, width: Int, color: Bool) -> [String] {
        let points = series.flatMap(\.points)
        guard !points.isEmpty else { return ["(no data)"] }
        let yValues = points.flatMap { [$0.y] + [$0.lo, $0.hi].compactMap { $0 } }
        let xs = AxisScale(low: points.map(\.x).min() ?? 0, high: points.map(\.x).max() ?? 1)
        let ys = AxisScale(low: yValues.min() ?? 0, high: yValues.max() ?? 1, fixedLow: chart.yMin, fixedHigh: chart.yMax)
        let plotHeight = 12
        var rowLabels: [Int: String] = [:]
        for tick in ys.ticks {
            let row = plotHeight - 1 - Int((ys.fraction(tick) * Double(plotHeight - 1)).rounded())
            if rowLabels[row] == nil { rowLabels[row] = AxisScale.label(tick) }
        }
        let labelWidth = rowLabels.values.map(\.count).max() ?? 1
        let plotWidth = max(10, width - labelWidth - 2)
        var grid = Array(repeating: Array(repeating: Character(" "), count: plotWidth), count: plotHeight)
        var owner = Array(repeating: Array(repeating: -1, count: plotWidth), count: plotHeight)
        func row(_ y: Double) -> Int {
            min(max(plotHeight - 1 - Int((ys.fraction(y) * Double(plotHeight - 1)).rounded()), 0), plotHeight - 1)
        }
        func cell(_ p: Chart.Point) -> (Int, Int) {
            let column = Int((xs.fraction(p.x) * Double(plotWidth - 1)).rounded())
            return (row(p.y), min(max(column, 0), plotWidth - 1))
        }
        // Intervals first, as vertical bars in the point's column; lines and marks draw over them.
        for (index, line) in series.enumerated() {
            for point in line.points {
                guard let lo = point.lo, let hi = point.hi else { continue }
                let column = cell(point).1
                for r in min(row(hi), row(lo))...max(row(hi), row(lo)) where grid[r][column] == " " {
                    grid[r][column] = "│"
                    owner[r][column] = index
                }
            }
        }
        for (index, line) in series.enumerated() {
            let cells = line.points.map(cell)
            for (a, b) in zip(cells, cells.dropFirst()) {
                let steps = max(abs(b.1 - a.1), abs(b.0 - a.0), 1)
                for s in 1..<steps {
                    let r = a.0 + (b.0 - a.0) * s / steps, c = a.1 + (b.1 - a.1) * s / steps
                    if grid[r][c] == " " || grid[r][c] == "│" { grid[r][c] = "·"; owner[r][c] = index }
                }
            }
            for (r, c) in cells {
                grid[r][c] = marks[index % marks.count]
                owner[r][c] = index
            }
        }
        var out: [String] = []
        for r in 0..<plotHeight {
            let label = rowLabels[r] ?? ""
            var row = String(repeating: " ", count: labelWidth - label.count) + label + " │"
            for c in 0..<plotWidth {
                let ch = String(grid[r][c])
                row += color && owner[r][c] >= 0 ? paint(ch, ColorScale.series(owner[r][c])) : ch
            }
            out.append(row)
        }
        out.append(String(repeating: " ", count: labelWidth + 1) + "└" + String(repeating: "─", count: plotWidth))
        let low = AxisScale.label(xs.lower), high = AxisScale.label(xs.upper)
        let gap = max(1, plotWidth - low.count - high.count)
        out.append(String(repeating: " ", count: labelWidth + 2) + low + String(repeating: " ", count: gap) + high)
        if !chart.xLabel.isEmpty { out.append(String(repeating: " ", count: labelWidth + 2) + chart.xLabel) }
        let legend = series.enumerated().map { index, line in
            let mark = String(marks[index % marks.count])
            return (color ? paint(mark, ColorScale.series(index)) : mark) + " " + line.name
        }
        if series.count > 1 || !(series.first?.name.isEmpty ?? true) {
            out.append((chart.legendTitle.isEmpty ? "" : chart.legendTitle + ": ") + legend.joined(separator: "   "))
        }
        return out
    }

    private static func renderBars(_ bars: [Chart.Bar], width: Int, color: Bool) -> [String] {
        guard !bars.isEmpty else { return ["(no data)"] }
        let labelWidth = min(24, bars.map(\.label.count).max() ?? 1)
        let largest = bars.map { abs($0.value) }.max() ?? 1
        // Room for the value, and for "[lo, hi]" when a bar has an interval.
        let intervalWidth = bars.contains { $0.lo != nil && $0.hi != nil } ? 16 : 0
        let barWidth = max(10, width - labelWidth - 12 - intervalWidth)
        return bars.enumerated().map { index, bar in
            let label = String(bar.label.prefix(labelWidth))
            let eighths = largest > 0 ? Int((abs(bar.value) / largest * Double(barWidth * 8)).rounded()) : 0
            var body = String(repeating: "█", count: eighths / 8)
            let partial: [String] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
            body += partial[eighths % 8]
            let painted = color ? paint(body, ColorScale.series(index)) : body
            let sign = bar.value < 0 ? "-" : ""
            var interval = ""
            if let lo = bar.lo, let hi = bar.hi { interval = " [\(AxisScale.label(lo)), \(AxisScale.label(hi))]" }
            return String(repeating: " ", count: labelWidth - label.count) + label + " │" + sign + painted
                + " " + AxisScale.label(bar.value) + interval
        }
    }

    private static func renderHeatmap(_ map: Chart.Heatmap, width: Int, color: Bool) -> [String] {
        let columns = map.values.map(\.count).max() ?? 0
        guard columns > 0 else { return ["(no data)"] }
        let range = map.valueRange
        let span = range.upperBound - range.lowerBound
        let labelWidth = min(8, map.rowLabels.map(\.count).max() ?? 1)
        let available = max(8, width - labelWidth - 2)
        let group = (columns + available - 1) / available
        let shownColumns = (columns + group - 1) / group
        let cellWidth = group == 1 ? max(1, min(4, available / columns)) : 1
        var out: [String] = []
        for (r, row) in map.values.enumerated() {
            let label = String((r < map.rowLabels.count ? map.rowLabels[r] : "\(r)").prefix(labelWidth))
            var line = String(repeating: " ", count: labelWidth - label.count) + label + " "
            for g in 0..<shownColumns {
                let slice = row[min(g * group, row.count)..<min((g + 1) * group, row.count)].filter(\.isFinite)
                // A cell without data (a table's missing combination) stays blank.
                guard !slice.isEmpty else {
                    line += String(repeating: " ", count: cellWidth)
                    continue
                }
                let value = slice.reduce(0, +) / Double(slice.count)
                let t = span > 0 ? (value - range.lowerBound) / span : 0.5
                if color {
                    let c = ColorScale.heat(t)
                    line += "\u{1B}[48;2;\(c.red);\(c.green);\(c.blue)m" + String(repeating: " ", count: cellWidth)
                        + "\u{1B}[0m"
                } else {
                    let shade = shades[min(shades.count - 1, Int((t * Double(shades.count - 1)).rounded()))]
                    line += String(repeating: shade, count: cellWidth)
                }
            }
            out.append(line)
        }
        if group > 1 { out.append("(each column averages \(group) tokens)") }
        out.append("scale: \(AxisScale.label(range.lowerBound)) " + (color ? "low→high" : String(shades))
            + " \(AxisScale.label(range.upperBound))")
        return out
    }

    private static func paint(_ text: String, _ c: ColorScale.RGB) -> String {
        "\u{1B}[38;2;\(c.red);\(c.green);\(c.blue)m" + text + "\u{1B}[0m"
    }
}
