import ArgumentParser
import Foundation
import JupyterKernel
import Runtime

/// `guide kernel -f FILE` runs the Jupyter kernel on a connection file (what Jupyter starts);
/// `guide kernel install` writes the kernelspec that tells Jupyter how.
struct KernelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kernel",
        abstract: "The Jupyter kernel: run it on a connection file, or install its kernelspec.",
        subcommands: [KernelServeCommand.self, KernelInstallCommand.self],
        defaultSubcommand: KernelServeCommand.self)
}

/// `guide kernel [serve] -f FILE`: serves one notebook until Jupyter shuts the kernel down.
struct KernelServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the kernel on a Jupyter connection file (Jupyter starts this itself).")

    @Option(name: [.customShort("f"), .customLong("connection-file")], help: "The connection file Jupyter wrote.")
    var connectionFile: String

    func run() throws {
        let kernel: Kernel
        do {
            kernel = try Kernel(connection: try ConnectionInfo.read(path: connectionFile), version: Guide.version)
        } catch {
            FileHandle.standardError.write(Data("guide kernel: \(error)\n".utf8))
            throw ExitCode.failure
        }
        InterruptSignal.install(cancelling: kernel.session.cancellation)
        kernel.run()
    }
}

/// `guide kernel install [--user | --prefix DIR]`: writes `kernels/guide/kernel.json`.
struct KernelInstallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Install the GuideLang kernelspec so Jupyter lists it.",
        discussion: "By default (or with --user) into the user's Jupyter data folder; with --prefix "
            + "into PREFIX/share/jupyter/kernels (a virtualenv's prefix, /usr/local).")

    @Flag(help: "Install for the current user (the default).")
    var user = false

    @Option(help: "Install under this prefix instead (e.g. a virtualenv).")
    var prefix: String?

    func validate() throws {
        if user && prefix != nil { throw ValidationError("--user and --prefix are alternatives; give one") }
    }

    func run() throws {
        let spec = KernelSpec(executable: Self.executablePath())
        do {
            let folder = try spec.install(into: KernelSpec.kernelsFolder(prefix: prefix))
            print("installed the GuideLang kernelspec in \(folder)")
        } catch {
            FileHandle.standardError.write(Data("guide kernel install: \(error.localizedDescription)\n".utf8))
            throw ExitCode.failure
        }
    }

    /// This `guide` binary's absolute path, so Jupyter starts the same build.
    static func executablePath() -> String {
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return resolved }
        let argument = CommandLine.arguments[0]
        return URL(fileURLWithPath: argument).standardizedFileURL.path
    }
}
