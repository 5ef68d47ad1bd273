import Foundation
import GuideLang

/// A host value that knows how it appears in an HTML report.
public protocol ReportRenderable {
    /// The outputs that show this value in a report.
    var reportOutputs: [Report.Output] { get }
}

/// An output sink that collects a run into a `Report` (each cell's title, source and
/// displayed outputs) while passing every event on to another sink, such as the terminal.
///
/// `guide run FILE --report out.html` puts one in front of the terminal output and
/// writes `HTMLReportRenderer.render(collector.report)` at the end.
public final class ReportCollector: OutputSink {
    /// The report so far.
    public private(set) var report: Report
    private let next: OutputSink?
    private let sourceLines: [Substring]

    /// - Parameters:
    ///   - source: the script's text; a cell's source runs from its start to the next `%%` line.
    ///   - parameters: the script's parameter values as displayed.
    ///   - next: the sink that still receives every event.
    public init(title: String, source: String, parameters: [(name: String, value: String)] = [],
                next: OutputSink?) {
        report = Report(title: title, parameters: parameters)
        self.next = next
        sourceLines = source.split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// The source of the cell that starts on 1-based `line`: its lines up to the next `%%`
    /// line, without the cell's own `%%` line and surrounding blank lines.
    func cellSource(startingAt line: Int) -> String {
        var index = max(0, line - 1)
        if index < sourceLines.count, sourceLines[index].hasPrefix("%%") { index += 1 }
        var body: [Substring] = []
        while index < sourceLines.count, !sourceLines[index].hasPrefix("%%") {
            body.append(sourceLines[index])
            index += 1
        }
        return body.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Adds an error message to the current cell (or a cell of its own).
    public func error(_ message: String) {
        if report.cells.isEmpty { report.cells.append(Report.Cell(title: "", source: "")) }
        report.cells[report.cells.count - 1].outputs.append(.error(message))
    }

    public func beginCell(_ cell: CellInfo) {
        report.cells.append(Report.Cell(title: cell.title ?? "", source: cellSource(startingAt: cell.location.line)))
        next?.beginCell(cell)
    }

    public func display(_ value: Value, reason: DisplayReason) {
        append(Self.outputs(for: value))
        next?.display(value, reason: reason)
    }

    public func print(_ text: String) {
        append([.text(text)])
        next?.print(text)
    }

    public func endCell(_ cell: CellInfo) { next?.endCell(cell) }

    private func append(_ outputs: [Report.Output]) {
        if report.cells.isEmpty { report.cells.append(Report.Cell(title: "", source: "")) }
        report.cells[report.cells.count - 1].outputs += outputs
    }

    /// How a value appears in a report: tables as tables, host values as they choose,
    /// everything else as its plain display.
    public static func outputs(for value: Value) -> [Report.Output] {
        switch value {
        case .native(let native as ReportRenderable): return native.reportOutputs
        case .list(let items) where value.isTable:
            let records = items.compactMap { item -> Record? in
                if case .record(let r) = item { return r }
                return nil
            }
            var columns: [String] = []
            for record in records { for key in record.keys where !columns.contains(key) { columns.append(key) } }
            let rows = records.map { record in columns.map { record[$0].map(cellText) ?? "" } }
            return [.table(columns: columns, rows: rows)]
        default:
            return [.text(value.displayText())]
        }
    }

    private static func cellText(_ value: Value) -> String {
        if case .string(let s) = value { return s }
        return value.inlineText()
    }
}
