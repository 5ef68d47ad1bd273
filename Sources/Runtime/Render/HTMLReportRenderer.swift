/// Writes a `Report` as one self-contained HTML page: inline CSS and SVG, no scripts, no network.
public enum HTMLReportRenderer {
    /// The complete page.
    public static func render(_ report: Report) -> String {
        var body = "<h1>\(escape(report.title))</h1>\n"
        if !report.parameters.isEmpty {
            let items = report.parameters.map { "<code>\(escape($0.name)) = \(escape($0.value))</code>" }
            body += "<p class=\"params\">Parameters: \(items.joined(separator: " "))</p>\n"
        }
        for cell in report.cells { body += render(cell) }
        return """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8">
        <title>\(escape(report.title))</title>
        <style>\(style)</style>
        </head><body>
        \(body)</body></html>

        """
    }

    private static func render(_ cell: Report.Cell) -> String {
        var html = "<section class=\"cell\">\n"
        if !cell.title.isEmpty { html += "<h2>\(escape(cell.title))</h2>\n" }
        html += "<pre class=\"source\">\(escape(cell.source))</pre>\n"
        for output in cell.outputs { html += "<div class=\"output\">\(fragment(output))</div>\n" }
        return html + "</section>\n"
    }

    /// One output as an HTML fragment (a table, inline SVG, a prompt with `mark.levelN` spans),
    /// styled by the page's classes; a notebook kernel wraps it with styles of its own.
    public static func fragment(_ output: Report.Output) -> String {
        switch output {
        case .text(let text):
            return "<pre>\(escape(text))</pre>"
        case .table(let columns, let rows):
            let head = columns.map { "<th>\(escape($0))</th>" }.joined()
            let body = rows.map { row in
                "<tr>" + row.map { "<td>\(escape($0))</td>" }.joined() + "</tr>"
            }.joined(separator: "\n")
            return "<table><thead><tr>\(head)</tr></thead><tbody>\n\(body)\n</tbody></table>"
        case .chart(let chart):
            return SVGChartRenderer.render(chart)
        case .prompt(let segments):
            let spans = segments.map { segment -> String in
                guard let level = segment.level else { return escape(segment.text) }
                let label = level == 0 ? "measured span" : "GUIDE level \(level)"
                return "<mark class=\"level\(level)\" title=\"\(label)\">\(escape(segment.text))</mark>"
            }
            return "<div class=\"prompt\">\(spans.joined())</div>"
        case .tokenHeat(let tokens, let values):
            let high = values.filter(\.isFinite).max() ?? 1
            let low = values.filter(\.isFinite).min() ?? 0
            let pieces = zip(tokens, values).map { token, value -> String in
                let t = high > low ? (value - low) / (high - low) : 0.5
                let c = ColorScale.heat(t)
                let ink = t > 0.6 ? "#000" : "#fff"
                return "<span style=\"background:\(c.hex);color:\(ink)\" title=\"\(AxisScale.label(value))\">"
                    + escape(token) + "</span>"
            }
            return "<div class=\"tokens\">\(pieces.joined())</div>"
        case .error(let message):
            return "<pre class=\"error\">\(escape(message))</pre>"
        }
    }

    /// Escapes text for HTML element content and attribute values.
    static func escape(_ text: String) -> String { SVGBuilder.escape(text) }

    private static let style = """
    body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
    h1{font-size:1.6rem}h2{font-size:1.2rem;margin:0 0 .5rem}
    .cell{border-top:1px solid #ddd;padding:1rem 0}
    pre{white-space:pre-wrap;word-break:break-word;margin:.4rem 0}
    pre.source{background:#f6f8fa;border-left:3px solid #8aa;padding:.5rem .75rem;font-size:.85rem}
    pre.error{color:#b00020}
    .output{margin:.5rem 0;overflow-x:auto}
    table{border-collapse:collapse;font-size:.9rem}
    th,td{border:1px solid #ccc;padding:.25rem .6rem;text-align:left;vertical-align:top}
    th{background:#f0f0f0}
    .prompt,.tokens{white-space:pre-wrap;font-family:ui-monospace,monospace;font-size:.85rem;line-height:1.5;
      background:#fafafa;padding:.5rem;max-height:24rem;overflow-y:auto}
    mark.level1{background:#ffe08a}mark.level2{background:#ffb86b}mark.level3{background:#ff7b7b}
    mark.level0{background:#9fd3ff}
    .params code{background:#eef;padding:0 .3rem;margin-right:.4rem}
    """
}
