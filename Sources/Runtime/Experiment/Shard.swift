import Foundation

/// One slice of an experiment's rows for `--shard i/n`: rows whose 0-based index `r`
/// satisfies `r % n == i - 1`, so shards 1/n … n/n together cover every row once.
public struct Shard: Equatable, Sendable {
    /// 1-based shard number, `1...count`.
    public let index: Int
    /// How many shards the rows are split into.
    public let count: Int

    /// The whole run as one shard.
    public static let all = Shard(validIndex: 1, count: 1)

    private init(validIndex: Int, count: Int) {
        self.index = validIndex
        self.count = count
    }

    /// Parses `"i/n"` with `1 <= i <= n`.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2,
              let i = Int(parts[0].trimmingCharacters(in: .whitespaces)),
              let n = Int(parts[1].trimmingCharacters(in: .whitespaces)) else {
            throw ShardError(text: text, message: "expected i/n, such as 3/16")
        }
        guard n >= 1, (1...n).contains(i) else {
            throw ShardError(text: text, message: "the shard number must be between 1 and the shard count")
        }
        self.init(validIndex: i, count: n)
    }

    /// Whether the row at 0-based `rowIndex` belongs to this shard.
    public func contains(rowIndex: Int) -> Bool { rowIndex % count == index - 1 }

    /// The log file of experiment `name` for this shard: `results/<name>.jsonl`, or
    /// `results/<name>.shard-<i>-of-<n>.jsonl` when the run is split.
    public func logPath(experiment name: String, directory: String = "results") -> String {
        count == 1 ? "\(directory)/\(name).jsonl" : "\(directory)/\(name).shard-\(index)-of-\(count).jsonl"
    }
}

/// A malformed `--shard` value.
public struct ShardError: Error, CustomStringConvertible {
    public var text: String
    public var message: String
    public var description: String { "invalid shard `\(text)`: \(message)" }
}
