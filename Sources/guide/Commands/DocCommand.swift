import ArgumentParser
import Foundation
import Runtime

/// `guide doc [NAME] [--markdown]`: the builtin documentation that `help(NAME)` shows in a
/// script or the REPL, from the command line; `--markdown` prints the whole reference
/// (what `docs/builtins.md` holds; `scripts/builtin-docs` regenerates that file with it).
struct DocCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doc",
        abstract: "Show the documentation of a builtin, or list them all.",
        discussion: "Without NAME, lists the builtins by category. With --markdown, prints the "
            + "reference of every builtin as Markdown (docs/builtins.md).")

    @Argument(help: "A builtin's name, e.g. generate.")
    var name: String?

    @Flag(help: "Print the reference of every builtin as Markdown.")
    var markdown = false

    func run() throws {
        let interpreter = Session(options: Session.Options(color: false)).interpreter
        if markdown {
            print(interpreter.builtinReference(), terminator: "")
        } else if let name {
            guard let text = interpreter.helpText(named: name) else {
                FileHandle.standardError.write(Data("error: no builtin named '\(name)'; `guide doc` lists them\n".utf8))
                throw ExitCode.failure
            }
            print(text)
        } else {
            print(interpreter.helpOverview())
        }
    }
}
