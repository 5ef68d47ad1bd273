import Foundation
import TestSupport
import Testing

/// Ways to run the built `guide` executable (found by `GuideBinary.path()`) with captured
/// output.
extension GuideBinary {
    /// A throwaway directory for one test.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("guide-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The environment a test child gets: the caller's, minus anything that could make the
    /// outcome depend on the machine's own configuration, plus `extra`.
    static func environment(_ extra: [String: String] = [:]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = nil
        environment["GUIDE_HISTORY"] = nil
        environment["INPUTRC"] = "/dev/null"
        environment.merge(extra) { _, new in new }
        return environment
    }

    /// Runs `guide` with `arguments` to completion, feeding `input` on standard input.
    static func run(_ arguments: [String], input: String = "", in directory: URL? = nil,
                    environment extra: [String: String] = [:]) throws -> GuideRun {
        let scratch = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let stdoutURL = scratch.appendingPathComponent("stdout")
        let stderrURL = scratch.appendingPathComponent("stderr")
        let stdinURL = scratch.appendingPathComponent("stdin")
        try Data(input.utf8).write(to: stdinURL)
        _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: try path())
        process.arguments = arguments
        process.environment = environment(extra)
        if let directory { process.currentDirectoryURL = directory }
        process.standardInput = try FileHandle(forReadingFrom: stdinURL)
        process.standardOutput = try FileHandle(forWritingTo: stdoutURL)
        process.standardError = try FileHandle(forWritingTo: stderrURL)
        try process.run()
        process.waitUntilExit()
        return GuideRun(
            status: process.terminationStatus,
            stdout: String(decoding: try Data(contentsOf: stdoutURL), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: stderrURL), as: UTF8.self))
    }
}

/// What one `guide` invocation printed and how it exited.
struct GuideRun {
    var status: Int32
    var stdout: String
    var stderr: String
}
