import Engine
import Foundation
import Registry

/// The models a session has loaded, shared by every call: a path is opened once.
///
/// `model()` resolves the default model (`GUIDE_MODEL`, else the registry's default) and
/// fetches it into the cache on first use; `model(name)` takes a registry name or a path
/// to any `.gguf` file. A file is opened once whatever numerics its calls ask for.
public final class ModelStore {
    private let cache: ModelCache
    private let fetchProgress: (String) -> Void
    /// By numerics and path: `"llamacpp /path/model.gguf"`.
    private var loaded: [String: LoadedModel] = [:]

    /// - Parameter fetchProgress: receives one line per fetch step (stderr in `guide run`).
    public init(cache: ModelCache = ModelCache(),
                fetchProgress: @escaping (String) -> Void = ModelFetcher.printToStandardError) {
        self.cache = cache
        self.fetchProgress = fetchProgress
    }

    /// The model for `request` (nil: the default) whose calls run with `numerics`, loading
    /// or fetching it on first use.
    public func model(_ request: String? = nil, numerics: Numerics = .llamaCPP) throws -> LoadedModel {
        let location = try cache.resolve(request)
        let path = try ModelFetcher(cache: cache, progress: fetchProgress).ensureAvailable(location)
        let key = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
        if let model = loaded["\(numerics.rawValue) \(key)"] { return model }
        let engineModel = try loaded.values.first { $0.path == key }?.model ?? LanguageModel(path: path)
        let model = LoadedModel(model: engineModel, path: key, numerics: numerics)
        loaded["\(numerics.rawValue) \(key)"] = model
        return model
    }

    /// The number of distinct model files loaded so far.
    public var loadedCount: Int { Set(loaded.values.map(\.path)).count }
}

/// A loaded model; every engine call on it starts from an empty KV cache sized for the call,
/// so results never depend on earlier calls.
public final class LoadedModel {
    /// The engine's model.
    public let model: LanguageModel
    /// The file it was loaded from (absolute, symlinks resolved).
    public let path: String
    /// How every engine call on it rounds intermediate values.
    public let numerics: Numerics
    /// The last Influence pass: what was asked and every method's result.
    private var lastInfluence: (request: InfluenceRequest, results: [InfluenceMethod: LanguageModel.InfluenceResult])?

    init(model: LanguageModel, path: String, numerics: Numerics) {
        self.model = model
        self.path = path
        self.numerics = numerics
    }

    /// A request for `prompt` on this model with its numerics and the engine's defaults;
    /// callers set what their inputs say and pass it to `generate`, `influence` or `model.score`.
    public func request(prompt: PromptSource) -> EngineRequest {
        EngineRequest(prompt: prompt, numerics: numerics)
    }

    /// `model.generate(request, onText:)`: the generation `guide generate` prints and
    /// `generate(…)` returns.
    public func generate(_ request: EngineRequest, onText: ((String) -> Void)? = nil) throws
        -> LanguageModel.GenerateResult {
        try model.generate(request, onText: onText)
    }

    /// `model.generate(batch:)`: the generations `generate(…, n:)` returns, decoded together.
    public func generate(batch requests: [EngineRequest]) throws -> [LanguageModel.GenerateResult] {
        try model.generate(batch: requests)
    }

    /// `model.influence(request, method:)`, except that one forward pass measures every
    /// method and the others are kept for the next call with the same prompt, schedule and
    /// numerics (experiments ask for Influence and then Rollout of one prompt). A request
    /// with probes of its own always runs.
    public func influence(_ request: EngineRequest, method: InfluenceMethod) throws -> LanguageModel.InfluenceResult {
        guard request.probes.isEmpty else { return try model.influence(request, method: method) }
        let key = InfluenceRequest(prompt: request.prompt, schedule: request.schedule, numerics: request.numerics)
        if let kept = lastInfluence, kept.request == key, let result = kept.results[method] { return result }
        let results = try model.influences(request, methods: InfluenceMethod.allCases)
        let byMethod = Dictionary(uniqueKeysWithValues: results.map { ($0.matrix.method, $0) })
        lastInfluence = (key, byMethod)
        return byMethod[method] ?? results[0]
    }
}

/// What determines an Influence pass's result on a given loaded model.
private struct InfluenceRequest: Equatable {
    let prompt: PromptSource
    let schedule: GuideSchedule?
    let numerics: Numerics
}
