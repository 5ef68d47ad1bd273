import ArgumentParser
import Foundation
import Runtime

/// `guide run FILE [name=value …]`: runs every cell of a script, displaying each cell's last
/// value under its title.
///
/// Exit status: 0 when every cell ran, 1 when the script failed (a diagnostic was printed),
/// 2 when every cell ran but experiment rows failed (summarised on stderr), 64 when the
/// command line is wrong — including a `name=value` that names no `param` of the script or
/// does not parse, which is refused before any cell runs — and 130 when Ctrl-C stopped it.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run every cell of a .guide script and display each cell's last value.",
        discussion: "name=value overrides the script's `param name = …` and is read as the kind of "
            + "its default: a number (2, 0.5, 1e-3), true or false, the text itself for a string, "
            + "or a GuideLang literal ([0, 1, 2], 0..<6) for anything else. "
            + "Experiments resume: a row whose identity (its content, the params, the block's source and "
            + "everything it reaches, the model file, the engine version) is recorded under results/ is "
            + "reused, failed rows are retried. "
            + "Exit status: 0 done, 1 the script failed, 2 experiment rows failed, 64 bad arguments "
            + "(nothing ran), 130 interrupted.")

    @Argument(help: "The script to run.")
    var file: String

    @Argument(help: ArgumentHelp("Parameter overrides.", valueName: "name=value"))
    var overrides: [String] = []

    @Option(name: .long, help: ArgumentHelp("Also write the run as a self-contained HTML report.", valueName: "out.html"))
    var report: String?

    @Option(name: .long, help: ArgumentHelp("Run only shard i of n of every experiment (1-based).", valueName: "i/n"))
    var shard: String?

    @Option(name: .long, help: ArgumentHelp("The folder of experiment logs (NAME.jsonl).", valueName: "dir"))
    var results = "results"

    @Flag(name: .long, help: "Run every experiment row again, ignoring the rows recorded under results/ (they stay in the log).")
    var fresh = false

    @Flag(name: .long, inversion: .prefixedNo,
          help: "Run again the experiment rows that failed in an earlier run (on by default).")
    var retryFailed = true

    @Option(name: .long, help: ArgumentHelp(
        "Run up to N rows of each experiment side by side: their generate calls on one model decode as one "
            + "batch (each row's results are those of a lone run; printed output interleaves).", valueName: "N"))
    var parallel = 1

    func validate() throws {
        _ = try parsedOverrides()
        guard (1...RunCommand.maximumParallel).contains(parallel) else {
            throw ValidationError("--parallel takes a whole number from 1 to \(RunCommand.maximumParallel), got \(parallel)")
        }
        if let shard {
            do { _ = try Shard(parsing: shard) } catch { throw ValidationError("\(error)") }
        }
    }

    func run() throws {
        let parsedShard = try shard.map { try Shard(parsing: $0) } ?? .all
        var options = Session.Options(shard: parsedShard, reportPath: report, freshExperiments: fresh,
                                      retryFailedRows: retryFailed, resultsDirectory: results)
        options.rowsAtOnce = parallel
        let session = Session(options: options)
        InterruptSignal.install(cancelling: session.cancellation, secondInterruptExits: true)
        switch session.run(path: file, overrides: try parsedOverrides()) {
        case .completed:
            return
        case .failed:
            throw ExitCode.failure
        case .refusedParameters:
            throw ExitCode.validationFailure
        case .interrupted:
            throw ExitCode(130)
        case .rowsFailed:
            throw ExitCode(2)
        }
    }

    /// Most rows `--parallel` runs side by side (as many as `generate(…, n:)` decodes together).
    static let maximumParallel = 64

    /// The overrides by name; refuses a malformed one and a name given twice.
    func parsedOverrides() throws -> [String: String] {
        try Self.parseOverrides(overrides)
    }

    /// `name=value` texts by name; refuses a malformed one and a name given twice.
    static func parseOverrides(_ overrides: [String]) throws -> [String: String] {
        var parsed: [String: String] = [:]
        for text in overrides {
            guard let equals = text.firstIndex(of: "=") else {
                throw ValidationError("parameter override '\(text)' is not of the form name=value")
            }
            let name = String(text[..<equals])
            guard let first = name.unicodeScalars.first,
                  first == "_" || first.properties.isAlphabetic,
                  name.unicodeScalars.allSatisfy({ $0 == "_" || $0.properties.isAlphabetic || $0.properties.numericType != nil })
            else {
                throw ValidationError("parameter override '\(text)': '\(name)' is not a parameter name")
            }
            guard parsed[name] == nil else {
                throw ValidationError("parameter '\(name)' is given twice")
            }
            parsed[name] = String(text[text.index(after: equals)...])
        }
        return parsed
    }
}
