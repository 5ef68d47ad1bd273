import Foundation
import TestSupport
import Testing

/// `guide run`: cell display, parameter overrides and exit codes, on the built binary.
@Suite struct RunCommandTests {
    static let twoCells = """
        %% Setup
        param bias = 1
        let xs = [1, 2, 3]
        print("started")
        len(xs)
        %% Scaled
        xs |> map(fn(x) => x * bias)
        """

    /// Writes `text` to `name` in a fresh directory and runs `guide run` on it there.
    private func run(_ text: String, name: String = "script.guide", arguments: [String] = []) throws -> GuideRun {
        let directory = try GuideBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        return try GuideBinary.run(["run", name] + arguments, in: directory)
    }

    @Test func displaysEachCellsLastValueUnderItsTitle() throws {
        let result = try run(Self.twoCells)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout == "%% Setup\nstarted\n3\n\n%% Scaled\n[1, 2, 3]\n")
        #expect(result.stderr.isEmpty)
    }

    @Test func aParameterOverrideChangesTheResult() throws {
        let result = try run(Self.twoCells, arguments: ["bias=2"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.hasSuffix("%% Scaled\n[2, 4, 6]\n"))
    }

    @Test(arguments: [
        (["gamma=2"], "gamma"),
        (["bias=[1,"], "bias"),
        (["bias"], "name=value"),
        (["2bias=1"], "2bias"),
    ])
    func aBadOverrideIsRefusedBeforeAnythingRuns(arguments: [String], mention: String) throws {
        let result = try run(Self.twoCells, arguments: arguments)
        #expect(result.status == 64)
        #expect(!result.stdout.contains("started"))
        #expect(result.stderr.contains(mention), "stderr: \(result.stderr)")
    }

    @Test func aMalformedShardIsRefused() throws {
        let result = try run(Self.twoCells, arguments: ["--shard", "5/4"])
        #expect(result.status == 64)
        #expect(!result.stdout.contains("started"))
    }

    @Test(arguments: ["0", "65", "two"])
    func aParallelOutsideItsRangeIsRefused(count: String) throws {
        let result = try run(Self.twoCells, arguments: ["--parallel", count])
        #expect(result.status == 64)
        #expect(!result.stdout.contains("started"))
        #expect(result.stderr.contains("parallel"), "stderr: \(result.stderr)")
    }

    @Test func parallelRowsRecordWhatTheyRecordOneByOne() throws {
        let directory = try GuideBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = """
            experiment "squares" over [1, 2, 3, 4, 5] as row {
                let square = row * row
                record {row, square}
            }
            """
        try script.write(to: directory.appendingPathComponent("ex.guide"), atomically: true, encoding: .utf8)
        let result = try GuideBinary.run(["run", "ex.guide", "--parallel", "2"], in: directory)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        for square in [1, 4, 9, 16, 25] { #expect(result.stdout.contains("\(square)"), "stdout: \(result.stdout)") }
        let log = try String(contentsOf: directory.appendingPathComponent("results/squares.jsonl"), encoding: .utf8)
        #expect(log.split(separator: "\n").filter { $0.contains("\"square\"") }.count == 5, "log: \(log)")
    }

    @Test func aRuntimeErrorStopsTheRunWithItsLocation() throws {
        let script = """
            %% First
            1 + 1
            %% Second
            let xs = [1, 2]
            xs[5]
            %% Never
            print("unreachable")
            """
        let result = try run(script, name: "fails.guide")
        #expect(result.status == 1)
        #expect(result.stdout.contains("%% First\n2\n"))
        #expect(!result.stdout.contains("unreachable"))
        #expect(result.stderr.contains("fails.guide:5:"), "stderr: \(result.stderr)")
        #expect(result.stderr.contains("    xs[5]\n"))
        #expect(result.stderr.contains("^"))
        #expect(!result.stderr.contains("\u{1B}["), "no colour when not on a terminal")
    }

    @Test func showAndPrintAppearInOrder() throws {
        let result = try run("""
            show "a"
            print("b")
            show [1, "c"]
            nil
            """)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout == "a\nb\n[1, \"c\"]\n")
    }

    @Test func aMissingFileIsAnError() throws {
        let result = try GuideBinary.run(["run", "/nonexistent/x.guide"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("/nonexistent/x.guide"))
    }

    @Test func controlCStopsARunWithStatus130() throws {
        let directory = try GuideBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = directory.appendingPathComponent("forever.guide")
        try "print(\"looping\")\nvar n = 0\nwhile true { n = n + 1 }\n".write(to: script, atomically: true, encoding: .utf8)
        let terminal = try REPLTerminal(arguments: ["run", script.path], environment: [:])
        try terminal.expect("looping")
        usleep(200_000)
        terminal.type("\u{3}")
        try terminal.expect("interrupted")
        #expect(try terminal.waitForExit() == 130)
    }

    @Test func aShardRunsEveryNthRowOfAnExperiment() throws {
        let directory = try GuideBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = """
            experiment "squares" over [1, 2, 3, 4, 5] as row {
                record {row, square: row * row}
            }
            """
        try script.write(to: directory.appendingPathComponent("ex.guide"), atomically: true, encoding: .utf8)
        let result = try GuideBinary.run(["run", "ex.guide", "--shard", "2/2"], in: directory)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let log = try String(contentsOf: directory.appendingPathComponent("results/squares.shard-2-of-2.jsonl"), encoding: .utf8)
        let rows = log.split(separator: "\n").filter { $0.contains("\"square\"") }
        #expect(rows.count == 2, "log: \(log)")
        #expect(rows.contains { $0.contains("\"square\":4") || $0.contains("\"square\": 4") })
        #expect(!rows.contains { $0.contains("\"square\":1,") || $0.contains("\"square\": 1,") })
    }

    @Test func resultsPutsTheLogsInAnotherFolderAndResumesFromThere() throws {
        let directory = try GuideBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = """
            experiment "cubes" over [1, 2, 3] as row {
                print("ran \\(row)")
                record {row, cube: row * row * row}
            }
            """
        try script.write(to: directory.appendingPathComponent("ex.guide"), atomically: true, encoding: .utf8)
        let first = try GuideBinary.run(["run", "ex.guide", "--results", "paper/logs"], in: directory)
        #expect(first.status == 0, "stderr: \(first.stderr)")
        #expect(first.stdout.contains("ran 3"))
        let log = try String(contentsOf: directory.appendingPathComponent("paper/logs/cubes.jsonl"), encoding: .utf8)
        #expect(log.contains("\"cube\":27") || log.contains("\"cube\": 27"), "log: \(log)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("results").path))
        let again = try GuideBinary.run(["run", "ex.guide", "--results", "paper/logs"], in: directory)
        #expect(again.status == 0, "stderr: \(again.stderr)")
        #expect(!again.stdout.contains("ran "), "rows ran again: \(again.stdout)")
    }
}
