import Engine
import Foundation
import Registry
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The SHA-256 of model files, which names a model in experiment row keys: the same file
/// gives the same rows on any machine, and a changed file (even under the same name) gives
/// new ones.
///
/// Hashing a large file takes a while, so a digest is computed once and kept:
/// - a registry model in the cache with its expected size has the registry's digest
///   (the fetcher verified it before installing the file);
/// - any other file's digest is cached beside it in `<file>.sha256`, together with the
///   size and modification time it was computed for, and recomputed when either changes
///   (when that file cannot be written, the digest is computed once per session);
/// - within a session, each (path, size, modification time) is hashed at most once.
public final class ModelFingerprints {
    private let cache: ModelCache
    private var known: [String: (stamp: FileStamp, sha256: String)] = [:]

    /// - Parameter cache: where registry models live (to recognise their files).
    public init(cache: ModelCache = ModelCache()) {
        self.cache = cache
    }

    /// The file's SHA-256 as 64 lowercase hexadecimal digits.
    public func sha256(ofModelAt path: String) throws -> String {
        let stamp = try FileStamp(path: path)
        if let entry = known[path], entry.stamp == stamp { return entry.sha256 }
        let digest = try registryDigest(path, stamp) ?? cachedDigest(path, stamp) ?? computeDigest(path, stamp)
        known[path] = (stamp, digest)
        return digest
    }

    /// The registry's digest when `path` is a registry model's cached file of the right size.
    private func registryDigest(_ path: String, _ stamp: FileStamp) -> String? {
        let canonical = Self.canonical(path)
        for model in ModelRegistry.models where Self.canonical(cache.path(for: model)) == canonical {
            if model.byteCount.map({ Int64($0) == stamp.size }) ?? true { return model.sha256 }
        }
        return nil
    }

    /// The digest in `<path>.sha256` if it was computed for this size and modification time.
    private func cachedDigest(_ path: String, _ stamp: FileStamp) -> String? {
        guard let text = try? FileIO.readTextIfPresent(Self.sidecar(path)) else { return nil }
        let fields = text.split(whereSeparator: \.isWhitespace).map(String.init)
        guard fields.count == 3, fields[1] == stamp.sizeText, fields[2] == stamp.modifiedText,
              fields[0].count == 64, fields[0].allSatisfy(\.isHexDigit) else { return nil }
        return fields[0]
    }

    private func computeDigest(_ path: String, _ stamp: FileStamp) throws -> String {
        let digest: String
        do {
            digest = try FileDigest.sha256Hex(ofFileAt: path)
        } catch {
            throw FileIOError(path: path, reason: "cannot be read to fingerprint the model (\(error))")
        }
        // The cache is an optimisation: a directory we cannot write to only costs time.
        try? FileIO.writeText("\(digest) \(stamp.sizeText) \(stamp.modifiedText)\n", to: Self.sidecar(path))
        return digest
    }

    static func sidecar(_ path: String) -> String { path + ".sha256" }

    private static func canonical(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }
}

/// A file's size and modification time, which change whenever its contents are rewritten.
struct FileStamp: Equatable {
    var size: Int64
    var seconds: Int64
    var nanoseconds: Int64

    init(path: String) throws {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw FileIOError(path: path, reason: "cannot be examined: \(String(cString: strerror(errno)))")
        }
        size = Int64(info.st_size)
        #if canImport(Darwin)
        seconds = Int64(info.st_mtimespec.tv_sec)
        nanoseconds = Int64(info.st_mtimespec.tv_nsec)
        #else
        seconds = Int64(info.st_mtim.tv_sec)
        nanoseconds = Int64(info.st_mtim.tv_nsec)
        #endif
    }

    var sizeText: String { "\(size)" }
    var modifiedText: String { "\(seconds).\(nanoseconds)" }
}
