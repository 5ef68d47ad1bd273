import ArgumentParser
import Engine
import Registry
import Runtime

/// `guide data …`: list and fetch the data sets behind `corpus(name)`, the language
/// profiles and the encoder.
struct DataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data",
        abstract: "List and fetch data sets (corpora, language profiles, the encoder).",
        discussion: """
            Data lives in $GUIDE_CACHE/data (GUIDE_CACHE defaults to ~/.cache/guide). \
            Every download is checked against a pinned size and sha256 before it is unpacked.
            """,
        subcommands: [ListData.self, FetchData.self])
}

/// `guide data list`: the data sets, whether they are cached, and the corpora made from them.
struct ListData: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "Show the known data sets and corpora, and which are cached.")

    func run() throws {
        print(Self.text(cache: ModelCache()), terminator: "")
    }

    /// The listing for `cache`: the data sets, then the corpora.
    static func text(cache: ModelCache) -> String {
        let dataRows = DataRegistry.all.map { data in
            [data.name, data.package.requirement, data.sizeDescription, cache.isCached(data) ? "cached" : "-",
             data.licence]
        }
        let corpusRows = CorpusCatalog.all.map { corpus in
            let cached = corpus.dataNames.allSatisfy { name in
                DataRegistry.data(named: name).map { cache.isCached($0) } ?? false
            }
            return [corpus.name, corpus.dataNames.joined(separator: ", "), cached ? "cached" : "-", corpus.summary]
        }
        return "Data sets in \(cache.dataDirectory):\n"
            + table([["NAME", "PACKAGE", "SIZE", "STATUS", "LICENCE"]] + dataRows)
            + "\nCorpora (corpus(name); `guide data fetch NAME` fetches a corpus's data):\n"
            + table([["NAME", "DATA", "STATUS", "DOCUMENTS"]] + corpusRows)
    }

    private static func table(_ rows: [[String]]) -> String {
        let widths = (0..<rows[0].count).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ") + "\n"
        }.joined()
    }
}

/// `guide data fetch NAME…`: download, verify and unpack data sets (nothing to do when cached).
struct FetchData: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch", abstract: "Download data sets, verify their sha256 and unpack them.",
        discussion: "NAME is a data set, a corpus (its data sets), or `all`.")

    @Argument(help: "Data set or corpus names (see `guide data list`), or `all`.")
    var names: [String]

    func validate() throws {
        guard !names.isEmpty else { throw ValidationError("name a data set, a corpus, or `all`") }
        _ = try Self.dataSets(for: names)
    }

    func run() throws {
        let fetcher = DataFetcher(cache: ModelCache())
        for data in try Self.dataSets(for: names) {
            print(try fetcher.fetch(data))
        }
    }

    /// The data sets `names` stand for, each once, in order.
    static func dataSets(for names: [String]) throws -> [KnownData] {
        var result: [KnownData] = []
        for name in names {
            let found: [KnownData]
            if name == "all" {
                found = DataRegistry.all
            } else if let data = DataRegistry.data(named: name) {
                found = [data]
            } else if let corpus = CorpusCatalog.corpus(named: name) {
                found = corpus.dataNames.compactMap(DataRegistry.data(named:))
            } else {
                let known = DataRegistry.all.map(\.name) + CorpusCatalog.all.map(\.name)
                throw ValidationError("unknown data set or corpus '\(name)'; known: \(known.joined(separator: ", ")), all")
            }
            for data in found where !result.contains(data) { result.append(data) }
        }
        return result
    }
}
