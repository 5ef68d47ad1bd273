import ArgumentParser
import Foundation
import Runtime

/// `guide slurm SCRIPT --tasks N`: submits a script's experiments to Slurm as a job array of
/// N shards (`guide run SCRIPT --shard i/N` each) and a merge job that starts once every
/// task has succeeded, then prints both job ids.
struct SlurmCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slurm",
        abstract: "Run a script's experiments on a Slurm cluster: a job array of shards plus a merge job.",
        discussion: """
            Writes the batch scripts to results/slurm/ (experiment.sbatch, merge.sbatch: the same \
            as examples/slurm/) and submits them with sbatch from the current folder, which every \
            node must see, like GUIDE_CACHE (the model is downloaded once; other tasks wait for it). \
            Task i runs the rows r with r % N == i - 1; its output is results/slurm/<job>-<id>_<i>.out. \
            Submitting again after a task failed or was cancelled runs only the rows not yet recorded.
            """)

    @Argument(help: "The script to run.")
    var script: String

    @Argument(help: ArgumentHelp("Parameter overrides, as for guide run.", valueName: "name=value"))
    var overrides: [String] = []

    @Option(name: .long, help: "How many array tasks (shards) to split every experiment's rows into.")
    var tasks: Int

    @Option(name: .long, help: "The Slurm partition for both jobs (default: the cluster's).")
    var partition: String?

    @Option(name: .long, help: ArgumentHelp("The time limit of each task and of the merge job, as sbatch --time takes it.",
                                            valueName: "T"))
    var time: String?

    @Option(name: .long, help: "CPUs per task; each task's engine uses that many threads (default: the cluster's, usually 1).")
    var cpusPerTask: Int?

    @Flag(name: .long, help: "Write the batch scripts and print the sbatch commands without submitting.")
    var dryRun = false

    /// The folder the batch scripts and the jobs' output go to.
    static let folder = "results/slurm"

    func validate() throws {
        guard tasks >= 1 else { throw ValidationError("--tasks must be at least 1") }
        if let cpusPerTask, cpusPerTask < 1 { throw ValidationError("--cpus-per-task must be at least 1") }
        _ = try RunCommand.parseOverrides(overrides)
    }

    func run() throws {
        let session = Session()
        let diagnostics = session.check(path: script)
        guard diagnostics.isEmpty else {
            session.report(diagnostics)
            throw ExitCode.failure
        }
        try FileManager.default.createDirectory(atPath: Self.folder, withIntermediateDirectories: true)
        let experimentScript = Self.folder + "/experiment.sbatch"
        let mergeScript = Self.folder + "/merge.sbatch"
        try SlurmJobScripts.experiment.write(toFile: experimentScript, atomically: true, encoding: .utf8)
        try SlurmJobScripts.merge.write(toFile: mergeScript, atomically: true, encoding: .utf8)

        let name = "guide-" + ((script as NSString).lastPathComponent as NSString).deletingPathExtension
        let arrayArguments = commonOptions + [
            "--array=1-\(tasks)", "--job-name=\(name)", "--output=\(Self.folder)/%x-%A_%a.out",
        ] + (cpusPerTask.map { ["--cpus-per-task=\($0)"] } ?? []) + [experimentScript, script] + overrides
        let mergeArguments = { (arrayJob: String) in
            commonOptions + [
                "--dependency=afterok:\(arrayJob)", "--kill-on-invalid-dep=yes",
                "--job-name=\(name)-merge", "--output=\(Self.folder)/%x-%j.out", mergeScript,
            ]
        }
        if dryRun {
            let environment = jobEnvironment()
            let variables = ["GUIDE_SHARDS", "GUIDE_BIN"].compactMap { key in environment[key].map { "\(key)=\($0)" } }
            print(Self.shellLine(["env"] + variables + ["sbatch"] + arrayArguments))
            print(Self.shellLine(["env"] + variables + ["sbatch"] + mergeArguments("ARRAY_JOB_ID")))
            return
        }
        let arrayJob = try submit(arrayArguments)
        print("submitted job array \(arrayJob): \(tasks) task\(tasks == 1 ? "" : "s"), task i runs guide run \(script) --shard i/\(tasks)")
        let mergeJob: String
        do {
            mergeJob = try submit(mergeArguments(arrayJob))
        } catch {
            throw SlurmError("\(error)\nthe job array \(arrayJob) is queued without its merge job; submit it with: "
                             + Self.shellLine(["sbatch"] + mergeArguments(arrayJob)))
        }
        print("submitted merge job \(mergeJob): guide merge, once every task of \(arrayJob) has succeeded")
        print("output: \(Self.folder)/\(name)-\(arrayJob)_<i>.out, \(Self.folder)/\(name)-merge-\(mergeJob).out")
    }

    /// Options both jobs take.
    private var commonOptions: [String] {
        ["--parsable"] + (partition.map { ["--partition=\($0)"] } ?? []) + (time.map { ["--time=\($0)"] } ?? [])
    }

    /// Runs `sbatch arguments…` and returns the job id it prints.
    private func submit(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sbatch"] + arguments
        process.environment = jobEnvironment()
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let complaint = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let detail = complaint.trimmingCharacters(in: .whitespacesAndNewlines)
            if process.terminationStatus == 127 {
                throw SlurmError("sbatch not found: guide slurm needs Slurm's client commands on PATH")
            }
            throw SlurmError("sbatch failed with exit status \(process.terminationStatus)" + (detail.isEmpty ? "" : ":\n\(detail)"))
        }
        // `--parsable` prints `id` or `id;cluster`.
        let id = printed.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ";").first.map(String.init) ?? ""
        guard !id.isEmpty, id.allSatisfy(\.isNumber) else {
            throw SlurmError("sbatch printed no job id: \(printed)")
        }
        return id
    }

    /// The environment the jobs inherit (sbatch exports it): ours, with the shard count and,
    /// unless set already, this `guide` executable as `GUIDE_BIN`.
    private func jobEnvironment() -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["GUIDE_SHARDS"] = String(tasks)
        if environment["GUIDE_BIN"] == nil,
           let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            environment["GUIDE_BIN"] = executable
        }
        return environment
    }

    /// `arguments` as one shell command line, quoting what needs it.
    static func shellLine(_ arguments: [String]) -> String {
        arguments.map { argument in
            let plain = !argument.isEmpty && argument.unicodeScalars.allSatisfy {
                $0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_./=:,%@+".unicodeScalars.contains($0)
            }
            return plain ? argument : "'" + argument.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
        }.joined(separator: " ")
    }
}

/// A failed submission.
struct SlurmError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
