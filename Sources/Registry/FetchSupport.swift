import Foundation

// File-system steps shared by the model and data fetchers, each failing with a
// `RegistryError` that names the path.

/// The downloaded archive of `package` in `directory` (the first, by name, with the
/// suffix of its kind).
func findArchive(of package: PinnedPackage, in directory: String) throws -> String {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    let archives = names.filter { $0.hasSuffix(package.kind.archiveSuffix) }.sorted()
    guard let archive = archives.first else {
        throw RegistryError.wheelNotFound(package: package.requirement, directory: directory)
    }
    return directory + "/" + archive
}

/// Creates `path` and its parents when missing.
func makeCacheDirectory(_ path: String) throws {
    do {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    } catch {
        throw RegistryError.fileSystem(operation: "create folder", path: path, reason: error.localizedDescription)
    }
}

/// Removes the file or folder at `path` when there is one.
func removeIfPresent(_ path: String) throws {
    guard FileManager.default.fileExists(atPath: path) else { return }
    do {
        try FileManager.default.removeItem(atPath: path)
    } catch {
        throw RegistryError.fileSystem(operation: "remove", path: path, reason: error.localizedDescription)
    }
}

/// Renames `source` to `destination` (atomic within one file system).
func renameItem(_ source: String, to destination: String) throws {
    guard rename(source, destination) == 0 else {
        throw RegistryError.fileSystem(
            operation: "rename to \(destination)", path: source, reason: String(cString: strerror(errno)))
    }
}
