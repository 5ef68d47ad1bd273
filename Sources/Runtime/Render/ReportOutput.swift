import Foundation
import GuideLang

/// A host value that knows how it looks in a report (prompts with spans, influence maps).
public protocol ReportRenderable {
    /// The outputs that stand for this value in an HTML report.
    var reportOutputs: [Report.Output] { get }
}

/// An output sink that collects a run into a `Report`: each cell's title, source and outputs.
public final class ReportOutput: OutputSink {
    /// The report so far; cells appear as they begin.
    public private(set) var report: Report
    private let lines: [Substring]

    /// Collects a run of the file whose text is `source` under the page title `title`.
    public init(title: String, source: String) {
        report = Report(title: title)
        lines = source.split(separator: "\n", omittingEmptySubsequences: false)
    }

    public func beginCell(_ cell: CellInfo) {
        report.cells.append(Report.Cell(title: cell.title ?? "", source: cellSource(startingAt: cell.location.line)))
    }

    public func display(_ value: Value, reason: DisplayReason) { append(ReportOutput.outputs(for: value)) }

    public func print(_ text: String) { append([.text(text)]) }

    public func endCell(_ cell: CellInfo) {}

    /// Adds an error message to the current cell (or to a cell of its own before any cell).
    public func error(_ message: String) { append([.error(message)]) }

    /// Records the parameter values the run used, in declaration order.
    public func setParameters(_ parameters: [(name: String, value: Value)]) {
        report.parameters = parameters.map { ($0.name, $0.value.displayText()) }
    }

    /// How a value appears in a report.
    public static func outputs(for value: Value) -> [Report.Output] {
        if case .native(let native) = value {
            if let chart = native as? ChartValue { return [.chart(chart.chart)] }
            if let note = (native as? GenerationValue)?.seedNote { return [.text(value.displayText()), .text(note)] }
            if let renderable = native as? ReportRenderable { return renderable.reportOutputs }
            if let source = native as? HeatmapConvertible {
                return [.chart(Chart(title: source.heatmapTitle, xLabel: "token", yLabel: "layer",
                                     content: .heatmap(source.heatmap)))]
            }
        }
        if value.isTable, case .list(let rows) = value { return [table(rows.array)] }
        return [.text(value.displayText())]
    }

    private static func table(_ rows: [Value]) -> Report.Output {
        var columns: [String] = []
        for case .record(let record) in rows {
            for key in record.keys where !columns.contains(key) { columns.append(key) }
        }
        let cells = rows.map { row -> [String] in
            guard case .record(let record) = row else { return [] }
            return columns.map { key in
                guard let value = record[key] else { return "" }
                if case .string(let text) = value { return text }
                // Numbers as the terminal's tables show them (6 significant digits, integers whole).
                if case .number(let n) = value, let digits = DisplayOptions.standard.tableSignificantDigits {
                    return Value.format(n, significantDigits: digits)
                }
                return value.inlineText()
            }
        }
        return .table(columns: columns, rows: cells)
    }

    private func append(_ outputs: [Report.Output]) {
        if report.cells.isEmpty { report.cells.append(Report.Cell(title: "", source: "")) }
        report.cells[report.cells.count - 1].outputs += outputs
    }

    /// The cell's lines: from `line` (1-based; its `%%` line excluded) to the next `%%` line.
    private func cellSource(startingAt line: Int) -> String {
        var start = max(line - 1, 0)
        if start < lines.count, lines[start].hasPrefix("%%") { start += 1 }
        var end = start
        while end < lines.count, !lines[end].hasPrefix("%%") { end += 1 }
        guard start < end else { return "" }
        return lines[start..<end].joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
