import Engine
import Foundation
import GuideLang

/// `influence(…)`'s result: a (layers + 1) × tokens matrix. Fields: `final` (after the
/// last layer), `at(layer)` (one row; −1 is the measured span's indicator), `layers`,
/// `tokens` (each token decoded alone), `values` (every row, layer −1 first), `method`.
public final class InfluenceValue: NativeValue, DataConvertible, HeatmapConvertible, TerminalDisplayable {
    /// The engine's matrix.
    public let matrix: InfluenceMatrix
    /// The prompt's tokens, each decoded alone, one per column.
    public let tokenTexts: [String]

    init(_ matrix: InfluenceMatrix, tokenTexts: [String]) {
        self.matrix = matrix
        self.tokenTexts = tokenTexts
    }

    public var typeName: String { "influence" }
    public var memberNames: [String] { ["final", "at", "layers", "tokens", "values", "method"] }

    public func member(_ name: String) throws -> Value? {
        switch name {
        case "final": return Self.numbers(matrix.final)
        case "layers": return .list(matrix.layers.map { .number(Double($0)) })
        case "tokens": return .list(tokenTexts.map { .string($0) })
        case "values": return .list(matrix.values.map(Self.numbers))
        case "method": return .string(matrix.method.rawValue)
        case "at":
            return .function(Builtin("at", [.required("layer")]) { [matrix] args in
                let layer = try args.int("layer")
                guard matrix.layers.contains(layer) else {
                    throw args.error("layer", "layer \(layer) is outside -1...\(matrix.layers.last ?? -1)")
                }
                return Self.numbers(matrix.values(layer: layer))
            })
        default: return nil
        }
    }

    /// Layers (rows, layer −1 first) by tokens (columns).
    public var heatmap: Chart.Heatmap {
        Chart.Heatmap(rowLabels: matrix.layers.map(String.init), columnLabels: tokenTexts,
                      values: matrix.values.map { $0.map { Double(shortest: $0) } })
    }

    public var heatmapTitle: String { "\(matrix.method.rawValue) by layer and token" }

    /// A summary line (shape and the most influenced tokens), then the matrix as a heatmap.
    public func displayText() -> String { terminalText(colored: false) }

    public func terminalText(colored: Bool) -> String {
        let top = matrix.final.enumerated().sorted { $0.element > $1.element }.prefix(5)
        let listed = top.map { entry -> String in
            let token = entry.offset < tokenTexts.count ? tokenTexts[entry.offset] : "#\(entry.offset)"
            return "\(token.debugDescription) " + String(format: "%.3f", Double(entry.element))
        }
        let summary = "<\(matrix.method.rawValue) \(matrix.values.count) layers × \(matrix.tokenCount) tokens; final top: "
            + listed.joined(separator: ", ") + ">"
        let chart = Chart(xLabel: "token", yLabel: "layer", content: .heatmap(heatmap))
        return summary + "\n" + TextChartRenderer.render(chart, color: colored)
    }

    public var data: DataValue {
        .record(DataRecord([
            ("method", .string(matrix.method.rawValue)),
            ("tokens", .list(tokenTexts.map { .string($0) })),
            ("values", .list(matrix.values.map { .list($0.map { .number(Double(shortest: $0)) }) })),
        ]))
    }

    private static func numbers(_ values: [Float]) -> Value { .list(values.map { .number(Double(shortest: $0)) }) }
}
