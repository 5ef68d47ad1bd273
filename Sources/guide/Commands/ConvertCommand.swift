import ArgumentParser
import Foundation
import JupyterKernel

/// `guide convert FILE`: a notebook to a script or a script to a notebook, so the two are
/// the same experiment. The work is `NotebookConversion`'s; this reads the arguments.
struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert a .ipynb notebook to a .guide script, or a script to a notebook.",
        discussion: "Code cells are %% cells (the %% line stays the cell's first line); markdown "
            + "cells are paragraphs of '# ' comments standing apart from code (a blank line "
            + "before and after). Outputs are left out. Writes next to FILE with the other "
            + "extension unless -o says where, and never replaces a file without --force.")

    @Argument(help: "The .ipynb or .guide file to convert.")
    var file: String

    @Option(name: .shortAndLong, help: "Where to write (default: FILE with the other extension).")
    var output: String?

    @Flag(help: "Replace the output file if it exists.")
    var force = false

    func run() throws {
        do {
            let outcome = try NotebookConversion.convert(input: file, output: output, force: force)
            for warning in outcome.warnings {
                FileHandle.standardError.write(Data("guide convert: \(file): \(warning)\n".utf8))
            }
            print("wrote \(outcome.outputPath)")
        } catch {
            FileHandle.standardError.write(Data("guide convert: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }
}
