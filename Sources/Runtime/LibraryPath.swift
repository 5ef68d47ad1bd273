import Foundation

/// Where `use "path"` looks for a relative path after the folder of the file that says
/// `use` and the working directory: each folder of `GUIDE_PATH` (colon-separated), then,
/// for `stdlib/…` paths, the folders that hold an installed stdlib — beside the `guide`
/// binary (`BIN/stdlib`, `BIN/../share/guide/stdlib`) and this package's source tree — so
/// `use "stdlib/lists.guide"` works from any working directory.
enum LibraryPath {
    /// Candidate files for `path`, in search order, after the using file's folder and the working directory.
    static func candidates(for path: String, environment: [String: String]) -> [String] {
        var folders = (environment["GUIDE_PATH"] ?? "").split(separator: ":").map(String.init)
        if path.hasPrefix("stdlib/") { folders += stdlibRoots }
        return folders.map { ($0 as NSString).appendingPathComponent(path) }
    }

    /// Folders that hold a `stdlib/` folder: beside the running binary, then the source tree.
    static let stdlibRoots: [String] = {
        var roots: [String] = []
        if let binary = Bundle.main.executableURL?.resolvingSymlinksInPath().deletingLastPathComponent() {
            roots.append(binary.path)
            roots.append(binary.deletingLastPathComponent().appendingPathComponent("share/guide").path)
        }
        // Sources/Runtime/LibraryPath.swift → the package root.
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        roots.append(packageRoot.path)
        return roots
    }()
}
