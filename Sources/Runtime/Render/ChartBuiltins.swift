import Foundation
import GuideLang

/// `plot`, `bar`, `heatmap` and `save`: charts from tables and matrices (§7).
public enum ChartBuiltins {
    /// Registers the chart builtins.
    public static func install(into interpreter: Interpreter) {
        interpreter.register(Builtin("plot", [
            .required("table"), .required("x"), .required("y"), .optional("by"),
            .optional("title", .string("")), .optional("x_label"), .optional("y_label"),
            .optional("lo"), .optional("hi"), .optional("average", true), .optional("ci", .string("bars")),
            .optional("series"), .optional("y_min"), .optional("y_max"),
        ], plot))
        interpreter.register(Builtin("bar", [
            .required("data"), .optional("x"), .optional("y"), .optional("title", .string("")),
            .optional("lo"), .optional("hi"), .optional("x_label"), .optional("y_label"),
            .optional("y_min"), .optional("y_max"),
        ], bar))
        interpreter.register(Builtin("heatmap", [
            .required("matrix"), .optional("rows"), .optional("columns"), .optional("window"), .optional("title"),
            .optional("x"), .optional("y"), .optional("value"),
        ], heatmap))
        interpreter.register(Builtin("save", [.required("chart"), .required("path")], save))
    }

    /// One line per `by:` group (also spelled `series:`). Rows sharing an x within a group are averaged unless
    /// `average: false`, which draws the rows in table order (an ROC curve's steps).
    /// Intervals come from `lo:` and `hi:`, from a `y:` that gives interval records, or with
    /// `ci: true` from the rows themselves (the 95 % CI of the mean at each x).
    private static func plot(_ args: Arguments) throws -> Value {
        let rows = try records(args, "table")
        guard args.isNil("by") || args.isNil("series") else {
            throw args.error("series", "series: is another name for by:; give one of them")
        }
        let seriesKey: ArgumentKey = args.isNil("series") ? "by" : "series"
        let average = try args.bool("average")
        let intervals = try intervalChoice(args)
        if intervals == .computed {
            guard average else {
                throw args.error("ci", "ci: true summarises the rows at each x; it needs average: true")
            }
            guard args.isNil("lo"), args.isNil("hi") else {
                throw args.error("ci", "ci: true computes the intervals from the rows; leave out lo: and hi:")
            }
        }
        var groups: [String: [Chart.Point]] = [:]
        var samples: [String: [Double: [Value]]] = [:]
        var order: [String] = []
        for (index, row) in rows.enumerated() {
            let x = try number(args, field: "x", of: row)
            let group = args.isNil(seriesKey) ? "" : try apply(args, seriesKey, to: row).displayText()
            if intervals == .computed {
                let value = try apply(args, "y", to: row)
                if value.isNil { continue }
                guard numeric(value) != nil else {
                    throw args.error("y", "ci: true needs numbers or bools to summarise; row \(index) gives \(value.typeName)")
                }
                if samples[group] == nil { order.append(group) }
                samples[group, default: [:]][x, default: []].append(value)
                continue
            }
            guard var estimate = try estimate(args, row: row, index: index) else { continue }
            if intervals == .hidden { estimate.lo = nil; estimate.hi = nil }
            if groups[group] == nil { order.append(group) }
            groups[group, default: []].append(Chart.Point(x: x, y: estimate.y, lo: estimate.lo, hi: estimate.hi))
        }
        let series = try order.map { name -> Chart.Series in
            if intervals == .computed {
                return Chart.Series(name: name, points: meanIntervals(samples[name] ?? [:]))
            }
            let points = groups[name] ?? []
            return Chart.Series(name: name, points: average ? try averagedByX(points, series: name, args) : points)
        }
        let limits = try yLimits(args)
        return .native(ChartValue(Chart(
            title: try args.string("title"),
            xLabel: args.isNil("x_label") ? axisName(args["x"]) : try args.string("x_label"),
            yLabel: args.isNil("y_label") ? axisName(args["y"]) : try args.string("y_label"),
            content: .lines(series), intervalStyle: intervals == .band ? .band : .errorBars,
            legendTitle: axisName(args[seriesKey]), yMin: limits.min, yMax: limits.max)))
    }

    /// One point per x in ascending order: the mean of the values at that x with its 95 %
    /// interval — Wilson's for a share of bools, Student's t for numbers (`proportion` and
    /// `mean_ci` give the same). A single number has no interval.
    private static func meanIntervals(_ byX: [Double: [Value]]) -> [Chart.Point] {
        byX.keys.sorted().map { x -> Chart.Point in
            let values = byX[x] ?? []
            let bools = values.compactMap { value -> Bool? in if case .bool(let b) = value { return b } else { return nil } }
            if bools.count == values.count {
                let share = Intervals.wilson(successes: bools.filter { $0 }.count, trials: bools.count)
                return Chart.Point(x: x, y: share.p ?? 0, lo: share.lo, hi: share.hi)
            }
            let mean = Intervals.tInterval(values.compactMap(numeric))
            return Chart.Point(x: x, y: mean.mean ?? 0, lo: mean.lo, hi: mean.hi)
        }
    }

    /// What `ci:` asks for: `true` computes intervals from the rows, `false` draws none,
    /// `"bars"` and `"band"` say how intervals the rows give are drawn.
    private enum IntervalChoice {
        case computed, hidden, bars, band
    }

    private static func intervalChoice(_ args: Arguments) throws -> IntervalChoice {
        switch args["ci"] {
        case .bool(let computed): return computed ? .computed : .hidden
        case .string("bars"): return .bars
        case .string("band"): return .band
        case .string(let name): throw args.error("ci", "expected true, false, \"bars\" or \"band\", got \"\(name)\"")
        default: throw args.error("ci", "expected true, false, \"bars\" or \"band\", got \(args["ci"].typeName)")
        }
    }

    /// The `y_min:` and `y_max:` arguments: fixed ends of the y axis, nil for none.
    private static func yLimits(_ args: Arguments) throws -> (min: Double?, max: Double?) {
        func limit(_ key: ArgumentKey) throws -> Double? {
            if args.isNil(key) { return nil }
            let n = try args.number(key)
            guard n.isFinite else { throw args.error(key, "expected a finite number, got \(Value.format(n))") }
            return n
        }
        let low = try limit("y_min"), high = try limit("y_max")
        if let low, let high, low >= high {
            throw args.error("y_max", "y_max (\(Value.format(high))) must be above y_min (\(Value.format(low)))")
        }
        return (low, high)
    }

    /// One point per distinct x, in ascending x, its y the mean of the rows at that x.
    /// Intervals are not averaged: two rows with intervals at one x are an error.
    private static func averagedByX(_ points: [Chart.Point], series: String, _ args: Arguments) throws -> [Chart.Point] {
        let byX = Dictionary(grouping: points, by: \.x)
        return try byX.keys.sorted().map { x -> Chart.Point in
            let shared = byX[x] ?? []
            if shared.count == 1, let only = shared.first { return only }
            if shared.contains(where: { $0.lo != nil || $0.hi != nil }) {
                let within = series.isEmpty ? "" : " of series '\(series)'"
                throw args.error("y", "\(shared.count) rows\(within) with intervals share x = \(AxisScale.label(x)); "
                    + "intervals cannot be averaged: summarise per x first, or pass average: false")
            }
            return Chart.Point(x: x, y: shared.map(\.y).reduce(0, +) / Double(shared.count))
        }
    }

    /// Bars from a record (`{a: 1, b: 2}`), a list of numbers, or a table with `x:` and `y:`;
    /// a value may be an interval record, and a table may give `lo:` and `hi:`.
    private static func bar(_ args: Arguments) throws -> Value {
        var bars: [Chart.Bar] = []
        switch args["data"] {
        case .record(let record):
            for (key, value) in record.fields {
                guard let estimate = try estimate(of: value, args, "data",
                                                  what: "field '\(key)' is a \(value.typeName), not a number") else { continue }
                bars.append(.init(label: key, value: estimate.y, lo: estimate.lo, hi: estimate.hi))
            }
        case .list(let items) where !items.isEmpty && items.allSatisfy({ numeric($0) != nil }):
            bars = items.enumerated().map { .init(label: String($0.offset), value: numeric($0.element) ?? 0) }
        default:
            guard !args.isNil("x"), !args.isNil("y") else {
                throw args.error("data", "expected a record of numbers, a list of numbers, or a table with x: and y:")
            }
            for (index, row) in try records(args, "data").enumerated() {
                guard let estimate = try estimate(args, row: row, index: index) else { continue }
                bars.append(.init(label: try apply(args, "x", to: row).displayText(), value: estimate.y,
                                  lo: estimate.lo, hi: estimate.hi))
            }
        }
        let limits = try yLimits(args)
        return .native(ChartValue(Chart(
            title: try args.string("title"),
            xLabel: args.isNil("x_label") ? axisName(args["x"]) : try args.string("x_label"),
            yLabel: args.isNil("y_label") ? axisName(args["y"]) : try args.string("y_label"),
            content: .bars(bars), yMin: limits.min, yMax: limits.max)))
    }

    /// A value to draw and its optional interval.
    private struct Estimate {
        var y: Double
        var lo: Double?
        var hi: Double?
    }

    /// The fields an interval record's estimate may have, in the order they are looked for.
    private static let estimateFields = ["p", "mean", "auc"]

    /// The `y:` of a row with its interval: from `lo:`/`hi:` when given, else from the interval
    /// record `y:` gives; nil when that record's estimate is nil (e.g. an AUC of one class).
    private static func estimate(_ args: Arguments, row: Record, index: Int) throws -> Estimate? {
        let value = try apply(args, "y", to: row)
        guard var estimate = try estimate(of: value, args, "y",
                                          what: "expected numbers (or bools), got \(value.typeName)") else { return nil }
        guard args.isNil("lo") == args.isNil("hi") else {
            throw args.error(args.isNil("lo") ? "hi" : "lo", "give both lo: and hi:, or neither")
        }
        if !args.isNil("lo") {
            estimate.lo = try bound(args, "lo", of: row)
            estimate.hi = try bound(args, "hi", of: row)
        }
        if let lo = estimate.lo, let hi = estimate.hi, lo > hi {
            throw args.error("lo", "row \(index) has lo \(AxisScale.label(lo)) above hi \(AxisScale.label(hi))")
        }
        return estimate
    }

    /// A number (or bool) as is, or an interval record (`{p | mean | auc, lo, hi, …}`, as
    /// `proportion`, `mean_ci` and `roc_auc` give) as its estimate and bounds.
    private static func estimate(of value: Value, _ args: Arguments, _ key: ArgumentKey,
                                 what: @autoclosure () -> String) throws -> Estimate? {
        if let n = numeric(value) { return Estimate(y: n) }
        guard case .record(let record) = value else { throw args.error(key, what()) }
        guard let field = estimateFields.first(where: { record[$0] != nil }),
              let lo = record["lo"], let hi = record["hi"] else {
            throw args.error(key, "a record to plot needs p, mean or auc with lo and hi "
                + "(as proportion, mean_ci and roc_auc give); got {\(record.keys.joined(separator: ", "))}")
        }
        guard let y = record[field].flatMap(numeric) else { return nil }
        return Estimate(y: y, lo: numeric(lo), hi: numeric(hi))
    }

    /// A row's `lo:` or `hi:` bound; nil when the row has none (no error bar there).
    private static func bound(_ args: Arguments, _ key: String, of row: Record) throws -> Double? {
        let value = try apply(args, ArgumentKey.name(key), to: row)
        if value.isNil { return nil }
        guard let n = numeric(value) else {
            throw args.error(ArgumentKey.name(key), "expected numbers or nil, got \(value.typeName)")
        }
        return n
    }

    /// A heatmap of a list of number lists, of a value that knows its matrix (influence), or of
    /// a table with `x:`, `y:` and `value:` (see `pivot`); `window:` keeps a range of columns
    /// (e.g. the first 64 tokens of a long prompt).
    private static func heatmap(_ args: Arguments) throws -> Value {
        var map: Chart.Heatmap
        var title = ""
        var axes = (x: "", y: "")
        if case .native(let native) = args["matrix"], let source = native as? HeatmapConvertible {
            map = source.heatmap
            title = source.heatmapTitle
            axes = ("token", "layer")
        } else if args["matrix"].isTable {
            map = try pivot(args)
            axes = (axisName(args["x"]), axisName(args["y"]))
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

    /// A table as a matrix: one column per distinct `x:`, one row per distinct `y:` (numbers in
    /// ascending order, other keys in order of first appearance), each cell the mean of the
    /// rows' `value:` (bools as 1 and 0, so raw outcomes give a rate; nil values skipped).
    /// A cell no row reaches is NaN, drawn empty.
    private static func pivot(_ args: Arguments) throws -> Chart.Heatmap {
        guard !args.isNil("x"), !args.isNil("y"), !args.isNil("value") else {
            throw args.error("matrix", "a table needs x:, y: and value:, as in heatmap(t, x: .length, y: .depth, value: .found)")
        }
        var cells: [Pair: (sum: Double, count: Int)] = [:]
        var columnKeys: [Value] = [], rowKeys: [Value] = []
        var seenColumns = Set<String>(), seenRows = Set<String>()
        for row in try records(args, "matrix") {
            let value = try apply(args, "value", to: row)
            if value.isNil { continue }
            guard let n = numeric(value) else {
                throw args.error("value", "expected numbers (or bools), got \(value.typeName)")
            }
            let column = try apply(args, "x", to: row), line = try apply(args, "y", to: row)
            let key = Pair(column: column.displayText(), row: line.displayText())
            if seenColumns.insert(key.column).inserted { columnKeys.append(column) }
            if seenRows.insert(key.row).inserted { rowKeys.append(line) }
            cells[key, default: (0, 0)].sum += n
            cells[key, default: (0, 0)].count += 1
        }
        let columns = sortedKeys(columnKeys).map { $0.displayText() }
        let rows = sortedKeys(rowKeys).map { $0.displayText() }
        let values = rows.map { row in
            columns.map { column in
                cells[Pair(column: column, row: row)].map { $0.sum / Double($0.count) } ?? .nan
            }
        }
        return Chart.Heatmap(rowLabels: rows, columnLabels: columns, values: values)
    }

    /// A cell of `pivot`, by the displayed text of its column and row keys.
    private struct Pair: Hashable {
        var column: String
        var row: String
    }

    /// Numbers in ascending order; any other mix of keys as given.
    private static func sortedKeys(_ keys: [Value]) -> [Value] {
        let numbers = keys.compactMap { key -> Double? in if case .number(let n) = key { return n } else { return nil } }
        guard numbers.count == keys.count else { return keys }
        return numbers.sorted().map(Value.number)
    }

    /// Image formats `save` cannot write; naming one is an error rather than a file of text.
    private static let unsupportedImageExtensions: Set<String> = ["jpg", "jpeg", "gif", "webp", "pdf", "bmp", "tif", "tiff", "eps"]

    /// Writes a chart as SVG (`.svg`), as PNG (`.png`, the SVG drawn by librsvg at its own
    /// size) or as terminal text (any other extension); returns the path.
    private static func save(_ args: Arguments) throws -> Value {
        let chart = try args.native("chart", as: ChartValue.self, named: "chart").chart
        let path = try args.string("path")
        let url = URL(fileURLWithPath: path)
        let fileExtension = url.pathExtension.lowercased()
        let data: Data
        switch fileExtension {
        case "svg":
            data = Data(SVGChartRenderer.render(chart).utf8)
        case "png":
            do {
                data = try PNGRenderer.png(svg: SVGChartRenderer.render(chart), width: Int(SVGChartRenderer.width),
                                           height: Int(SVGChartRenderer.height))
            } catch let failure as PNGRenderer.Failure {
                throw args.error("path", "cannot draw '\(path)' as PNG: \(failure)")
            }
        case _ where unsupportedImageExtensions.contains(fileExtension):
            throw args.error("path", "cannot write a chart as .\(fileExtension); save writes .svg, .png, "
                + "or terminal text for any other extension (e.g. .txt)")
        default:
            data = Data((TextChartRenderer.render(chart) + "\n").utf8)
        }
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(),
                                                    withIntermediateDirectories: true)
            try data.write(to: url, options: .atomic)
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
        if case .keyPath(let field) = selector, !field.contains(".") {
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
