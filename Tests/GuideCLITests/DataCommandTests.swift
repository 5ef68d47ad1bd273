import ArgumentParser
import Engine
import Foundation
import Registry
import Testing
@testable import guide

struct DataCommandTests {
    @Test func fetchTakesDataSetsCorporaAndAll() throws {
        let fetch = try #require(try Guide.parseAsRoot(["data", "fetch", "langdetect", "austen"]) as? FetchData)
        #expect(try FetchData.dataSets(for: fetch.names).map(\.name) == ["langdetect", "r-cran-janeaustenr"])
        // A corpus's data set named twice is fetched once.
        #expect(try FetchData.dataSets(for: ["novels", "austen"]).map(\.name)
                == ["r-cran-janeaustenr", "r-cran-tidytext", "r-cran-tokenizers"])
        #expect(try FetchData.dataSets(for: ["all"]).count == DataRegistry.all.count)
        #expect(throws: (any Error).self) { try Guide.parseAsRoot(["data", "fetch", "shakespeare"]) }
        #expect(throws: (any Error).self) { try Guide.parseAsRoot(["data", "fetch"]) }
        #expect(try Guide.parseAsRoot(["data", "list"]) is ListData)
    }

    @Test func listShowsDataSetsCorporaAndWhatIsCached() throws {
        let directory = NSTemporaryDirectory() + "guide-data-list-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let cache = ModelCache(root: directory)
        let janeausten = try #require(DataRegistry.data(named: "r-cran-janeaustenr"))
        // A folder with the stamp of the current pin counts as cached.
        try FileManager.default.createDirectory(atPath: cache.path(for: janeausten), withIntermediateDirectories: true)
        try Data("r-cran-janeaustenr=1.0.0-1 sha256 \(janeausten.sha256)\n".utf8)
            .write(to: URL(fileURLWithPath: cache.stampPath(for: janeausten)))
        let lines = ListData.text(cache: cache).split(separator: "\n").map(String.init)
        #expect(lines.first == "Data sets in \(directory)/data:")
        let row = try #require(lines.first { $0.hasPrefix("r-cran-janeaustenr ") })
        #expect(row.contains("r-cran-janeaustenr=1.0.0-1") && row.contains("cached") && row.contains("1.6 MB"))
        #expect(lines.contains { $0.hasPrefix("langdetect ") && $0.contains(" - ") })
        let austen = try #require(lines.first { $0.hasPrefix("austen ") })
        #expect(austen.contains("cached") && austen.contains("269"))
        #expect(lines.contains { $0.hasPrefix("novels ") && $0.contains(" - ") })
    }
}
