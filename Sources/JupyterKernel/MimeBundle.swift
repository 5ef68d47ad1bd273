import Foundation
import GuideLang
import Runtime

/// A displayed value as a Jupyter MIME bundle: always `text/plain` (what the terminal
/// shows); `image/svg+xml` for a chart; `text/html` for tables, prompts with highlighted
/// GUIDE spans and token heat maps; the value as JSON for records (`application/json`) and
/// tables (`application/vnd.guidelang.table+json`, a list of row objects).
///
/// A table's JSON has a type of its own because JupyterLab ranks its `application/json`
/// tree viewer (rank 0) above HTML (rank 50): a bundle holding both shows a JSON tree, not
/// the table. A record has no HTML to hide, so its JSON is `application/json` and JupyterLab
/// shows it as a tree.
///
/// The HTML carries inline styles only: notebook front ends drop `<style>` elements from
/// outputs (JupyterLab's sanitizer does) and right-align table cells unless told otherwise.
enum MimeBundle {
    /// The `data` field of a `display_data` or `execute_result` message for `value`.
    static func data(for value: Value) -> DataRecord {
        var data = DataRecord([("text/plain", .string(value.displayText()))])
        let outputs = ReportOutput.outputs(for: value)
        if outputs.count == 1, case .chart(let chart) = outputs[0] {
            data["image/svg+xml"] = .string(SVGChartRenderer.render(chart))
        } else if outputs.contains(where: { if case .text = $0 { return false } else { return true } }) {
            data["text/html"] = .string(outputs.map(html).joined(separator: "\n"))
        }
        if case .record = value, let json = try? ValueData.data(value) {
            data[jsonType] = json
        } else if value.isTable, let json = try? ValueData.data(value) {
            data[tableJSONType] = json
        }
        return data
    }

    /// The MIME type of a record's JSON.
    static let jsonType = "application/json"
    /// The MIME type of a table's JSON: a list of row objects.
    static let tableJSONType = "application/vnd.guidelang.table+json"

    /// One output as HTML.
    static func html(_ output: Report.Output) -> String {
        switch output {
        case .table(let columns, let rows):
            let cell = "border:1px solid #ccc;padding:.2em .6em;text-align:left;vertical-align:top"
            let head = columns.map { "<th style=\"\(cell);background:#f0f0f0\">\(escape($0))</th>" }.joined()
            let body = rows.map { row in
                "<tr>" + row.map { "<td style=\"\(cell)\">\(escape($0))</td>" }.joined() + "</tr>"
            }.joined(separator: "\n")
            return "<table style=\"border-collapse:collapse\"><thead><tr>\(head)</tr></thead><tbody>\n\(body)\n</tbody></table>"
        case .prompt(let segments):
            let spans = segments.map { segment -> String in
                guard let level = segment.level else { return escape(segment.text) }
                let label = level == 0 ? "measured span" : "GUIDE level \(level)"
                return "<mark style=\"background:\(markColor(level));color:inherit;padding:0\" title=\"\(label)\">"
                    + escape(segment.text) + "</mark>"
            }
            return "<pre style=\"white-space:pre-wrap;line-height:1.5\">\(spans.joined())</pre>"
        default:
            return HTMLReportRenderer.fragment(output)
        }
    }

    /// The report's colours: GUIDE levels 1–3 from yellow to red, a measured span in blue.
    private static func markColor(_ level: Int) -> String {
        switch level {
        case 0: return "#9fd3ff"
        case 1: return "#ffe08a"
        case 2: return "#ffb86b"
        default: return "#ff7b7b"
        }
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
