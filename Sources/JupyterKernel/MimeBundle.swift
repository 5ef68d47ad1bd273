import Foundation
import GuideLang
import Runtime

/// A displayed value as a Jupyter MIME bundle: always `text/plain` (what the terminal
/// shows); `image/svg+xml` for a chart; `text/html` for tables, prompts with highlighted
/// GUIDE spans and token heat maps.
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
        return data
    }

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
