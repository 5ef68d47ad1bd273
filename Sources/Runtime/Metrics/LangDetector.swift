// A port of langdetect 1.0.9's `langdetect/detector.py` (Apache-2.0; see
// LangDetectTables.swift for the attribution).

/// One language and its probability, as langdetect's `Language`.
public struct DetectedLanguage: Equatable, Sendable {
    /// The profile's code: `en`, `fr`, `zh-cn`, …
    public let code: String
    /// The posterior probability averaged over the trials.
    public let probability: Double
}

/// langdetect's naive-Bayes detector with its default parameters, seeded as with
/// `DetectorFactory.seed = 0`: `detect(text)` here gives what
/// `langdetect.detect_langs(text)` gives in Python, text for text.
///
/// Each detection re-seeds the generator (Python's `Detector._detect_block` calls
/// `self.random.seed(self.seed)`), so a text's result does not depend on what was detected
/// before. Seven trials each draw a smoothing `alpha = 0.5 + N(0, 1) × 0.05`, then
/// multiply the language probabilities by `alpha / 10000 + P(ngram | language)` for
/// randomly chosen n-grams of the text, normalising every fifth step, until one language
/// passes 0.99999 or 1,000 steps; the trials' posteriors are averaged.
///
/// Probabilities agree with Python to rounding: sums run in language-index order, and
/// Python's order is `os.listdir`'s while ours is sorted by code.
public struct LangDetector: Sendable {
    /// The language profiles.
    public let profiles: LangDetectProfiles
    /// The seed given to Python's `random.Random.seed` at each detection.
    public let seed: UInt64

    static let alphaDefault = 0.5
    static let alphaWidth = 0.05
    static let iterationLimit = 1000
    static let probabilityThreshold = 0.1
    static let convergenceThreshold = 0.99999
    static let baseFrequency = 10_000.0
    static let trials = 7

    /// A detector over `profiles` (seed 0 is the paper's `DetectorFactory.seed = 0`).
    public init(profiles: LangDetectProfiles, seed: UInt64 = 0) {
        self.profiles = profiles
        self.seed = seed
    }

    /// `detect_langs(text)`: the languages above probability 0.1, most probable first;
    /// empty when none passes 0.1 (Python's `detect` then answers `"unknown"`).
    /// Throws `LangDetectError.noFeatures` when the text has no n-gram of any profile.
    public func probabilities(_ text: String) throws -> [DetectedLanguage] {
        let posterior = try posteriors(text)
        let kept = posterior.indices.filter { posterior[$0] > Self.probabilityThreshold }
        // Python's stable `sort(reverse=True)`: ties keep index order.
        let sorted = kept.sorted { posterior[$0] != posterior[$1] ? posterior[$0] > posterior[$1] : $0 < $1 }
        return sorted.map { DetectedLanguage(code: profiles.languages[$0], probability: posterior[$0]) }
    }

    /// `detect(text)`: the most probable language's code, or `"unknown"` when no language
    /// passes probability 0.1. Throws `LangDetectError.noFeatures` like Python.
    public func detect(_ text: String) throws -> String {
        try probabilities(text).first?.code ?? "unknown"
    }

    /// The averaged posterior of every language, in `profiles.languages` order
    /// (`Detector._detect_block`).
    func posteriors(_ text: String) throws -> [Double] {
        let ngrams = rows(of: LangDetectText.cleaned(LangDetectText.prepare(text)))
        guard !ngrams.isEmpty else { throw LangDetectError.noFeatures }
        let languageCount = profiles.languages.count
        var average = [Double](repeating: 0, count: languageCount)
        var random = PythonRandom(seed: seed)
        var prob = [Double](repeating: 0, count: languageCount)
        profiles.probabilities.withUnsafeBufferPointer { table in
            for _ in 0..<Self.trials {
                for j in 0..<languageCount { prob[j] = 1.0 / Double(languageCount) }
                let alpha = Self.alphaDefault + random.gauss(mu: 0.0, sigma: 1.0) * Self.alphaWidth
                let weight = alpha / Self.baseFrequency
                var i = 0
                while true {
                    let row = Int(ngrams[random.choiceIndex(count: ngrams.count)]) * languageCount
                    for j in 0..<languageCount { prob[j] *= weight + table[row + j] }
                    if i % 5 == 0 {
                        if Self.normalize(&prob) > Self.convergenceThreshold || i >= Self.iterationLimit { break }
                    }
                    i += 1
                }
                for j in 0..<languageCount { average[j] += prob[j] / Double(Self.trials) }
            }
        }
        return average
    }

    /// `_normalize_prob`: divides by the sum (added in index order) and returns the largest.
    private static func normalize(_ prob: inout [Double]) -> Double {
        var sum = 0.0
        for p in prob { sum += p }
        var maximum = 0.0
        for j in prob.indices {
            let p = prob[j] / sum
            if maximum < p { maximum = p }
            prob[j] = p
        }
        return maximum
    }

    /// `_extract_ngrams`: the table rows of the text's 1-, 2- and 3-grams that some profile
    /// has, skipping those inside upper-case words.
    func rows(of text: [Unicode.Scalar]) -> [Int32] {
        var result: [Int32] = []
        var window = LangDetectNGram()
        for ch in text {
            window.add(ch)
            if window.isCapitalWord { continue }
            for n in 1...LangDetectNGram.maxLength {
                guard window.grams.count >= n else { break }
                if n == 1 && window.grams[window.grams.count - 1] == " " { continue }
                if let row = profiles.rows[window.key(length: n)] { result.append(row) }
            }
        }
        return result
    }
}

/// A text langdetect cannot judge.
public enum LangDetectError: Error, CustomStringConvertible, Equatable {
    /// No 1–3-gram of the text is in any profile (Python: "No features in text.").
    case noFeatures

    public var description: String { "no features in text" }
}
