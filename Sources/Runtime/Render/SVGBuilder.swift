import Foundation

/// Accumulates SVG elements; coordinates in user units, text escaped for XML.
struct SVGBuilder {
    let width: Double
    let height: Double
    private var elements: [String] = []

    init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    /// The finished document, with a white background and a sans-serif default font.
    func document() -> String {
        """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(n(width))" height="\(n(height))" \
        viewBox="0 0 \(n(width)) \(n(height))" font-family="DejaVu Sans, Helvetica, Arial, sans-serif">
        <rect width="100%" height="100%" fill="#ffffff"/>
        \(elements.joined(separator: "\n"))
        </svg>
        """
    }

    /// A line; `width` is the stroke width (1 by default) and `className` tags it for styling and tests.
    mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, width: Double? = nil,
                       className: String? = nil) {
        let widthAttribute = width.map { " stroke-width=\"\(n($0))\"" } ?? ""
        elements.append("<line\(classAttribute(className)) x1=\"\(n(x1))\" y1=\"\(n(y1))\" x2=\"\(n(x2))\" "
            + "y2=\"\(n(y2))\" stroke=\"\(stroke)\"\(widthAttribute)/>")
    }

    /// A filled closed shape through `points`, at `opacity` (0…1), without outline.
    mutating func polygon(_ points: [(Double, Double)], fill: String, opacity: Double, className: String? = nil) {
        let list = points.map { "\(n($0.0)),\(n($0.1))" }.joined(separator: " ")
        elements.append("<polygon\(classAttribute(className)) points=\"\(list)\" fill=\"\(fill)\" "
            + "fill-opacity=\"\(String(format: "%.2f", opacity))\" stroke=\"none\"/>")
    }

    /// Starts a group whose drawing is clipped to a rectangle (the plot area of an axis with
    /// fixed limits); `endGroup` ends it.
    mutating func beginClippedGroup(id: String, x: Double, y: Double, width: Double, height: Double) {
        elements.append("<clipPath id=\"\(SVGBuilder.escape(id))\"><rect x=\"\(n(x))\" y=\"\(n(y))\" "
            + "width=\"\(n(width))\" height=\"\(n(height))\"/></clipPath>")
        elements.append("<g clip-path=\"url(#\(SVGBuilder.escape(id)))\">")
    }

    /// Ends the group `beginClippedGroup` started.
    mutating func endGroup() {
        elements.append("</g>")
    }

    mutating func polyline(_ points: [(Double, Double)], stroke: String) {
        let list = points.map { "\(n($0.0)),\(n($0.1))" }.joined(separator: " ")
        elements.append("<polyline points=\"\(list)\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"2\"/>")
    }

    mutating func circle(x: Double, y: Double, radius: Double, fill: String) {
        elements.append("<circle cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"\(n(radius))\" fill=\"\(fill)\"/>")
    }

    mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: String, title: String?) {
        let body = title.map { "><title>\(SVGBuilder.escape($0))</title></rect>" } ?? "/>"
        elements.append("<rect x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(width))\" height=\"\(n(height))\" fill=\"\(fill)\" shape-rendering=\"crispEdges\"\(body)")
    }

    mutating func text(_ content: String, x: Double, y: Double, size: Double, anchor: String,
                       weight: String = "normal", rotate: Double = 0, fill: String = "#222") {
        guard !content.isEmpty else { return }
        let transform = rotate == 0 ? "" : " transform=\"rotate(\(n(rotate)) \(n(x)) \(n(y)))\""
        elements.append("<text x=\"\(n(x))\" y=\"\(n(y))\" font-size=\"\(n(size))\" text-anchor=\"\(anchor)\" "
            + "font-weight=\"\(weight)\" fill=\"\(fill)\"\(transform)>\(SVGBuilder.escape(content))</text>")
    }

    /// Escapes the five XML special characters.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for ch in text {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }

    private func classAttribute(_ name: String?) -> String {
        name.map { " class=\"\(SVGBuilder.escape($0))\"" } ?? ""
    }

    private func n(_ value: Double) -> String {
        String(format: "%.1f", value)
    }
}
