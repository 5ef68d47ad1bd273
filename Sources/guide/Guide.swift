import ArgumentParser
import Runtime

/// The `guide` command: runs `.guide` scripts, manages models, and (with no subcommand)
/// opens the REPL.
@main
struct Guide: ParsableCommand {
    /// The version printed by `guide --version`.
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "guide",
        abstract: "GuideLang: steer a language model's attention and measure it.",
        discussion: "With no subcommand, guide opens the interactive REPL (:help lists its commands).",
        version: version,
        subcommands: [
            ModelCommand.self,
            DataCommand.self,
            MergeCommand.self,
            SlurmCommand.self,
            TokenizeCommand.self,
            RunCommand.self,
            CheckCommand.self,
            DocCommand.self,
            GenerateCommand.self,
            BenchCommand.self,
            InfluenceCommand.self,
            KernelCommand.self,
            ConvertCommand.self,
        ])

    /// `guide` with no subcommand: the interactive REPL.
    mutating func run() throws {
        REPL.runOnStandardInput()
    }
}
