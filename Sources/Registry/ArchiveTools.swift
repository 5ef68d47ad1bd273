import Foundation

/// Downloads Debian packages with `apt-get download name=version` (no root install: the
/// `.deb` is only saved). When the package lists are empty it runs `apt-get update` first,
/// as root (as `scripts/bootstrap` does). A version the archive no longer carries is
/// reported as `packageNotFound`, saying that the pin needs a bump.
public struct AptDownloader: PackageDownloader {
    /// The folder holding apt's package lists.
    public var listsDirectory: String

    /// A downloader reading the package lists in `listsDirectory`.
    public init(listsDirectory: String = "/var/lib/apt/lists") {
        self.listsDirectory = listsDirectory
    }

    public func download(_ package: PinnedPackage, into directory: String) throws {
        guard package.kind == .debian else {
            throw RegistryError.packageNotFound(
                package: package.requirement, registry: "the Debian archive", hint: "a PyPI package is fetched with pip")
        }
        try updateListsIfEmpty()
        do {
            try runTool(["apt-get", "download", "-q", package.requirement], in: directory)
        } catch let RegistryError.commandFailed(_, _, output) {
            throw Self.explain(package, output: output)
        }
    }

    /// Whether any package list has been downloaded.
    var hasPackageLists: Bool {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: listsDirectory)) ?? []
        return names.contains { $0.contains("_Packages") }
    }

    private func updateListsIfEmpty() throws {
        guard !hasPackageLists else { return }
        guard getuid() == 0 else {
            throw RegistryError.packageNotFound(
                package: "(any)", registry: "the Debian archive",
                hint: "apt's package lists in \(listsDirectory) are empty; run `sudo apt-get update` once")
        }
        try runTool(["apt-get", "update", "-qq"])
    }

    /// The error for a failed `apt-get download`, from what apt printed.
    static func explain(_ package: PinnedPackage, output: String) -> RegistryError {
        if output.contains("Unable to locate package") {
            return .packageNotFound(
                package: package.requirement, registry: "the Debian archive",
                hint: "apt knows no package \(package.name); check the sources list, then run `apt-get update`")
        }
        if output.contains("was not found") || output.contains("Can't select") {
            return .packageNotFound(
                package: package.requirement, registry: "the Debian archive",
                hint: "version \(package.version) is no longer in the archive (a newer one replaced it); "
                    + "update the version and sha256 pinned in DataRegistry.swift")
        }
        return .commandFailed(command: "apt-get download \(package.requirement)", status: 100, output: output)
    }
}

/// Downloads any pinned package with the tool its kind needs: pip for PyPI, apt-get for Debian.
public struct StandardDownloader: PackageDownloader {
    /// The PyPI downloader.
    public var pip: PipDownloader
    /// The Debian downloader.
    public var apt: AptDownloader

    /// The default tools.
    public init(pip: PipDownloader = PipDownloader(), apt: AptDownloader = AptDownloader()) {
        self.pip = pip
        self.apt = apt
    }

    public func download(_ package: PinnedPackage, into directory: String) throws {
        switch package.kind {
        case .wheel, .sourceDistribution: try pip.download(package, into: directory)
        case .debian: try apt.download(package, into: directory)
        }
    }
}

/// A file or folder to copy out of an archive.
public struct ArchiveMember: Hashable, Sendable {
    /// The member's path inside the archive; a trailing `/` takes every file below that folder.
    public let path: String
    /// Where it goes, relative to the data set's folder (a folder when `path` is one).
    public let destination: String

    /// `path` inside the archive, copied to `destination`.
    public init(_ path: String, to destination: String) {
        self.path = path
        self.destination = destination
    }

    /// Whether this names a folder (every file below it).
    public var isFolder: Bool { path.hasSuffix("/") }
}

/// Unpacks a downloaded archive into a folder.
public protocol ArchiveUnpacker {
    /// Unpacks `archive` (of `kind`) into the existing folder `directory`: the listed
    /// `members` only, or everything when `members` is empty.
    func unpack(_ archive: String, kind: PackageKind, members: [ArchiveMember], into directory: String) throws
}

/// Unpacks wheels and source distributions with Python's `zipfile`/`tarfile` and Debian
/// packages with `dpkg-deb -x`; a listed member absent from the archive is an error naming it.
public struct StandardUnpacker: ArchiveUnpacker {
    /// The Python interpreter, looked up on `PATH`.
    public var python: String

    /// An unpacker running `python` (default `python3`).
    public init(python: String = "python3") {
        self.python = python
    }

    /// Arguments: archive, destination folder, then (member, destination) pairs. Only regular
    /// files are written, and never outside the destination folder.
    private static let script = """
        import os, shutil, sys, tarfile, zipfile
        archive, root = sys.argv[1:3]
        pairs = list(zip(sys.argv[3::2], sys.argv[4::2]))
        try:
            if archive.endswith(".whl"):
                opened = zipfile.ZipFile(archive)
                entries = {i.filename: i for i in opened.infolist() if not i.is_dir()}
                read = opened.open
            else:
                opened = tarfile.open(archive)
                entries = {m.name: m for m in opened.getmembers() if m.isfile()}
                read = opened.extractfile
        except (OSError, zipfile.BadZipFile, tarfile.TarError) as error:
            sys.exit("not a readable archive: %s: %s" % (archive, error))
        for member, destination in pairs:
            if member.endswith("/"):
                chosen = [(n, destination + n[len(member):]) for n in sorted(entries) if n.startswith(member)]
            else:
                chosen = [(member, destination)] if member in entries else []
            if not chosen:
                sys.stderr.write("%s has no member %s\\n" % (archive, member))
                sys.exit(3)
            for name, target in chosen:
                path = os.path.normpath(os.path.join(root, target))
                if not path.startswith(os.path.normpath(root) + os.sep):
                    sys.exit("member %s would land outside %s" % (name, root))
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with read(entries[name]) as source, open(path, "wb") as out:
                    shutil.copyfileobj(source, out, 1 << 20)
        """

    public func unpack(_ archive: String, kind: PackageKind, members: [ArchiveMember], into directory: String) throws {
        switch kind {
        case .debian:
            guard members.isEmpty else {
                throw RegistryError.fileSystem(
                    operation: "unpack selected members of", path: archive, reason: "a .deb is unpacked whole")
            }
            try runTool(["dpkg-deb", "-x", archive, directory])
        case .wheel, .sourceDistribution:
            let pairs = members.flatMap { [$0.path, $0.destination] }
            try runTool([python, "-c", Self.script, archive, directory] + pairs)
        }
    }
}
