import Foundation

/// The process's langdetect detector, loaded on first use and shared afterwards, and the
/// answers the `language`/`languages`/`is_language` builtins give.
///
/// A text langdetect cannot judge (no n-gram of any profile, such as `""` or `"123 !!"`,
/// where Python raises "No features in text."), or where no language passes probability
/// 0.1 (Python's `detect` returns `"unknown"`), is `unknown` with probability 0: it is no
/// language, so `is_language(text, code)` is false for every code, as users of the paper's
/// `detect(text) == "fr"` count such outputs.
public enum LanguageDetection {
    /// The code given for a text no language could be found in (langdetect's `UNKNOWN_LANG`).
    public static let unknownCode = "unknown"

    private static let lock = NSLock()
    nonisolated(unsafe) private static var detectors: [String: LangDetector] = [:]

    /// The detector over the profiles in `directory` (by default the data cache's), loaded
    /// once per process. A failed load is not remembered, so fetching the profiles and
    /// trying again works.
    public static func shared(directory: String = LangDetectProfiles.defaultDirectory()) throws -> LangDetector {
        lock.lock()
        defer { lock.unlock() }
        if let detector = detectors[directory] { return detector }
        let detector = LangDetector(profiles: try LangDetectProfiles(directory: directory))
        detectors[directory] = detector
        return detector
    }

    /// The most probable language, or `unknown` with probability 0 (see the type's notes).
    public static func language(of text: String, detector: LangDetector) -> DetectedLanguage {
        languages(of: text, detector: detector).first ?? DetectedLanguage(code: unknownCode, probability: 0)
    }

    /// The languages above probability 0.1, most probable first (`detect_langs`); empty
    /// for a text without features.
    public static func languages(of text: String, detector: LangDetector) -> [DetectedLanguage] {
        do {
            return try detector.probabilities(text)
        } catch {
            return []
        }
    }

    /// Whether `language(of:)` is `code` (the paper's `detect(text) == code`). The code is
    /// compared case-insensitively and must be one of the profiles' languages.
    public static func isLanguage(_ text: String, _ code: String, detector: LangDetector) throws -> Bool {
        let wanted = try knownCode(code, detector: detector)
        return language(of: text, detector: detector).code == wanted
    }

    /// `code` lower-cased, or an error listing the known codes when no profile has it.
    public static func knownCode(_ code: String, detector: LangDetector) throws -> String {
        let lowered = code.lowercased()
        guard detector.profiles.languages.contains(lowered) else {
            throw UnknownLanguageCode(code: code, known: detector.profiles.languages)
        }
        return lowered
    }
}

/// A language code none of the profiles has.
public struct UnknownLanguageCode: Error, CustomStringConvertible, Equatable {
    /// The code as given.
    public let code: String
    /// The codes the profiles have.
    public let known: [String]

    public var description: String {
        "unknown language code \"\(code)\"; langdetect knows \(known.joined(separator: ", "))"
    }
}
