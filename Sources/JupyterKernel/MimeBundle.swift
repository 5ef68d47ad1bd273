import GuideLang
import Runtime

/// A displayed value as a Jupyter MIME bundle: always `text/plain` (what the terminal
/// shows); `image/svg+xml` for a chart; `text/html` for tables, prompts with highlighted
/// GUIDE spans and token heat maps (the same fragments as `guide run --report`).
enum MimeBundle {
    /// The `data` field of a `display_data` or `execute_result` message for `value`.
    static func data(for value: Value) -> DataRecord {
        var data = DataRecord([("text/plain", .string(value.displayText()))])
        let outputs = ReportOutput.outputs(for: value)
        if outputs.count == 1, case .chart(let chart) = outputs[0] {
            data["image/svg+xml"] = .string(SVGChartRenderer.render(chart))
        } else if outputs.contains(where: { if case .text = $0 { return false } else { return true } }) {
            data["text/html"] = .string(html(outputs))
        }
        return data
    }

    /// The outputs as one HTML fragment with its own styles, scoped to `.guide-output` so
    /// they do not leak into the notebook page.
    static func html(_ outputs: [Report.Output]) -> String {
        "<div class=\"guide-output\"><style>\(style)</style>"
            + outputs.map(HTMLReportRenderer.fragment).joined(separator: "\n") + "</div>"
    }

    private static let style = """
    .guide-output table{border-collapse:collapse;font-size:.9em}
    .guide-output th,.guide-output td{border:1px solid #ccc;padding:.2em .6em;text-align:left;vertical-align:top}
    .guide-output th{background:#f0f0f0}
    .guide-output .prompt,.guide-output .tokens{white-space:pre-wrap;font-family:monospace;line-height:1.5}
    .guide-output mark.level1{background:#ffe08a}.guide-output mark.level2{background:#ffb86b}
    .guide-output mark.level3{background:#ff7b7b}.guide-output mark.level0{background:#9fd3ff}
    .guide-output mark{color:inherit;padding:0}
    """
}
