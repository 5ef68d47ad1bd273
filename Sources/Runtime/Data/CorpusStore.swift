import Engine
import Registry

/// The corpora a session has read: each is extracted once, its data sets fetched into the
/// cache on first use (as `model(name)` fetches a model).
public final class CorpusStore {
    private let cache: ModelCache
    private let fetchProgress: (String) -> Void
    private var extracted: [String: [CorpusDocument]] = [:]

    /// - Parameter fetchProgress: receives one line per fetch step (stderr in `guide run`).
    public init(cache: ModelCache = ModelCache(),
                fetchProgress: @escaping (String) -> Void = ModelFetcher.printToStandardError) {
        self.cache = cache
        self.fetchProgress = fetchProgress
    }

    /// The documents of the corpus `name`, fetching its data when not cached.
    public func documents(_ name: String) throws -> [CorpusDocument] {
        if let documents = extracted[name] { return documents }
        guard let corpus = CorpusCatalog.corpus(named: name) else {
            throw CorpusError("unknown corpus \"\(name)\"; known: \(CorpusCatalog.all.map(\.name).joined(separator: ", "))")
        }
        let fetcher = DataFetcher(cache: cache, progress: fetchProgress)
        for dataName in corpus.dataNames {
            guard let data = DataRegistry.data(named: dataName) else { throw CorpusError("unknown data set \(dataName)") }
            if !cache.isCached(data) { try fetcher.fetch(data) }
        }
        let documents = try CorpusCatalog.documents(of: corpus, cache: cache)
        extracted[name] = documents
        return documents
    }
}
