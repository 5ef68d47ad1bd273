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
        version: version,
        subcommands: [
            ModelCommand.self,
            MergeCommand.self,
            TokenizeCommand.self,
        ])

    /// `guide` with no subcommand: the interactive REPL.
    mutating func run() throws {
        // The REPL loop starts here. Until it exists, show the available commands.
        throw CleanExit.helpRequest(self)
    }
}
