/// A chart built by `plot`, `bar` or `heatmap`, independent of how it is drawn.
///
/// Terminal and SVG renderers both read this description; nothing here knows about
/// colours, pixels or character cells.
public struct Chart: Sendable, Equatable {
    /// What the chart draws.
    public enum Content: Sendable, Equatable {
        /// One polyline per series, over a numeric x axis.
        case lines([Series])
        /// One bar per labelled value.
        case bars([Bar])
        /// A matrix of values with labelled rows and columns.
        case heatmap(Heatmap)
    }

    /// A named polyline; points are drawn in the order given.
    public struct Series: Sendable, Equatable {
        public var name: String
        public var points: [Point]
        public init(name: String, points: [Point]) {
            self.name = name
            self.points = points
        }
    }

    /// One point of a series, with an optional interval (e.g. a 95 % CI) drawn as an error bar.
    public struct Point: Sendable, Equatable {
        public var x: Double
        public var y: Double
        /// The interval's lower and upper bound on the y axis; nil when the point has none.
        public var lo: Double?
        public var hi: Double?
        public init(x: Double, y: Double, lo: Double? = nil, hi: Double? = nil) {
            self.x = x
            self.y = y
            self.lo = lo
            self.hi = hi
        }
    }

    /// One labelled bar, with an optional interval drawn as an error bar.
    public struct Bar: Sendable, Equatable {
        public var label: String
        public var value: Double
        /// The interval's lower and upper bound; nil when the bar has none.
        public var lo: Double?
        public var hi: Double?
        public init(label: String, value: Double, lo: Double? = nil, hi: Double? = nil) {
            self.label = label
            self.value = value
            self.lo = lo
            self.hi = hi
        }
    }

    /// How the intervals of a line chart are drawn.
    public enum IntervalStyle: String, Sendable, Equatable {
        /// A vertical bar with caps at each point.
        case errorBars = "bars"
        /// A shaded band between the lower and the upper bounds along each line.
        case band
    }

    /// A row-major matrix: `values[row][column]`, with one label per row and per column.
    public struct Heatmap: Sendable, Equatable {
        public var rowLabels: [String]
        public var columnLabels: [String]
        public var values: [[Double]]
        public init(rowLabels: [String], columnLabels: [String], values: [[Double]]) {
            self.rowLabels = rowLabels
            self.columnLabels = columnLabels
            self.values = values
        }

        /// At most `limit` columns: wider maps average runs of adjacent columns, and each run
        /// is labelled by its first column's label. Narrow maps come back unchanged.
        public func columnsAveraged(toAtMost limit: Int) -> Heatmap {
            let columns = values.map(\.count).max() ?? 0
            guard limit > 0, columns > limit else { return self }
            let group = (columns + limit - 1) / limit
            let starts = Array(stride(from: 0, to: columns, by: group))
            let averaged = values.map { row in
                starts.map { start -> Double in
                    let slice = row[min(start, row.count)..<min(start + group, row.count)]
                    return slice.isEmpty ? .nan : slice.reduce(0, +) / Double(slice.count)
                }
            }
            let labels = starts.map { $0 < columnLabels.count ? columnLabels[$0] : String($0) }
            return Heatmap(rowLabels: rowLabels, columnLabels: labels, values: averaged)
        }

        /// The columns in `range` (clamped to the matrix), with their labels.
        public func columns(_ range: Range<Int>) -> Heatmap {
            func clamp(_ count: Int) -> Range<Int> {
                min(max(range.lowerBound, 0), count)..<min(max(range.upperBound, 0), count)
            }
            return Heatmap(rowLabels: rowLabels, columnLabels: Array(columnLabels[clamp(columnLabels.count)]),
                           values: values.map { Array($0[clamp($0.count)]) })
        }

        /// The smallest and largest finite values, or (0, 1) when there are none.
        public var valueRange: ClosedRange<Double> {
            let finite = values.joined().filter(\.isFinite)
            guard let low = finite.min(), let high = finite.max() else { return 0...1 }
            return low...high
        }
    }

    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var content: Content
    /// How the points' intervals are drawn (line charts; bars always get error bars).
    public var intervalStyle: IntervalStyle
    /// What the series names are values of (`delta` for `by: .delta`); empty for none.
    public var legendTitle: String
    /// Fixed ends of the y axis (line and bar charts); nil fits the axis to the data.
    /// What lies beyond a fixed end is clipped.
    public var yMin: Double?
    public var yMax: Double?

    public init(title: String = "", xLabel: String = "", yLabel: String = "", content: Content,
                intervalStyle: IntervalStyle = .errorBars, legendTitle: String = "",
                yMin: Double? = nil, yMax: Double? = nil) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.content = content
        self.intervalStyle = intervalStyle
        self.legendTitle = legendTitle
        self.yMin = yMin
        self.yMax = yMax
    }
}
