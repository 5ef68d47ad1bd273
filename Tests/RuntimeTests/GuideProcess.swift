import Foundation
import TestSupport

/// Runs the built `guide` executable, as a user would, for end-to-end tests.
struct GuideProcess {
    /// Starts `guide arguments…` in `directory` with stdout and stderr going to files there.
    static func start(_ arguments: [String], in directory: String, tag: String) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try GuideBinary.path())
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        FileManager.default.createFile(atPath: directory + "/\(tag).out", contents: nil)
        FileManager.default.createFile(atPath: directory + "/\(tag).err", contents: nil)
        process.standardOutput = FileHandle(forWritingAtPath: directory + "/\(tag).out")
        process.standardError = FileHandle(forWritingAtPath: directory + "/\(tag).err")
        try process.run()
        return process
    }

    /// Runs `guide arguments…` to completion; returns its exit status, stdout and stderr.
    static func run(_ arguments: [String], in directory: String, tag: String) throws
        -> (status: Int32, stdout: String, stderr: String) {
        let process = try start(arguments, in: directory, tag: tag)
        process.waitUntilExit()
        let out = (try? String(contentsOfFile: directory + "/\(tag).out", encoding: .utf8)) ?? ""
        let err = (try? String(contentsOfFile: directory + "/\(tag).err", encoding: .utf8)) ?? ""
        return (process.terminationStatus, out, err)
    }
}
