import Foundation
import Testing
@testable import Registry

struct RegistryCacheTests {
    @Test func cacheRootComesFromGuideCacheThenHome() {
        #expect(ModelCache(environment: ["GUIDE_CACHE": "/data/guide", "HOME": "/home/u"]).root == "/data/guide")
        #expect(ModelCache(environment: ["HOME": "/home/u"]).root == "/home/u/.cache/guide")
        #expect(ModelCache(environment: ["GUIDE_CACHE": "", "HOME": "/home/u"]).root == "/home/u/.cache/guide")
        #expect(ModelCache(root: "/c").path(for: ModelRegistry.defaultModel)
                == "/c/models/qwen2.5-coder-0.5b-instruct.gguf")
    }

    @Test func defaultModelWhenNothingIsNamed() throws {
        let directory = try TemporaryDirectory()
        let location = try ModelCache(root: directory.path).resolve(nil, environment: [:])
        #expect(location.model?.name == "qwen2.5-coder-0.5b-instruct")
        #expect(location.origin == .defaultModel)
        #expect(location.path == directory.path + "/models/qwen2.5-coder-0.5b-instruct.gguf")
        #expect(!location.isAvailable)
    }

    @Test func argumentBeatsEnvironmentBeatsDefault() throws {
        let directory = try TemporaryDirectory()
        let cache = ModelCache(root: directory.path)
        let argumentFile = directory.path + "/argument.gguf"
        let environmentFile = directory.path + "/environment.gguf"
        for path in [argumentFile, environmentFile] {
            #expect(FileManager.default.createFile(atPath: path, contents: Data("GGUF".utf8)))
        }
        let environment = ["GUIDE_MODEL": environmentFile]

        let explicit = try cache.resolve(argumentFile, environment: environment)
        #expect(explicit.path == argumentFile && explicit.origin == .argument && explicit.model == nil)
        #expect(explicit.isAvailable)

        let named = try cache.resolve("smollm2-135m-instruct", environment: environment)
        #expect(named.model?.name == "smollm2-135m-instruct" && named.origin == .argument)
        #expect(named.path == directory.path + "/models/smollm2-135m-instruct.gguf")

        let fromEnvironment = try cache.resolve(nil, environment: environment)
        #expect(fromEnvironment.path == environmentFile && fromEnvironment.origin == .environment)

        let environmentName = try cache.resolve(nil, environment: ["GUIDE_MODEL": "gemma-3-270m"])
        #expect(environmentName.model?.name == "gemma-3-270m" && environmentName.origin == .environment)
    }

    @Test func cachedModelIsAvailableOnlyWithItsExpectedSize() throws {
        let directory = try TemporaryDirectory()
        let cache = ModelCache(root: directory.path)
        let model = try #require(ModelRegistry.model(named: "smollm2-135m-instruct"))
        try FileManager.default.createDirectory(atPath: cache.modelsDirectory, withIntermediateDirectories: true)
        // Sparse files: the expected size without writing 98 MB.
        for (size, available) in [(model.byteCount! - 1, false), (model.byteCount!, true)] {
            #expect(FileManager.default.createFile(atPath: cache.path(for: model), contents: nil))
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: cache.path(for: model)))
            try handle.truncate(atOffset: UInt64(size))
            try handle.close()
            #expect(cache.isCached(model) == available)
            #expect(try cache.resolve(model.name, environment: [:]).isAvailable == available)
        }
        #expect(try cache.cachedPath(of: model.name) == cache.path(for: model))
    }

    @Test func missingPathIsAClearError() throws {
        let cache = ModelCache(root: "/nonexistent")
        #expect(throws: RegistryError.missingFile(path: "/no/such/model.gguf", origin: "argument")) {
            try cache.resolve("/no/such/model.gguf", environment: [:])
        }
        #expect(throws: RegistryError.missingFile(path: "gone.gguf", origin: "GUIDE_MODEL")) {
            try cache.resolve(nil, environment: ["GUIDE_MODEL": "gone.gguf"])
        }
    }

    @Test func unknownNameListsTheKnownModels() {
        let cache = ModelCache(root: "/nonexistent")
        do {
            _ = try cache.resolve("llama-70b", environment: [:])
            Issue.record("an unknown name resolved")
        } catch {
            let message = String(describing: error)
            #expect(message.contains("llama-70b"))
            #expect(message.contains("qwen2.5-coder-0.5b-instruct"))
        }
    }

    @Test func cachedPathSaysHowToFetch() {
        let cache = ModelCache(root: "/nonexistent")
        do {
            _ = try cache.cachedPath(of: "smollm2-135m-instruct")
            Issue.record("a missing model was reported cached")
        } catch {
            #expect(String(describing: error).contains("guide model fetch smollm2-135m-instruct"))
        }
    }
}
