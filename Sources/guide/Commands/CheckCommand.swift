import ArgumentParser
import Foundation
import Runtime

/// `guide check FILE`: parses the script and resolves its names without running anything.
/// Silent on success; on error, prints every diagnostic and exits with status 1.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Parse a .guide script and resolve its names without running it.",
        discussion: "Prints nothing when the script is fine; otherwise prints each problem "
            + "with its location and exits with status 1.")

    @Argument(help: "The script to check.")
    var file: String

    func run() throws {
        let session = Session()
        let diagnostics = session.check(path: file)
        guard diagnostics.isEmpty else {
            session.report(diagnostics)
            throw ExitCode.failure
        }
    }
}
