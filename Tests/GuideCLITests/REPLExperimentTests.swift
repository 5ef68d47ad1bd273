import Foundation
import TestSupport
import Testing

/// An experiment interrupted inside the REPL leaves a value that says it is partial.
@Suite(.serialized) struct REPLExperimentTests {
    static let slowScript = """
        param spin = 200000
        experiment "slow" over 0..<40 as row {
            var n = 0
            var acc = 0
            while n < spin { n = n + 1; acc = (acc + n * row) % 9973 }
            record {i: row, acc: acc}
        }
        """

    @Test func anInterruptedLoadLeavesAPartialResult() throws {
        let directory = try GuideBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Self.slowScript.write(to: directory.appendingPathComponent("slow.guide"), atomically: true, encoding: .utf8)
        let out = directory.appendingPathComponent("out"), err = directory.appendingPathComponent("err")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        let input = Pipe()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try GuideBinary.path())
        process.environment = GuideBinary.environment()
        process.currentDirectoryURL = directory
        process.standardInput = input
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        input.fileHandleForWriting.write(Data(":load slow.guide\n".utf8))

        let log = directory.appendingPathComponent("results/slow.jsonl").path
        let deadline = Date().addingTimeInterval(120)
        func recordedRows() -> Int {
            ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").count
        }
        while Date() < deadline, recordedRows() < 2, process.isRunning { usleep(5_000) }
        #expect(recordedRows() >= 2 && recordedRows() < 40, "rows recorded before Ctrl-C: \(recordedRows())")
        kill(process.processIdentifier, SIGINT)
        while Date() < deadline, !((try? String(contentsOf: err, encoding: .utf8)) ?? "").contains("partial") {
            usleep(5_000)
        }
        input.fileHandleForWriting.write(Data("partial.partial\npartial.done == len(partial.rows)\npartial.total\n:quit\n".utf8))
        try input.fileHandleForWriting.close()
        process.waitUntilExit()

        let stdout = try String(contentsOf: out, encoding: .utf8)
        let stderr = try String(contentsOf: err, encoding: .utf8)
        #expect(process.terminationStatus == 0)
        #expect(stderr.contains("interrupted after "), "stderr: \(stderr)")
        #expect(stderr.contains("of 40 rows; re-run to continue"))
        #expect(stdout.hasSuffix("true\ntrue\n40\n"), "stdout: \(stdout)")
    }
}
