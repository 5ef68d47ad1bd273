import Foundation

/// An exclusive `flock(2)` on `<target>.lock`, the file beside a model or data folder being
/// fetched, so that of many processes sharing one cache (the tasks of a cluster job on a
/// shared `GUIDE_CACHE`) exactly one downloads while the others wait, then find the
/// verified result.
///
/// The kernel releases the lock when its holder exits, however it exits, so a task killed
/// mid-download never blocks the others; the lock file itself stays (removing it would let
/// two processes lock two different files). The descriptor is close-on-exec, so a download
/// tool started by the holder does not keep the lock after the holder is gone.
struct FetchLock {
    private let descriptor: Int32

    /// Opens (creating if needed) and locks `target + ".lock"`, waiting for another holder
    /// to finish; `waiting` is called once, before waiting, when another process holds it.
    init(beside target: String, waiting: () -> Void) throws {
        let path = target + ".lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw RegistryError.fileSystem(operation: "open lock file", path: path, reason: String(cString: strerror(errno)))
        }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK else {
                let reason = String(cString: strerror(errno))
                close(fd)
                throw RegistryError.fileSystem(operation: "lock", path: path, reason: reason)
            }
            waiting()
            var status: Int32
            repeat { status = flock(fd, LOCK_EX) } while status != 0 && errno == EINTR
            guard status == 0 else {
                let reason = String(cString: strerror(errno))
                close(fd)
                throw RegistryError.fileSystem(operation: "lock", path: path, reason: reason)
            }
        }
        descriptor = fd
    }

    /// Releases the lock.
    func release() {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }

    /// Runs `body` holding the lock beside `target`, releasing it however `body` ends.
    static func holding<T>(beside target: String, waiting: () -> Void, _ body: () throws -> T) throws -> T {
        let lock = try FetchLock(beside: target, waiting: waiting)
        defer { lock.release() }
        return try body()
    }

    /// Makes `target` (named `name` in progress lines) available once across processes:
    /// returns it when `isCached()`, else takes the lock beside it, looks again (another
    /// process may have finished meanwhile) and only then runs `download`.
    static func fetchOnce(_ name: String, target: String, progress: (String) -> Void,
                          isCached: () -> Bool, download: () throws -> String) throws -> String {
        let cachedLine = "\(name): already cached at \(target)"
        if isCached() { progress(cachedLine); return target }
        return try holding(beside: target, waiting: {
            progress("\(name): waiting for another process fetching it (\(target).lock)")
        }) {
            if isCached() { progress(cachedLine); return target }
            return try download()
        }
    }
}

/// A name for per-process work folders that stays unique on a cache shared by several
/// machines: the host name and the process id.
func processWorkName() -> String {
    var buffer = [CChar](repeating: 0, count: 256)
    let host = gethostname(&buffer, buffer.count - 1) == 0
        ? String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : "host"
    return "\(host)-\(ProcessInfo.processInfo.processIdentifier)"
}
