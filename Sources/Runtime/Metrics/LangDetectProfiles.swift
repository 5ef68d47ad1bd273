import Engine
import Foundation
import Registry

/// langdetect's 55 language profiles turned into the table its detector reads
/// (`DetectorFactory.word_lang_prob_map`): for each 1–3-character n-gram, the n-gram's
/// relative frequency in each language.
///
/// The profiles are the JSON files of the PyPI sdist `langdetect==1.0.9`
/// (`langdetect/profiles/<code>`: `{"freq": {ngram: count}, "n_words": [n1, n2, n3],
/// "name": code}`), cached under `$GUIDE_CACHE/data/langdetect/profiles` by
/// `guide data fetch langdetect`. Languages are indexed in file-name order (Python uses
/// `os.listdir` order, which depends on the file system; only the rounding of sums
/// differs, see `LangDetector`).
public struct LangDetectProfiles: Sendable {
    /// Language codes (`en`, `fr`, `zh-cn`, …) in index order.
    public let languages: [String]
    /// Row of each n-gram key (`LangDetectNGram.key`) in `probabilities`.
    let rows: [UInt64: Int32]
    /// `languages.count` probabilities per row: count / n_words[length - 1] per language.
    let probabilities: [Double]

    /// The profiles in `directory` (every regular file not starting with a dot).
    public init(directory: String) throws {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw LangDetectProfilesError.missing(directory: directory)
        }
        let files = names.filter { !$0.hasPrefix(".") }.sorted()
        var profiles: [Profile] = []
        for name in files {
            let path = directory + "/" + name
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            guard let data = FileManager.default.contents(atPath: path) else {
                throw LangDetectProfilesError.unreadable(path: path, reason: "cannot open the file")
            }
            do {
                profiles.append(try JSONDecoder().decode(Profile.self, from: data))
            } catch {
                throw LangDetectProfilesError.unreadable(path: path, reason: "profile format error (\(error))")
            }
        }
        try self.init(profiles: profiles, directory: directory)
    }

    /// One profile file.
    struct Profile: Decodable {
        /// The language code.
        var name: String
        /// Occurrences of each n-gram in the training text.
        var freq: [String: Int]
        /// Number of 1-, 2- and 3-grams counted (`n_words`).
        var wordCounts: [Int]

        enum CodingKeys: String, CodingKey {
            case name, freq
            case wordCounts = "n_words"
        }
    }

    init(profiles: [Profile], directory: String) throws {
        guard profiles.count >= 2 else { throw LangDetectProfilesError.missing(directory: directory) }
        var languages: [String] = []
        var rows: [UInt64: Int32] = [:]
        var probabilities: [Double] = []
        let count = profiles.count
        for (index, profile) in profiles.enumerated() {
            guard !languages.contains(profile.name) else {
                throw LangDetectProfilesError.unreadable(path: directory, reason: "two profiles are named \(profile.name)")
            }
            guard profile.wordCounts.count == LangDetectNGram.maxLength else {
                throw LangDetectProfilesError.unreadable(path: directory, reason: "profile \(profile.name): n_words must have 3 counts")
            }
            languages.append(profile.name)
            for (gram, frequency) in profile.freq {
                let scalars = gram.unicodeScalars
                let length = scalars.count
                // Python adds longer keys with all-zero rows; no 1–3-gram can look them up.
                guard (1...LangDetectNGram.maxLength).contains(length) else { continue }
                let total = profile.wordCounts[length - 1]
                guard total > 0 else {
                    throw LangDetectProfilesError.unreadable(path: directory, reason: "profile \(profile.name): n_words[\(length - 1)] is 0")
                }
                let key = LangDetectNGram.key(scalars)
                let row: Int
                if let existing = rows[key] {
                    row = Int(existing)
                } else {
                    row = probabilities.count / count
                    rows[key] = Int32(row)
                    probabilities.append(contentsOf: repeatElement(0, count: count))
                }
                probabilities[row * count + index] = Double(frequency) / Double(total)
            }
        }
        self.languages = languages
        self.rows = rows
        self.probabilities = probabilities
    }

    /// The folder `guide data fetch langdetect` fills: `$GUIDE_CACHE/data/langdetect/profiles`.
    public static func defaultDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        ModelCache(environment: environment).root + "/data/langdetect/profiles"
    }
}

/// Why the language profiles could not be loaded.
public enum LangDetectProfilesError: Error, CustomStringConvertible, Equatable {
    /// The folder is absent or holds fewer than two profiles.
    case missing(directory: String)
    /// A profile file could not be read or parsed.
    case unreadable(path: String, reason: String)

    public var description: String {
        switch self {
        case .missing(let directory):
            return "the langdetect language profiles are not in \(directory); run `guide data fetch langdetect`"
        case .unreadable(let path, let reason):
            return "cannot load the langdetect profile \(path): \(reason); run `guide data fetch langdetect` again"
        }
    }
}
