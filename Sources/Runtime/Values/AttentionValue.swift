import Engine
import Foundation
import GuideLang

/// `attention(…)`'s result: one layer's attention over a prompt, queries by keys. Fields:
/// `values` (one row per query token; row i has i + 1 entries, the keys it can see),
/// `tokens` (each token decoded alone), `layer`, `head` (nil for the head average),
/// `span` (per query token, the attention on the measured span's keys — the `<?->` spans,
/// else the GUIDE spans; nil when the prompt marks none).
public final class AttentionValue: NativeValue, DataConvertible, HeatmapConvertible, TerminalDisplayable {
    /// The engine's result.
    public let result: LanguageModel.AttentionResult
    /// The prompt's tokens, each decoded alone.
    public let tokenTexts: [String]

    init(_ result: LanguageModel.AttentionResult, tokenTexts: [String]) {
        self.result = result
        self.tokenTexts = tokenTexts
    }

    public var typeName: String { "attention" }
    public var memberNames: [String] { ["values", "tokens", "layer", "head", "span"] }

    public func member(_ name: String) throws -> Value? {
        switch name {
        case "values": return .list(causalRows.map(Self.numbers))
        case "tokens": return .list(tokenTexts.map { .string($0) })
        case "layer": return .number(Double(result.layer))
        case "head": return result.head.map { .number(Double($0)) } ?? .nil
        case "span": return spanAttention.map(Self.numbers) ?? .nil
        default: return nil
        }
    }

    /// Row i cut to the keys 0…i that query i can see.
    private var causalRows: [[Float]] {
        result.rows.enumerated().map { i, row in Array(row.prefix(i + 1)) }
    }

    /// Per query, the summed attention on the keys of the measured spans (the `<?->` spans,
    /// else every GUIDE span), or nil when the prompt marks no span.
    private var spanAttention: [Float]? {
        let spans = result.prompt.spans
        guard !spans.isEmpty else { return nil }
        let measured = spans.contains { $0.level == .measured }
        let keys = spans.filter { ($0.level == .measured) == measured }.flatMap { Array($0.tokens) }
        return result.rows.map { row in keys.reduce(0) { $1 < row.count ? $0 + row[$1] : $0 } }
    }

    private var title: String {
        "attention of layer \(result.layer), " + (result.head.map { "head \($0)" } ?? "mean of heads")
    }

    /// Query tokens (rows) by key tokens (columns); keys a query cannot see are left blank.
    public var heatmap: Chart.Heatmap {
        let labels = tokenTexts.map(SpanDisplay.visible)
        return Chart.Heatmap(rowLabels: labels, columnLabels: labels,
                             values: result.rows.enumerated().map { i, row in
                                 row.enumerated().map { j, p in j <= i ? Double(p) : .nan }
                             })
    }

    public var heatmapTitle: String { title }

    /// The map as a terminal heatmap under its title.
    public func displayText() -> String { terminalText(colored: false) }

    /// Long prompts show runs of query rows averaged, at most `shownRows` rows.
    public func terminalText(colored: Bool) -> String {
        let chart = Chart(xLabel: "key token", yLabel: "query token",
                          content: .heatmap(Self.rowsAveraged(heatmap, toAtMost: Self.shownRows)))
        return "<\(title): \(result.rows.count) × \(result.rows.count) tokens>\n"
            + TextChartRenderer.render(chart, color: colored)
    }

    static let shownRows = 32

    /// At most `limit` rows: longer maps average runs of adjacent rows (their finite
    /// entries), labelled by the run's first row.
    static func rowsAveraged(_ map: Chart.Heatmap, toAtMost limit: Int) -> Chart.Heatmap {
        guard map.values.count > limit else { return map }
        let group = (map.values.count + limit - 1) / limit
        let starts = Array(stride(from: 0, to: map.values.count, by: group))
        let width = map.values.map(\.count).max() ?? 0
        let rows = starts.map { start in
            (0..<width).map { column -> Double in
                let cells = map.values[start..<min(start + group, map.values.count)]
                    .compactMap { column < $0.count ? $0[column] : nil }.filter(\.isFinite)
                return cells.isEmpty ? .nan : cells.reduce(0, +) / Double(cells.count)
            }
        }
        return Chart.Heatmap(rowLabels: starts.map { map.rowLabels[$0] }, columnLabels: map.columnLabels, values: rows)
    }

    public var data: DataValue {
        .record(DataRecord([
            ("layer", .number(Double(result.layer))),
            ("head", result.head.map { .number(Double($0)) } ?? .null),
            ("tokens", .list(tokenTexts.map { .string($0) })),
            ("values", .list(causalRows.map { .list($0.map { .number(Double(shortest: $0)) }) })),
        ]))
    }

    private static func numbers(_ values: [Float]) -> Value { .list(values.map { .number(Double(shortest: $0)) }) }
}
