import Foundation
import GuideLang

/// `plot`, `bar`, `heatmap` and `save`: charts from tables and matrices (§7).
public enum ChartBuiltins {
    /// Registers the chart builtins.
    public static func install(into interpreter: Interpreter) {
        interpreter.register(Builtin("plot", [
            .required("table"), .required("x"), .required("y"), .optional("by"),
            .optional("title", .string("")), .optional("x_label"), .optional("y_label"),
        ], plot))
        interpreter.register(Builtin("bar", [
            .required("data"), .optional("x"), .optional("y"), .optional("title", .string("")),
        ], bar))
        interpreter.register(Builtin("heatmap", [
            .required("matrix"), .optional("rows"), .optional("columns"), .optional("window"), .optional("title"),
        ], heatmap))
        interpreter.register(Builtin("save", [.required("chart"), .required("path")], save))
    }

    /// One line per `by:` group; rows sharing an x within a group are averaged.
    private static func plot(_ args: Arguments) throws -> Value {
        let rows = try records(args, "table")
        var groups: [String: [(x: Double, y: Double)]] = [:]
        var order: [String] = []
        for row in rows {
            let x = try number(args, field: "x", of: row)
            let y = try number(args, field: "y", of: row)
            let group = args.isNil("by") ? "" : try apply(args, "by", to: row).displayText()
            if groups[group] == nil { order.append(group) }
            groups[group, default: []].append((x, y))
        }
        let series = order.map { name -> Chart.Series in
            let byX = Dictionary(grouping: groups[name] ?? [], by: \.x)
            let points = byX.keys.sorted().map { x -> Chart.Point in
                let ys = byX[x]?.map(\.y) ?? []
                return Chart.Point(x: x, y: ys.reduce(0, +) / Double(max(ys.count, 1)))
            }
            return Chart.Series(name: name, points: points)
        }
        return .native(ChartValue(Chart(
            title: try args.string("title"),
            xLabel: args.isNil("x_label") ? axisName(args["x"]) : try args.string("x_label"),
            yLabel: args.isNil("y_label") ? axisName(args["y"]) : try args.string("y_label"),
            content: .lines(series))))
    }

    /// Bars from a record (`{a: 1, b: 2}`), a list of numbers, or a table with `x:` and `y:`.
    private static func bar(_ args: Arguments) throws -> Value {
        var bars: [Chart.Bar] = []
        switch args["data"] {
        case .record(let record):
            for (key, value) in record.fields {
                guard let n = numeric(value) else { throw args.error("data", "field '\(key)' is not a number") }
                bars.append(.init(label: key, value: n))
            }
        case .list(let items) where !items.isEmpty && items.allSatisfy({ numeric($0) != nil }):
            bars = items.enumerated().map { .init(label: String($0.offset), value: numeric($0.element) ?? 0) }
        default:
            guard !args.isNil("x"), !args.isNil("y") else {
                throw args.error("data", "expected a record of numbers, a list of numbers, or a table with x: and y:")
            }
            for row in try records(args, "data") {
                bars.append(.init(label: try apply(args, "x", to: row).displayText(),
                                  value: try number(args, field: "y", of: row)))
            }
        }
        return .native(ChartValue(Chart(title: try args.string("title"), content: .bars(bars))))
    }

    /// A heatmap of a list of number lists, or of a value that knows its matrix (influence);
    /// `window:` keeps a range of columns (e.g. the first 64 tokens of a long prompt).
    private static func heatmap(_ args: Arguments) throws -> Value {
        var map: Chart.Heatmap
        var title = ""
        var axes = (x: "", y: "")
        if case .native(let native) = args["matrix"], let source = native as? HeatmapConvertible {
            map = source.heatmap
            title = source.heatmapTitle
            axes = ("token", "layer")
        } else {
            let rows = try args.list("matrix")
            let values = try rows.enumerated().map { index, row -> [Double] in
                guard case .list(let cells) = row else {
                    throw args.error("matrix", "row \(index) is a \(row.typeName), expected a list of numbers")
                }
                return try cells.map { cell in
                    guard let n = numeric(cell) else { throw args.error("matrix", "row \(index) holds a \(cell.typeName)") }
                    return n
                }
            }
            let width = values.map(\.count).max() ?? 0
            map = Chart.Heatmap(rowLabels: values.indices.map(String.init),
                                columnLabels: (0..<width).map(String.init), values: values)
        }
        if !args.isNil("rows") { map.rowLabels = try args.list("rows").map { $0.displayText() } }
        if !args.isNil("columns") { map.columnLabels = try args.list("columns").map { $0.displayText() } }
        if case .range(let window) = args["window"] {
            map = map.columns(window.lower..<window.upper)
        } else if !args.isNil("window") {
            throw args.error("window", "expected a range of columns such as 0..<64, got \(args["window"].typeName)")
        }
        if !args.isNil("title") { title = try args.string("title") }
        return .native(ChartValue(Chart(title: title, xLabel: axes.x, yLabel: axes.y, content: .heatmap(map))))
    }

    /// Writes a chart as SVG (`.svg`) or as terminal text (any other extension); returns the path.
    private static func save(_ args: Arguments) throws -> Value {
        let chart = try args.native("chart", as: ChartValue.self, named: "chart").chart
        let path = try args.string("path")
        let text = path.lowercased().hasSuffix(".svg") ? SVGChartRenderer.render(chart)
            : TextChartRenderer.render(chart) + "\n"
        do {
            let url = URL(fileURLWithPath: path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(),
                                                    withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        } catch {
            throw args.error("path", "cannot write '\(path)': \(error.localizedDescription)")
        }
        return .string(path)
    }

    private static func records(_ args: Arguments, _ key: ArgumentKey) throws -> [Record] {
        try args.list(key).enumerated().map { index, item in
            guard case .record(let record) = item else {
                throw args.error(key, "row \(index) is a \(item.typeName), expected a table (a list of records)")
            }
            return record
        }
    }

    private static func apply(_ args: Arguments, _ key: ArgumentKey, to row: Record) throws -> Value {
        let selector = args[key]
        if case .keyPath(let field) = selector {
            guard let value = row[field] else { throw args.error(key, "a row has no field '\(field)'") }
            return value
        }
        return try args.interpreter.call(selector, [.record(row)], named: [])
    }

    private static func number(_ args: Arguments, field key: String, of row: Record) throws -> Double {
        let value = try apply(args, ArgumentKey.name(key), to: row)
        guard let n = numeric(value) else {
            throw args.error(ArgumentKey.name(key), "expected numbers (or bools), got \(value.typeName)")
        }
        return n
    }

    /// Numbers as they are; bools as 1 and 0, so a rate plots directly.
    private static func numeric(_ value: Value) -> Double? {
        switch value {
        case .number(let n): return n
        case .bool(let b): return b ? 1 : 0
        default: return nil
        }
    }

    private static func axisName(_ selector: Value) -> String {
        if case .keyPath(let field) = selector { return field }
        return ""
    }
}
