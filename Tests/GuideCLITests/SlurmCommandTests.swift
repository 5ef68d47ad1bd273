import Foundation
import TestSupport
import Testing
@testable import guide

/// `guide slurm`, the batch scripts it submits (run here by bash with the variables Slurm
/// sets, no cluster needed) and `guide merge` of shard logs. `scripts/slurm-test` runs the
/// same path on a real Slurm.
struct SlurmCommandTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static let script = """
        param scale = 1
        experiment "squares" over [1, 2, 3, 4, 5] as row {
            record {row, square: row * row * scale}
        }
        """

    /// A scratch folder holding `ex.guide`.
    func folder(script: String = Self.script) throws -> URL {
        let directory = try GuideBinary.temporaryDirectory()
        try script.write(to: directory.appendingPathComponent("ex.guide"), atomically: true, encoding: .utf8)
        return directory
    }

    /// Runs `bash file arguments…` in `directory` with `environment` added to ours.
    func bash(_ file: String, _ arguments: [String], in directory: URL, environment: [String: String]) throws -> GuideRun {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["bash", file] + arguments
        process.currentDirectoryURL = directory
        var base = GuideBinary.environment(environment)
        for key in base.keys where key.hasPrefix("SLURM_") && environment[key] == nil { base[key] = nil }
        process.environment = base
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return GuideRun(status: process.terminationStatus, stdout: stdout, stderr: stderr)
    }

    func text(_ url: URL) -> String { (try? String(contentsOf: url, encoding: .utf8)) ?? "" }

    @Test func theSubmittedScriptsAreTheExamples() throws {
        let examples = Self.repository.appendingPathComponent("examples/slurm")
        #expect(SlurmJobScripts.experiment == text(examples.appendingPathComponent("experiment.sbatch")))
        #expect(SlurmJobScripts.merge == text(examples.appendingPathComponent("merge.sbatch")))
    }

    @Test func aDryRunPrintsBothSubmissions() throws {
        let directory = try folder()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try GuideBinary.run(
            ["slurm", "ex.guide", "scale=2", "--tasks", "3", "--partition", "short", "--time", "0:10:00",
             "--cpus-per-task", "2", "--dry-run"],
            in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 2, "\(result.stdout)")
        #expect(lines.first?.hasPrefix("env GUIDE_SHARDS=3 GUIDE_BIN=") == true)
        #expect(lines.first?.hasSuffix("sbatch --parsable --partition=short --time=0:10:00 --array=1-3 --job-name=guide-ex "
                                       + "--output=results/slurm/%x-%A_%a.out --cpus-per-task=2 "
                                       + "results/slurm/experiment.sbatch ex.guide scale=2") == true, "\(lines)")
        #expect(lines.last?.hasSuffix("sbatch --parsable --partition=short --time=0:10:00 "
                                      + "--dependency=afterok:ARRAY_JOB_ID --kill-on-invalid-dep=yes "
                                      + "--job-name=guide-ex-merge --output=results/slurm/%x-%j.out "
                                      + "results/slurm/merge.sbatch") == true, "\(lines)")
        #expect(text(directory.appendingPathComponent("results/slurm/experiment.sbatch")) == SlurmJobScripts.experiment)
        #expect(text(directory.appendingPathComponent("results/slurm/merge.sbatch")) == SlurmJobScripts.merge)
    }

    @Test func withoutSbatchTheErrorSaysSo() throws {
        let directory = try folder()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try GuideBinary.run(["slurm", "ex.guide", "--tasks", "2"], in: directory,
                                         environment: ["PATH": directory.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("sbatch not found"), "\(result.stderr)")
    }

    @Test func aBrokenScriptOrBadArgumentsSubmitNothing() throws {
        let directory = try folder(script: "experiment \"x\" over [1] as r { record {r: undefined_name} }\n")
        defer { try? FileManager.default.removeItem(at: directory) }
        let broken = try GuideBinary.run(["slurm", "ex.guide", "--tasks", "2"], in: directory,
                                         environment: ["PATH": directory.path])
        #expect(broken.status == 1)
        #expect(broken.stderr.contains("undefined_name") && !broken.stderr.contains("sbatch"), "\(broken.stderr)")
        let noTasks = try GuideBinary.run(["slurm", "ex.guide", "--tasks", "0"], in: directory)
        #expect(noTasks.status == 64 && noTasks.stderr.contains("--tasks must be at least 1"), "\(noTasks.stderr)")
        let badOverride = try GuideBinary.run(["slurm", "ex.guide", "scale", "--tasks", "2"], in: directory)
        #expect(badOverride.status == 64 && badOverride.stderr.contains("name=value"), "\(badOverride.stderr)")
    }

    @Test func arrayTasksRunTheirShardsAndTheMergeJobJoinsThem() throws {
        let directory = try folder()
        defer { try? FileManager.default.removeItem(at: directory) }
        let examples = Self.repository.appendingPathComponent("examples/slurm")
        let guide = try GuideBinary.path()
        for task in 1...2 {
            let run = try bash(examples.appendingPathComponent("experiment.sbatch").path, ["ex.guide", "scale=2"],
                               in: directory, environment: [
                                   "SLURM_ARRAY_TASK_ID": "\(task)", "SLURM_ARRAY_TASK_COUNT": "2",
                                   "SLURM_CPUS_PER_TASK": "1", "GUIDE_BIN": guide,
                               ])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stderr.contains("squares: 0 of \(task == 1 ? 3 : 2) rows already recorded"), "\(run.stderr)")
        }
        let merge = try bash(examples.appendingPathComponent("merge.sbatch").path, [], in: directory,
                             environment: ["GUIDE_BIN": guide])
        #expect(merge.status == 0, "\(merge.stderr)")
        #expect(merge.stdout.contains("merged 2 files into results/squares.jsonl: 5 records"), "\(merge.stdout)")
        let merged = text(directory.appendingPathComponent("results/squares.jsonl"))
        #expect(merged.split(separator: "\n").count == 5, "\(merged)")

        // A task resubmitted alone (`--array=2`) takes the shard count from GUIDE_SHARDS.
        let again = try bash(examples.appendingPathComponent("experiment.sbatch").path, ["ex.guide", "scale=2"],
                             in: directory, environment: [
                                 "SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_COUNT": "1", "GUIDE_SHARDS": "2",
                                 "GUIDE_BIN": guide,
                             ])
        #expect(again.status == 0 && again.stderr.contains("squares: 2 of 2 rows already recorded, 0 to run"),
                "\(again.stderr)")
        let notAnArray = try bash(examples.appendingPathComponent("experiment.sbatch").path, ["ex.guide"],
                                  in: directory, environment: ["GUIDE_BIN": guide])
        #expect(notAnArray.status != 0 && notAnArray.stderr.contains("submit this script as a job array"),
                "\(notAnArray.stderr)")
    }

    @Test func mergeRefusesShardsOfAnEditedScript() throws {
        let directory = try folder()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try GuideBinary.run(["run", "ex.guide", "--shard", "1/2"], in: directory).status == 0)
        let edited = Self.script.replacingOccurrences(of: "row * row * scale", with: "row * row * scale + 1")
        try edited.write(to: directory.appendingPathComponent("ex.guide"), atomically: true, encoding: .utf8)
        #expect(try GuideBinary.run(["run", "ex.guide", "--shard", "2/2"], in: directory).status == 0)

        let refused = try GuideBinary.run(["merge", "squares"], in: directory)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("refusing to merge logs of different versions of the experiment"), "\(refused.stderr)")
        #expect(refused.stderr.contains("results/squares.shard-1-of-2.jsonl"))
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("results/squares.jsonl").path))

        // Shard 1 run again with the edited script: both shards now agree.
        #expect(try GuideBinary.run(["run", "ex.guide", "--shard", "1/2"], in: directory).status == 0)
        let merged = try GuideBinary.run(["merge", "--all"], in: directory)
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(merged.stdout.contains("merged 2 files into results/squares.jsonl: 8 records"), "\(merged.stdout)")
    }
}
