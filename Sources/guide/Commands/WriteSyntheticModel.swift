import ArgumentParser
import Engine

/// `guide model synthetic PATH`: writes a tiny random-weight model for checking a build.
struct WriteSyntheticModel: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synthetic",
        abstract: "Write a tiny random-weight model (every weight format, 2 layers) to a .gguf file.",
        discussion: """
            The model generates noise; it checks that a build loads, tokenizes and runs every \
            matrix kernel without downloading anything (scripts/check-portable runs it under \
            qemu). The same --seed writes the same file.
            """)

    @Argument(help: "Where to write the .gguf file.")
    var path: String

    @Option(name: .long, help: "Seed of the random weights.")
    var seed: UInt64 = 1

    func run() throws {
        try SyntheticModelFile.write(to: path, seed: seed)
    }
}
