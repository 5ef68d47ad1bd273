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

    /// The shard count of a file named `NAME.shard-I-of-N.jsonl`, else nil.
    static func shardCount(ofLog path: String) -> Int? {
        let file = (path as NSString).lastPathComponent
        guard file.hasSuffix(".jsonl"), let marker = file.range(of: ".shard-", options: .backwards) else { return nil }
        let parts = file[marker.upperBound...].dropLast(".jsonl".count).components(separatedBy: "-of-")
        guard parts.count == 2, Int(parts[0]) != nil, let count = Int(parts[1]) else { return nil }
        return count
    }

    /// Throws when the logs of one split run (same shard count, or not shard logs at all)
    /// were last written by different versions of the experiment.
    private static func checkOneVersionPerRun(_ versions: [(path: String, version: String)]) throws {
        let runs = Dictionary(grouping: versions) { shardCount(ofLog: $0.path) ?? 0 }
        for count in runs.keys.sorted() {
            guard let logs = runs[count], Set(logs.map(\.version)).count > 1 else { continue }
            throw ExperimentMergeError(logs: logs)
        }
    }

    /// The names of the experiments that have shard logs in `directory`, sorted.
    public static func experimentsWithShards(directory: String = "results") -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        let experiments = names.compactMap { file -> String? in
            guard shardCount(ofLog: file) != nil, let marker = file.range(of: ".shard-", options: .backwards) else { return nil }
            return String(file[..<marker.lowerBound])
        }
        return Set(experiments).sorted()
    }

    /// Merges `inputs` (and whatever `output` already holds) into `output`, durably.
    /// Returns the number of lines written.
    ///
    /// Unless `allowMixedVersions`, refuses (with `ExperimentMergeError`, writing nothing)
    /// inputs from one split run — shard logs with the same shard count, or all the inputs
    /// when they are not named like shard logs — whose last rows were recorded by different
    /// versions of the experiment (`_exp`: the script, its params or the model changed
    /// between tasks). Logs written before `_exp` existed are not compared.
    @discardableResult
    public static func merge(_ inputs: [String], into output: String, allowMixedVersions: Bool = false) throws -> Int {
        var seenAttempts = Set<[DataRecord]>()
        var merged: [(row: Int, order: Int, line: DataRecord)] = []
        var versions: [(path: String, version: String)] = []
        let existing = FileManager.default.fileExists(atPath: output) ? [output] : []
        for (position, path) in (existing + inputs).enumerated() {
            guard FileManager.default.fileExists(atPath: path) else {
                throw FileIOError(path: path, reason: "no such file")
            }
            let log = try ExperimentLog(readingOnly: path)
            // The existing output is history; only the inputs are compared.
            if position >= existing.count,
               case .string(let version)? = log.lines.last(where: { $0[ExperimentLog.experimentField] != nil })?[
                   ExperimentLog.experimentField] {
                versions.append((path, version))
            }
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
        if !allowMixedVersions { try checkOneVersionPerRun(versions) }
        merged.sort { ($0.row, $0.order) < ($1.row, $1.order) }
        let text = merged.map { JSON.encode(.record($0.line)) + "\n" }.joined()
        try FileIO.writeText(text, to: output)
        return merged.count
    }
}

/// Logs of one split run whose last rows came from different versions of the experiment.
public struct ExperimentMergeError: Error, CustomStringConvertible {
    /// Each log with the `_exp` digest of its last recorded row.
    public var logs: [(path: String, version: String)]

    public var description: String {
        let width = logs.map(\.path.count).max() ?? 0
        let lines = logs.map {
            "  \($0.path.padding(toLength: width, withPad: " ", startingAt: 0))  last written by version \($0.version.prefix(12))"
        }
        return "refusing to merge logs of different versions of the experiment "
            + "(the script, its params or the model changed between tasks):\n"
            + lines.joined(separator: "\n")
            + "\nrun the outdated shards again with the current script (guide run SCRIPT --shard I/N "
            + "recomputes their rows for it), then merge; or merge anyway with --mixed-versions. Nothing was written."
    }
}
