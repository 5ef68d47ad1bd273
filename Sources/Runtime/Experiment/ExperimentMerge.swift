import Foundation

/// Combines the shard logs of one experiment into its single log.
///
/// Every attempt of every row is kept (nothing recorded is ever dropped), except that an
/// attempt already present — the same lines, from an earlier merge or another copy — is
/// kept once, so merging twice doubles nothing. Lines are ordered by their `_row` index,
/// which restores the order of an unsharded run; the attempts of one row keep the order of
/// the files (the existing output first, then the inputs as given), so a re-run reads the
/// same current attempt for every row as before the merge.
///
/// Merging is a convenience: an unsharded run already reads the shard logs (see
/// `ExperimentRunner`), so it never recomputes a row a shard recorded.
public enum ExperimentMerge {
    /// The shard logs of experiment `name` in `directory`, sorted by shard count and number.
    public static func shardFiles(experiment name: String, directory: String = "results") throws -> [String] {
        let prefix = "\(name).shard-"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        let shards = names.compactMap { file -> (count: Int, index: Int, path: String)? in
            guard file.hasPrefix(prefix), file.hasSuffix(".jsonl") else { return nil }
            let middle = file.dropFirst(prefix.count).dropLast(".jsonl".count)
            let parts = middle.components(separatedBy: "-of-")
            guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]) else { return nil }
            return (n, i, directory + "/" + file)
        }
        return shards.sorted { ($0.count, $0.index) < ($1.count, $1.index) }.map(\.path)
    }

    /// Merges `inputs` (and whatever `output` already holds) into `output`, durably.
    /// Returns the number of lines written.
    @discardableResult
    public static func merge(_ inputs: [String], into output: String) throws -> Int {
        var seenAttempts = Set<[DataRecord]>()
        var merged: [(row: Int, order: Int, line: DataRecord)] = []
        let existing = FileManager.default.fileExists(atPath: output) ? [output] : []
        for path in existing + inputs {
            guard FileManager.default.fileExists(atPath: path) else {
                throw FileIOError(path: path, reason: "no such file")
            }
            let log = try ExperimentLog(readingOnly: path)
            // Attempts in file order: a line without `_n` starts one.
            var attempts: [[DataRecord]] = []
            var openAttempt: [String: Int] = [:]
            for line in log.lines {
                guard case .string(let key)? = line[ExperimentLog.keyField] else { continue }
                if line[ExperimentLog.partField] != nil, let open = openAttempt[key] {
                    attempts[open].append(line)
                } else {
                    openAttempt[key] = attempts.count
                    attempts.append([line])
                }
            }
            for attempt in attempts where seenAttempts.insert(attempt).inserted {
                for line in attempt {
                    let row = line[ExperimentLog.rowField]?.number.map { Int($0) } ?? Int.max
                    merged.append((row, merged.count, line))
                }
            }
        }
        merged.sort { ($0.row, $0.order) < ($1.row, $1.order) }
        let text = merged.map { JSON.encode(.record($0.line)) + "\n" }.joined()
        try FileIO.writeText(text, to: output)
        return merged.count
    }
}
