import Foundation
import Testing
@testable import Registry

/// Two fetches of one data set at once. Each fetch opens the lock file itself, so two in one
/// process exclude each other as two processes do (`flock` belongs to the open file).
/// `Tests/GuideCLITests/FetchLockTests` runs separate `guide model fetch` processes.
struct RegistryFetchLockTests {
    /// Holds every download until `proceed` is signalled; counts them.
    final class GatedDownloader: PackageDownloader, @unchecked Sendable {
        let inner: FakeDownloader
        let started = DispatchSemaphore(value: 0)
        let proceed = DispatchSemaphore(value: 0)
        private let lock = NSLock()
        private var count = 0

        init(inner: FakeDownloader) { self.inner = inner }

        var calls: Int { lock.withLock { count } }

        func download(_ package: PinnedPackage, into directory: String) throws {
            lock.withLock { count += 1 }
            started.signal()
            proceed.wait()
            try inner.download(package, into: directory)
        }
    }

    /// Lines written from another thread.
    final class Lines: @unchecked Sendable {
        private let lock = NSLock()
        private var lines: [String] = []
        func append(_ line: String) { lock.withLock { lines.append(line) } }
        var all: [String] { lock.withLock { lines } }
    }

    @Test func aSecondFetchWaitsForTheFirstAndDownloadsNothing() throws {
        let setup = try FakeDataSetup()
        let archive = try setup.makeSourceDistribution("profiles-pkg")
        let data = try setup.data("profiles-pkg", archive: archive, kind: .sourceDistribution)
        let downloader = GatedDownloader(inner: setup.downloader)
        let firstLines = Lines(), secondLines = Lines()
        let first = DataFetcher(cache: setup.cache, downloader: downloader, progress: firstLines.append)
        let second = DataFetcher(cache: setup.cache, downloader: downloader, progress: secondLines.append)
        let group = DispatchGroup()
        let results = Lines()

        DispatchQueue.global().async(group: group) {
            results.append((try? first.fetch(data)) ?? "first failed: \(firstLines.all)")
        }
        #expect(downloader.started.wait(timeout: .now() + 30) == .success, "the first fetch never downloaded")
        DispatchQueue.global().async(group: group) {
            results.append((try? second.fetch(data)) ?? "second failed: \(secondLines.all)")
        }
        let deadline = Date().addingTimeInterval(30)
        while !secondLines.all.contains(where: { $0.contains("waiting for another process fetching it") }), Date() < deadline {
            usleep(5_000)
        }
        #expect(secondLines.all.first?.contains("profiles-pkg: waiting for another process fetching it") == true,
                "\(secondLines.all)")
        #expect(!setup.cache.isCached(data))

        downloader.proceed.signal()
        downloader.proceed.signal()   // were the second to download too, it would not hang
        #expect(group.wait(timeout: .now() + 30) == .success)
        #expect(downloader.calls == 1)
        #expect(results.all == [setup.cache.path(for: data), setup.cache.path(for: data)])
        #expect(secondLines.all.last == "profiles-pkg: already cached at \(setup.cache.path(for: data))")
        #expect(setup.cache.isCached(data))
        #expect(setup.exists(setup.cache.path(for: data) + ".lock"))
    }
}
