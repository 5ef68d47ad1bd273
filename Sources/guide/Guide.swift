import ArgumentParser
import Runtime

@main
struct Guide: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "guide", abstract: "GuideLang: steer a language model's attention and measure it.",
        version: "0.1.0",
        subcommands: [MergeCommand.self])
}
