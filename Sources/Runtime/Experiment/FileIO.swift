import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Small POSIX file helpers with errors that name the path and the system's reason.
public enum FileIO {
    /// The whole file as UTF-8 text (invalid bytes become U+FFFD), or nil if it does not exist.
    public static func readTextIfPresent(_ path: String) throws -> String? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return try readText(path)
    }

    /// Whether `path` names an existing regular file (or a link to one).
    public static func isFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }

    /// The whole file as UTF-8 text (invalid bytes become U+FFFD).
    public static func readText(_ path: String) throws -> String {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw FileIOError(path: path, reason: "is a directory")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FileIOError(path: path, reason: FileManager.default.fileExists(atPath: path)
                ? "cannot be read" : "no such file")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Replaces the file's contents with `text`, creating directories as needed.
    public static func writeText(_ text: String, to path: String) throws {
        if let slash = path.lastIndex(of: "/"), slash != path.startIndex {
            try makeDirectories(String(path[..<slash]))
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw FileIOError(path: path, reason: "cannot be written (\(error.localizedDescription))")
        }
    }

    /// Creates a directory and its parents if they are missing.
    public static func makeDirectories(_ path: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw FileIOError(path: path, reason: "cannot create the directory (\(error.localizedDescription))")
        }
    }

    /// Appends `text` with a single `write(2)` (retried only for the unwritten rest after a
    /// short write) and `fsync`s the file before returning.
    public static func appendDurably(_ text: String, to path: String) throws {
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o644)
        guard fd >= 0 else { throw systemError(path, "cannot be opened for appending") }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return write(fd, base + written, buffer.count - written)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw systemError(path, "cannot be written")
            }
            written += n
        }
        guard fsync(fd) == 0 else { throw systemError(path, "cannot be synced to disk") }
    }

    /// Cuts the file to `length` bytes and syncs it.
    public static func truncate(_ path: String, to length: Int) throws {
        let fd = open(path, O_WRONLY)
        guard fd >= 0 else { throw systemError(path, "cannot be opened") }
        defer { close(fd) }
        guard ftruncate(fd, off_t(length)) == 0, fsync(fd) == 0 else { throw systemError(path, "cannot be truncated") }
    }

    private static func systemError(_ path: String, _ what: String) -> FileIOError {
        FileIOError(path: path, reason: "\(what): \(String(cString: strerror(errno)))")
    }
}

/// A file that could not be read or written.
public struct FileIOError: Error, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "\(path): \(reason)" }
}
