import ArgumentParser
import Runtime

/// `guide merge NAME`: combines the shard logs of an experiment into its single log.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Combine the shard logs of an experiment (results/NAME.shard-I-of-N.jsonl) into results/NAME.jsonl.",
        discussion: """
            Every recorded attempt of every row is kept (an attempt already in the output once); \
            rows come out in the order of an unsharded run. An unsharded run reads the shard logs \
            even without merging, so merging only tidies results/ into one file.
            """)

    @Argument(help: "The experiment's name, or shard log files to merge (with --output).")
    var inputs: [String]

    @Option(name: .long, help: "The directory holding the logs.")
    var directory = "results"

    @Option(name: .shortAndLong, help: "The merged log (default: DIRECTORY/NAME.jsonl).")
    var output: String?

    func run() throws {
        let files: [String]
        let target: String
        if inputs.count == 1, !inputs[0].hasSuffix(".jsonl") {
            let name = inputs[0]
            files = try ExperimentMerge.shardFiles(experiment: name, directory: directory)
            guard !files.isEmpty else {
                throw ValidationError("no shard logs \(directory)/\(name).shard-*-of-*.jsonl")
            }
            target = output ?? "\(directory)/\(name).jsonl"
        } else {
            guard let output else { throw ValidationError("merging files needs --output FILE") }
            files = inputs
            target = output
        }
        let count = try ExperimentMerge.merge(files, into: target)
        print("merged \(files.count) file\(files.count == 1 ? "" : "s") into \(target): \(count) records")
    }
}
