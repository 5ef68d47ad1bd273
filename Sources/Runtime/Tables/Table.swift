/// Table operations that do not depend on what the cells hold.
///
/// A table is a list of records; these helpers are generic so that the builtins can apply
/// them to the language's values and the tests to plain data.
public enum Table {
    /// The union of the records' keys, in first-seen order.
    public static func columns(of records: [DataRecord]) -> [String] {
        var seen = Set<String>()
        var columns: [String] = []
        for record in records {
            for key in record.keys where seen.insert(key).inserted { columns.append(key) }
        }
        return columns
    }

    /// The cartesian product of named axes as rows, the first axis varying slowest
    /// (`grid([("a", [1, 2]), ("b", [x, y])])` → a1 b x, a1 b y, a2 b x, a2 b y).
    ///
    /// An axis with no values gives no rows; no axes give no rows.
    public static func grid<V>(_ axes: [(name: String, values: [V])]) -> [[(name: String, value: V)]] {
        guard !axes.isEmpty else { return [] }
        var rows: [[(name: String, value: V)]] = [[]]
        for axis in axes {
            rows = rows.flatMap { prefix in axis.values.map { prefix + [(axis.name, $0)] } }
        }
        return rows
    }

    /// Splits `items` into groups of equal key, groups in order of first appearance,
    /// items in their original order within each group.
    public static func group<Item, Key: Hashable>(_ items: [Item], by key: (Item) throws -> Key) rethrows
        -> [(key: Key, items: [Item])] {
        var order: [Key] = []
        var buckets: [Key: [Item]] = [:]
        for item in items {
            let k = try key(item)
            if buckets[k] == nil { order.append(k) }
            buckets[k, default: []].append(item)
        }
        return order.map { ($0, buckets[$0] ?? []) }
    }
}

/// Summary statistics over numbers.
public enum Statistics {
    /// The arithmetic mean, or nil for no values.
    public static func mean(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        return sum(values) / Double(values.count)
    }

    /// The sample standard deviation (divisor n − 1, as pandas and Python's `statistics.stdev`),
    /// or nil for fewer than two values.
    public static func stdev(_ values: [Double]) -> Double? {
        guard values.count >= 2, let m = mean(values) else { return nil }
        let squares = values.reduce(0) { $0 + ($1 - m) * ($1 - m) }
        return (squares / Double(values.count - 1)).squareRoot()
    }

    /// The sum, accumulated with Kahan compensation so long columns stay exact enough.
    public static func sum(_ values: [Double]) -> Double {
        var total = 0.0
        var compensation = 0.0
        for v in values {
            let y = v - compensation
            let t = total + y
            compensation = (t - total) - y
            total = t
        }
        return total
    }
}
