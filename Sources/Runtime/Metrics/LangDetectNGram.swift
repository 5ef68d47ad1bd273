// A port of langdetect 1.0.9's `langdetect/utils/ngram.py` (Apache-2.0; see
// LangDetectTables.swift for the attribution).

/// langdetect's character normalisation and its sliding window of the last three
/// characters (`NGram`), working on Unicode scalars as Python works on code points.
struct LangDetectNGram {
    /// The longest n-gram (`NGram.N_GRAM`).
    static let maxLength = 3

    /// The window, at most three normalised scalars; starts as a single space.
    private(set) var grams: [Unicode.Scalar] = [" "]
    /// True inside a run of upper-case letters, whose n-grams are not used.
    private(set) var isCapitalWord = false

    /// `NGram.add_char`: normalises `scalar` and slides it into the window. A space after a
    /// space resets the window without adding anything.
    mutating func add(_ scalar: Unicode.Scalar) {
        let ch = Self.normalize(scalar)
        let last = grams[grams.count - 1]
        if last == " " {
            grams = [" "]
            isCapitalWord = false
            if ch == " " { return }
        } else if grams.count >= Self.maxLength {
            grams.removeFirst()
        }
        grams.append(ch)
        if Self.isUpper(ch) {
            if Self.isUpper(last) { isCapitalWord = true }
        } else {
            isCapitalWord = false
        }
    }

    /// The key of the last `n` scalars of the window (`grams[-n:]`); `n` ≤ `grams.count`.
    func key(length n: Int) -> UInt64 {
        Self.key(grams[(grams.count - n)...])
    }

    /// A dictionary key for one to three scalars: each stored plus one in 21 bits, so that
    /// lengths stay distinct.
    static func key<S: Sequence>(_ scalars: S) -> UInt64 where S.Element == Unicode.Scalar {
        var key: UInt64 = 0
        var shift: UInt64 = 0
        for scalar in scalars {
            key |= UInt64(scalar.value + 1) << shift
            shift += 21
        }
        return key
    }

    /// Python's `str.isupper()` for one character: the Unicode `Uppercase` property.
    static func isUpper(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isUppercase
    }

    /// `NGram.normalize`: folds a character to the one its language profiles were built
    /// with (punctuation and digits to a space, Kana to one letter, Kanji to its class's
    /// representative, Romanian comma letters to cedilla ones, …).
    static func normalize(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        let value = scalar.value
        switch value {
        case 0x0000...0x007F: // Basic Latin
            let isLetter = (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value)
            return isLetter ? scalar : " "
        case 0x0080...0x00FF: // Latin-1 Supplement
            return latin1Excluded.contains(scalar) ? " " : scalar
        case 0x0180...0x024F: // Latin Extended-B: Romanian comma below → cedilla
            if value == 0x0219 { return "\u{015F}" }
            if value == 0x021B { return "\u{0163}" }
            return scalar
        case 0x2000...0x206F: // General Punctuation
            return " "
        case 0x0600...0x06FF: // Arabic: Farsi yeh → Arabic yeh
            return value == 0x06CC ? "\u{064A}" : scalar
        case 0x1E00...0x1EFF: // Latin Extended Additional
            return value >= 0x1EA0 ? "\u{1EC3}" : scalar
        case 0x3040...0x309F: // Hiragana
            return "\u{3042}"
        case 0x30A0...0x30FF: // Katakana
            return "\u{30A2}"
        case 0x3100...0x312F, 0x31A0...0x31BF: // Bopomofo, Bopomofo Extended
            return "\u{3105}"
        case 0x4E00...0x9FFF: // CJK Unified Ideographs
            return kanjiRepresentative[scalar] ?? scalar
        case 0xAC00...0xD7AF: // Hangul Syllables
            return "\u{AC00}"
        default:
            return scalar
        }
    }

    private static let latin1Excluded = Set(LangDetectTables.latin1Excluded.unicodeScalars)

    /// `NGram.CJK_MAP`: every Kanji of a class to the class's first character (a later
    /// class wins for a character listed twice, as in Python's loop).
    private static let kanjiRepresentative: [Unicode.Scalar: Unicode.Scalar] = {
        var map: [Unicode.Scalar: Unicode.Scalar] = [:]
        for kanjiClass in LangDetectTables.kanjiClasses {
            let scalars = Array(kanjiClass.unicodeScalars)
            for scalar in scalars { map[scalar] = scalars[0] }
        }
        return map
    }()
}
