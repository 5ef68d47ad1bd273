import Foundation

/// A fresh empty directory under the system's temporary directory.
func makeTemporaryDirectory() throws -> String {
    let path = NSTemporaryDirectory() + "guide-runtime-tests-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// Makes a directory unwritable for the test's duration: mode 0555 and, since root ignores
/// modes, the immutable attribute (`chattr +i`) when running as root. Throws when the
/// directory is still writable afterwards, so a test never passes without its premise.
struct ReadOnlyDirectory {
    let path: String
    private let immutable: Bool

    init(_ path: String) throws {
        self.path = path
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: path)
        immutable = geteuid() == 0
        if immutable { try Self.chattr("+i", path) }
        let probe = path + "/.probe"
        if FileManager.default.createFile(atPath: probe, contents: Data()) {
            try? FileManager.default.removeItem(atPath: probe)
            restore()
            throw SetupError(description: "cannot make \(path) read-only on this file system (chattr +i had no effect)")
        }
    }

    /// Makes the directory writable again (so it can be deleted).
    func restore() {
        if immutable { try? Self.chattr("-i", path) }
        try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
    }

    private static func chattr(_ flag: String, _ path: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/chattr")
        process.arguments = [flag, path]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw SetupError(description: "chattr \(flag) \(path) failed with status \(process.terminationStatus)")
        }
    }

    struct SetupError: Error, CustomStringConvertible { var description: String }
}
