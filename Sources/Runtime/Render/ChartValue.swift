import GuideLang

/// A chart as a GuideLang value: displays as a terminal chart, saves as SVG.
public final class ChartValue: NativeValue {
    /// The chart this value draws.
    public let chart: Chart

    public init(_ chart: Chart) { self.chart = chart }

    public var typeName: String { "chart" }
    public var memberNames: [String] { ["title", "svg"] }

    public func member(_ name: String) throws -> Value? {
        switch name {
        case "title": return .string(chart.title)
        case "svg": return .string(SVGChartRenderer.render(chart))
        default: return nil
        }
    }

    /// The chart in Unicode blocks, without colour (a terminal sink may add colour).
    public func displayText() -> String { TextChartRenderer.render(chart) }
}

extension ChartValue: TerminalDisplayable {
    public func terminalText(colored: Bool) -> String { TextChartRenderer.render(chart, color: colored) }
}

/// A host value that can be drawn as a heatmap (an influence matrix, an attention map).
public protocol HeatmapConvertible {
    /// The matrix with its row and column labels.
    var heatmap: Chart.Heatmap { get }
    /// A title for the chart when the script gives none.
    var heatmapTitle: String { get }
}
