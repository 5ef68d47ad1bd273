/// A small stop-word language guesser for English, French, German and Spanish.
///
/// Each language scores the share of the text's words that are among its most frequent
/// function words; French also gains from its accented letters. The best score wins when
/// at least two stop words were seen; otherwise the text is undetermined (`"und"`, the
/// ISO 639-2 code for it). This is a first check good enough to tell a French summary
/// from an English copy, not a general-purpose detector.
public enum LanguageGuess {
    /// The ISO 639-1 code of the most likely language, or `"und"` when too little evidence.
    public static func language(of text: String) -> String {
        let scores = self.scores(text)
        guard let best = scores.max(by: { $0.value < $1.value }), best.value > 0,
              stopWordHits(text) >= 2 else { return "und" }
        return best.key
    }

    /// Whether `language(of:)` gives `code` (compared case-insensitively).
    public static func isLanguage(_ text: String, _ code: String) -> Bool {
        language(of: text) == code.lowercased()
    }

    /// Per-language evidence: stop-word share of the words, plus an accent bonus for French.
    static func scores(_ text: String) -> [String: Double] {
        let words = self.words(text)
        guard !words.isEmpty else { return [:] }
        var scores: [String: Double] = [:]
        for (code, list) in stopWords {
            scores[code] = Double(words.filter { list.contains($0) }.count) / Double(words.count)
        }
        let accents = text.lowercased().filter { "éèêàçùûôîïœë".contains($0) }.count
        scores["fr", default: 0] += 0.5 * Double(accents) / Double(words.count)
        return scores
    }

    private static func stopWordHits(_ text: String) -> Int {
        let all = stopWords.values.reduce(into: Set<String>()) { $0.formUnion($1) }
        return words(text).filter { all.contains($0) }.count
    }

    /// Lower-cased runs of letters; apostrophes split French elisions (`l'homme` → `l`, `homme`).
    static func words(_ text: String) -> [String] {
        text.lowercased().split(whereSeparator: { !$0.isLetter }).map(String.init)
    }

    static let stopWords: [String: Set<String>] = [
        "en": ["the", "of", "and", "to", "in", "is", "that", "it", "was", "for", "on", "are", "with",
               "as", "his", "they", "be", "at", "this", "have", "from", "or", "had", "by", "but",
               "what", "were", "we", "when", "your", "which", "their", "there", "been", "would",
               "she", "he", "her", "him", "not", "you", "my", "an", "has", "who", "them", "its"],
        "fr": ["le", "la", "les", "de", "des", "du", "et", "est", "une", "un", "dans", "que", "qui",
               "pour", "pas", "sur", "au", "aux", "avec", "ce", "cette", "il", "elle", "ils", "sont",
               "par", "plus", "ne", "se", "son", "sa", "ses", "mais", "nous", "vous", "leur", "été",
               "était", "très", "aussi", "comme", "l", "d", "qu", "n", "c", "j", "s", "y", "en"],
        "de": ["der", "die", "und", "das", "ist", "nicht", "ein", "eine", "zu", "den", "mit", "sich",
               "auf", "für", "dem", "von", "auch", "es", "als", "wie", "ich", "sie", "wir", "aber"],
        "es": ["el", "los", "las", "del", "y", "que", "es", "por", "una", "con", "para", "como",
               "pero", "sus", "muy", "también", "está", "son", "fue", "hay", "lo", "al", "se", "su"],
    ]
}
