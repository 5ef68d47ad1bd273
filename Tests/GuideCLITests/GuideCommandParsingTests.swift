import ArgumentParser
import Engine
import Foundation
import Registry
import Testing
@testable import guide

struct GuideCommandParsingTests {
    @Test func modelFetchTakesAKnownName() throws {
        let command = try Guide.parseAsRoot(["model", "fetch", "smollm2-135m-instruct"])
        let fetch = try #require(command as? FetchModel)
        #expect(fetch.name == "smollm2-135m-instruct")
    }

    @Test func modelFetchRejectsUnknownAndMissingNames() {
        #expect(throws: (any Error).self) { try Guide.parseAsRoot(["model", "fetch", "llama-70b"]) }
        #expect(throws: (any Error).self) { try Guide.parseAsRoot(["model", "fetch"]) }
    }

    @Test(arguments: [["model", "path"], ["model", "path", "gemma-3-270m"], ["model", "path", "/tmp/x.gguf"]])
    func modelPathTakesAnOptionalModel(arguments: [String]) throws {
        let command = try Guide.parseAsRoot(arguments)
        let path = try #require(command as? ModelPath)
        #expect(path.model == arguments.dropFirst(2).first)
    }

    @Test func modelInfoAndListParse() throws {
        let info = try #require(try Guide.parseAsRoot(["model", "info", "smollm2-135m-instruct"]) as? ModelInfo)
        #expect(info.model == "smollm2-135m-instruct")
        #expect(try Guide.parseAsRoot(["model", "list"]) is ListModels)
        #expect(throws: (any Error).self) { try Guide.parseAsRoot(["model", "list", "extra"]) }
    }

    @Test func unknownSubcommandIsAnError() {
        #expect(throws: (any Error).self) { try Guide.parseAsRoot(["modle", "list"]) }
    }

    @Test func versionIsACleanExit() {
        do {
            _ = try Guide.parseAsRoot(["--version"])
            Issue.record("--version parsed as a command")
        } catch {
            #expect(Guide.exitCode(for: error) == .success)
            #expect(Guide.message(for: error) == Guide.version)
        }
    }

    @Test func noArgumentsIsTheRootCommand() throws {
        #expect(try Guide.parseAsRoot([]) is Guide)
    }

    @Test func listShowsSizesAndWhatIsCached() throws {
        let root = NSTemporaryDirectory() + "guide-cli-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: root) }
        let cache = ModelCache(root: root)
        let smol = try #require(ModelRegistry.model(named: "smollm2-135m-instruct"))
        try FileManager.default.createDirectory(atPath: cache.modelsDirectory, withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: cache.path(for: smol), contents: nil))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: cache.path(for: smol)))
        try handle.truncate(atOffset: UInt64(smol.byteCount!))
        try handle.close()

        let lines = ListModels.table(cache: cache).split(separator: "\n").map(String.init)
        #expect(lines.count == 2 + ModelRegistry.models.count)
        let smolLine = try #require(lines.first { $0.contains("smollm2-135m-instruct") })
        #expect(smolLine.contains("98.4 MB") && smolLine.contains("cached"))
        let qwenLine = try #require(lines.first { $0.contains("qwen2.5-coder-0.5b-instruct") })
        #expect(qwenLine.hasPrefix("*") && qwenLine.contains("491.4 MB") && !qwenLine.contains("cached"))
    }
}
