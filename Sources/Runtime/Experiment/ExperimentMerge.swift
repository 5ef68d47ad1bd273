import Foundation

/// Combines the shard logs of one experiment into its single log.
///
/// Lines are grouped by row key; a key present in several files keeps the lines of the
/// first file that has it (so a row run twice is not doubled). The merged lines are
/// ordered by their `_row` index, which restores the order of an unsharded run.
public enum ExperimentMerge {
    /// The shard logs of experiment `name` in `directory`, sorted by shard number.
    public static func shardFiles(experiment name: String, directory: String = "results") throws -> [String] {
        let prefix = "\(name).shard-"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        let shards = names.compactMap { file -> (Int, String)? in
            guard file.hasPrefix(prefix), file.hasSuffix(".jsonl") else { return nil }
            let middle = file.dropFirst(prefix.count).dropLast(".jsonl".count)
            let parts = middle.components(separatedBy: "-of-")
            guard parts.count == 2, let i = Int(parts[0]), Int(parts[1]) != nil else { return nil }
            return (i, directory + "/" + file)
        }
        return shards.sorted { $0.0 < $1.0 }.map(\.1)
    }

    /// Merges `inputs` (and whatever `output` already holds) into `output`, durably.
    /// Returns the number of lines written.
    @discardableResult
    public static func merge(_ inputs: [String], into output: String) throws -> Int {
        var seenKeys = Set<String>()
        var merged: [(row: Int, order: Int, line: DataRecord)] = []
        let existing = FileManager.default.fileExists(atPath: output) ? [output] : []
        for path in existing + inputs {
            guard FileManager.default.fileExists(atPath: path) else {
                throw FileIOError(path: path, reason: "no such file")
            }
            let log = try ExperimentLog(path: path)
            var keysOfThisFile = Set<String>()
            for line in log.lines {
                guard case .string(let key)? = line[ExperimentLog.keyField] else { continue }
                if seenKeys.contains(key) && !keysOfThisFile.contains(key) { continue }
                keysOfThisFile.insert(key)
                let row = line[ExperimentLog.rowField]?.number.map { Int($0) } ?? Int.max
                merged.append((row, merged.count, line))
            }
            seenKeys.formUnion(keysOfThisFile)
        }
        merged.sort { ($0.row, $0.order) < ($1.row, $1.order) }
        let text = merged.map { JSON.encode(.record($0.line)) + "\n" }.joined()
        try FileIO.writeText(text, to: output)
        return merged.count
    }
}
