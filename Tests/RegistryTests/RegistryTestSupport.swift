import Foundation
@testable import Registry

/// A fresh folder under the system temporary directory, removed when released.
final class TemporaryDirectory {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "guide-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

struct PythonFailure: Error, CustomStringConvertible {
    let description: String
}

/// Runs `python3 -c script arguments…` and returns its stdout.
func runPython(_ script: String, _ arguments: String...) throws -> String {
    try runPython(script, arguments: arguments)
}

/// Runs `python3 -c script arguments…` and returns its stdout.
func runPython(_ script: String, arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script] + arguments
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw PythonFailure(description: "python3 exited with \(process.terminationStatus)")
    }
    return String(decoding: data, as: UTF8.self)
}

/// Writes a zip archive at `path` holding `members` (path → file whose bytes to store),
/// using Python's zipfile, as a wheel would be.
func makeWheel(at path: String, members: [(name: String, source: String)]) throws {
    let script = """
        import sys, zipfile
        with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("pkg-1.0.dist-info/METADATA", "Name: pkg\\n")
            pairs = sys.argv[2:]
            for name, source in zip(pairs[0::2], pairs[1::2]):
                archive.write(source, name)
        """
    _ = try runPython(script, arguments: [path] + members.flatMap { [$0.name, $0.source] })
}

/// A downloader that copies prepared wheels instead of calling pip, and counts its calls.
final class FakeDownloader: PackageDownloader {
    /// The wheel file to hand out for each package name.
    var wheels: [String: String]
    /// Package names whose download fails, as a dropped connection would.
    var failing: Set<String> = []
    private(set) var requests: [String] = []

    init(wheels: [String: String]) {
        self.wheels = wheels
    }

    func download(_ package: PinnedPackage, into directory: String) throws {
        requests.append(package.requirement)
        if failing.contains(package.name) {
            throw RegistryError.commandFailed(command: "pip download \(package.requirement)", status: 1,
                                              output: "connection reset")
        }
        guard let wheel = wheels[package.name] else { return }
        let target = directory + "/" + (wheel as NSString).lastPathComponent
        try FileManager.default.copyItem(atPath: wheel, toPath: target)
    }
}
