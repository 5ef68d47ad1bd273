import Foundation

/// Where a resolved model came from.
public enum ModelOrigin: String, Sendable {
    /// An explicit argument (command-line operand, script argument).
    case argument
    /// The `GUIDE_MODEL` environment variable.
    case environment = "GUIDE_MODEL"
    /// Nothing was named; the registry's default model.
    case defaultModel = "default"
}

/// A model request resolved to a file: either a registry entry in the cache or a plain path.
public struct ModelLocation: Equatable, Sendable {
    /// The GGUF file's path (it may not exist yet for a registry model not fetched).
    public let path: String
    /// The registry entry, or nil when a path bypassed the registry.
    public let model: KnownModel?
    /// What named the model.
    public let origin: ModelOrigin
    /// Whether the file is there and ready to load.
    public let isAvailable: Bool
}

/// The on-disk model cache: `$GUIDE_CACHE/models/<name>.gguf`, `GUIDE_CACHE` defaulting
/// to `~/.cache/guide`.
///
/// A file under its final name is always a verified one: the fetcher assembles into
/// `<name>.gguf.partial` and renames only after the size and SHA-256 check.
public struct ModelCache: Sendable {
    /// The cache root (`GUIDE_CACHE`, or `~/.cache/guide`).
    public let root: String

    /// A cache rooted at `root`.
    public init(root: String) {
        self.root = root
    }

    /// The cache named by `GUIDE_CACHE` in `environment`, or `~/.cache/guide`.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        if let configured = environment["GUIDE_CACHE"], !configured.isEmpty {
            root = configured
        } else {
            let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
            root = home + "/.cache/guide"
        }
    }

    /// The folder holding the model files.
    public var modelsDirectory: String { root + "/models" }

    /// The final path of `model`'s file.
    public func path(for model: KnownModel) -> String {
        modelsDirectory + "/\(model.name).gguf"
    }

    /// The temporary path `model` is assembled under before verification.
    public func partialPath(for model: KnownModel) -> String {
        path(for: model) + ".partial"
    }

    /// Whether `model` is in the cache under its final name with the expected size.
    public func isCached(_ model: KnownModel) -> Bool {
        guard let size = fileSize(atPath: path(for: model)) else { return false }
        return model.byteCount.map { $0 == size } ?? true
    }

    /// Resolves a model request without fetching anything.
    ///
    /// Order: `argument` (a registry name or a path) wins over `GUIDE_MODEL` in
    /// `environment` (same forms), which wins over the registry's default model.
    public func resolve(
        _ argument: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> ModelLocation {
        if let argument, !argument.isEmpty {
            return try locate(argument, origin: .argument)
        }
        if let named = environment["GUIDE_MODEL"], !named.isEmpty {
            return try locate(named, origin: .environment)
        }
        return location(of: ModelRegistry.defaultModel, origin: .defaultModel)
    }

    /// The path of a registry model that must already be cached; the error says how to fetch it.
    public func cachedPath(of name: String) throws -> String {
        guard let model = ModelRegistry.model(named: name) else {
            throw RegistryError.unknownModel(name: name, known: ModelRegistry.models.map(\.name))
        }
        guard isCached(model) else {
            throw RegistryError.missingFile(
                path: path(for: model), origin: "cache; run `guide model fetch \(name)` or `scripts/test`")
        }
        return path(for: model)
    }

    private func locate(_ request: String, origin: ModelOrigin) throws -> ModelLocation {
        if let model = ModelRegistry.model(named: request) {
            return location(of: model, origin: origin)
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: request, isDirectory: &isDirectory), !isDirectory.boolValue {
            return ModelLocation(path: request, model: nil, origin: origin, isAvailable: true)
        }
        if request.contains("/") || request.hasSuffix(".gguf") {
            let from = origin == .environment ? "GUIDE_MODEL" : "argument"
            throw RegistryError.missingFile(path: request, origin: from)
        }
        throw RegistryError.unknownModel(name: request, known: ModelRegistry.models.map(\.name))
    }

    private func location(of model: KnownModel, origin: ModelOrigin) -> ModelLocation {
        ModelLocation(path: path(for: model), model: model, origin: origin, isAvailable: isCached(model))
    }
}

/// The size in bytes of the regular file at `path`, or nil when there is none.
func fileSize(atPath path: String) -> Int? {
    guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
          attributes[.type] as? FileAttributeType == .typeRegular,
          let size = attributes[.size] as? NSNumber
    else { return nil }
    return size.intValue
}
