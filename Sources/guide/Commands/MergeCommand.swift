import ArgumentParser
import Runtime

/// `guide merge NAME…` (or `--all`): combines the shard logs of experiments into their single logs.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Combine the shard logs of an experiment (results/NAME.shard-I-of-N.jsonl) into results/NAME.jsonl.",
        discussion: """
            Every recorded attempt of every row is kept (an attempt already in the output once); \
            rows come out in the order of an unsharded run. An unsharded run reads the shard logs \
            even without merging, so merging only tidies results/ into one file. Shard logs of one \
            split run whose last rows come from different versions of the experiment (the script, \
            its params or the model changed between tasks) are refused unless --mixed-versions.
            """)

    @Argument(help: "Experiment names, or shard log files to merge (with --output).")
    var inputs: [String] = []

    @Flag(name: .long, help: "Merge every experiment that has shard logs in the directory.")
    var all = false

    @Option(name: .long, help: "The directory holding the logs.")
    var directory = "results"

    @Option(name: .shortAndLong, help: "The merged log (default: DIRECTORY/NAME.jsonl).")
    var output: String?

    @Flag(name: .long, help: "Merge even shard logs last written by different versions of the experiment.")
    var mixedVersions = false

    func validate() throws {
        if all {
            guard inputs.isEmpty, output == nil else { throw ValidationError("--all takes no names and no --output") }
        } else if inputs.isEmpty {
            throw ValidationError("name an experiment (or shard log files with --output), or pass --all")
        }
    }

    func run() throws {
        if inputs.contains(where: { $0.hasSuffix(".jsonl") }) {
            guard let output else { throw ValidationError("merging files needs --output FILE") }
            try merge(inputs, into: output)
            return
        }
        let names = all ? ExperimentMerge.experimentsWithShards(directory: directory) : inputs
        guard !names.isEmpty else { throw ValidationError("no shard logs \(directory)/*.shard-*-of-*.jsonl") }
        guard output == nil || names.count == 1 else { throw ValidationError("--output takes one experiment name") }
        for name in names {
            let files = try ExperimentMerge.shardFiles(experiment: name, directory: directory)
            guard !files.isEmpty else {
                throw ValidationError("no shard logs \(directory)/\(name).shard-*-of-*.jsonl")
            }
            try merge(files, into: output ?? "\(directory)/\(name).jsonl")
        }
    }

    private func merge(_ files: [String], into target: String) throws {
        let count = try ExperimentMerge.merge(files, into: target, allowMixedVersions: mixedVersions)
        print("merged \(files.count) file\(files.count == 1 ? "" : "s") into \(target): \(count) records")
    }
}
