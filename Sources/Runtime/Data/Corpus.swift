import Engine
import Registry

/// One document of a corpus.
public struct CorpusDocument: Equatable, Sendable {
    /// A key that pairs parallel documents across languages (a page's file name, a section
    /// number) or orders a book's chapters (`pride-and-prejudice/12`).
    public var id: String
    /// A human title ("Pride and Prejudice, Chapter 12").
    public var title: String
    /// The text.
    public var text: String
    /// Where it comes from: package and path.
    public var source: String
    /// The text's licence.
    public var licence: String

    public init(id: String, title: String, text: String, source: String, licence: String) {
        self.id = id
        self.title = title
        self.text = text
        self.source = source
        self.licence = licence
    }

    /// The document as a record `{id, title, text, source, licence}`.
    public var record: DataRecord {
        DataRecord([("id", .string(id)), ("title", .string(title)), ("text", .string(text)),
                    ("source", .string(source)), ("licence", .string(licence))])
    }
}

/// Why a corpus could not be extracted from its cached data.
public struct CorpusError: Error, CustomStringConvertible, Equatable {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}

/// A corpus `corpus(name)` knows: the data sets it needs and how its documents are made.
public struct CorpusDefinition: Sendable {
    /// The name used in scripts.
    public let name: String
    /// One line saying what the documents are.
    public let summary: String
    /// The `guide data fetch` names it is extracted from.
    public let dataNames: [String]
    /// The licence of the texts.
    public let licence: String
    /// Makes the documents from the data folders (`dataNames[i]` → its cached folder).
    let extract: @Sendable (_ folders: [String: String]) throws -> [CorpusDocument]
}

/// The corpora, by name.
public enum CorpusCatalog {
    /// Every corpus, in the order `guide data list` shows them.
    public static let all: [CorpusDefinition] = [
        CorpusDefinition(
            name: "austen", summary: "Jane Austen's 6 novels, one document per chapter (269)",
            dataNames: ["r-cran-janeaustenr"], licence: NovelCorpora.publicDomain,
            extract: { try NovelCorpora.austenChapters(folder: $0["r-cran-janeaustenr"] ?? "") }),
        CorpusDefinition(
            name: "tidytext-books",
            summary: "War of the Worlds, Twenty Thousand Leagues under the Sea, Great Expectations, by chapter",
            dataNames: ["r-cran-tidytext"], licence: NovelCorpora.publicDomain,
            extract: { try NovelCorpora.tidytextChapters(folder: $0["r-cran-tidytext"] ?? "") }),
        CorpusDefinition(
            name: "moby-dick", summary: "Moby-Dick, one document per chapter (135 and the epilogue)",
            dataNames: ["r-cran-tokenizers"], licence: NovelCorpora.publicDomain,
            extract: { try NovelCorpora.mobyDickChapters(folder: $0["r-cran-tokenizers"] ?? "") }),
        CorpusDefinition(
            name: "novels", summary: "the 10 public-domain novels, one document per book, from the title page",
            dataNames: ["r-cran-janeaustenr", "r-cran-tidytext", "r-cran-tokenizers"],
            licence: NovelCorpora.publicDomain,
            extract: { try NovelCorpora.wholeBooks(folders: $0) }),
        CorpusDefinition(
            name: "python-docs", summary: "Python 3.11 documentation, one reST source per document (web-like articles)",
            dataNames: ["python3.11-doc"], licence: ManualCorpora.pythonLicence,
            extract: { try ManualCorpora.pythonDocs(folder: $0["python3.11-doc"] ?? "") }),
        CorpusDefinition(
            name: "debian-handbook-en", summary: "The Debian Administrator's Handbook, English, one page per document",
            dataNames: ["debian-handbook"], licence: ManualCorpora.handbookLicence,
            extract: { try ManualCorpora.handbook(folder: $0["debian-handbook"] ?? "", language: "en-US") }),
        CorpusDefinition(
            name: "debian-handbook-fr", summary: "The Debian Administrator's Handbook, French, pages parallel to -en",
            dataNames: ["debian-handbook"], licence: ManualCorpora.handbookLicence,
            extract: { try ManualCorpora.handbook(folder: $0["debian-handbook"] ?? "", language: "fr-FR") }),
        CorpusDefinition(
            name: "debian-reference-en", summary: "Debian Reference, English, one section per document",
            dataNames: ["debian-reference-en"], licence: ManualCorpora.referenceLicence,
            extract: { try ManualCorpora.reference(folder: $0["debian-reference-en"] ?? "", language: "en") }),
        CorpusDefinition(
            name: "debian-reference-fr", summary: "Debian Reference, French, sections parallel to -en",
            dataNames: ["debian-reference-fr"], licence: ManualCorpora.referenceLicence,
            extract: { try ManualCorpora.reference(folder: $0["debian-reference-fr"] ?? "", language: "fr") }),
    ]

    /// The corpus called `name`, or nil.
    public static func corpus(named name: String) -> CorpusDefinition? {
        all.first { $0.name == name }
    }

    /// The documents of `corpus`, read from the data folders in `cache`; each data set must
    /// be cached (see `CorpusStore` for the fetching version).
    public static func documents(of corpus: CorpusDefinition, cache: ModelCache) throws -> [CorpusDocument] {
        var folders: [String: String] = [:]
        for name in corpus.dataNames {
            guard let data = DataRegistry.data(named: name) else { throw CorpusError("unknown data set \(name)") }
            folders[name] = try cache.cachedPath(of: data)
        }
        return try corpus.extract(folders)
    }
}
