// A port of the text preparation of langdetect 1.0.9's `Detector.append` and
// `Detector.cleaning_text` and of `NGram.normalize_vi` (Apache-2.0; see
// LangDetectTables.swift for the attribution).

/// The text a langdetect detector looks at, as Unicode scalars (Python code points).
enum LangDetectText {
    /// `Detector.append(text)` on a fresh detector: URLs and e-mail addresses become a
    /// space, Vietnamese tone marks are composed, the first `maxLength` scalars are kept
    /// and a space following a space is dropped.
    static func prepare(_ text: String, maxLength: Int = 10_000) -> [Unicode.Scalar] {
        var scalars = Array(text.unicodeScalars)
        scalars = replacingURLs(scalars)
        scalars = replacingEmailAddresses(scalars)
        scalars = composingVietnamese(scalars)
        var kept: [Unicode.Scalar] = []
        kept.reserveCapacity(min(scalars.count, maxLength))
        var previous: Unicode.Scalar?
        for ch in scalars.prefix(maxLength) {
            if ch != " " || previous != " " { kept.append(ch) }
            previous = ch
        }
        return kept
    }

    /// `Detector.cleaning_text`: when non-Latin characters outnumber Latin letters two to
    /// one, the characters `A`…`z` are removed.
    ///
    /// As in the Python code, every character from U+0300 up counts as non-Latin: its test
    /// `unicode_block(ch) != 'Latin Extended Additional'` compares a block number with a
    /// string and is always true.
    static func cleaned(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var latin = 0
        var nonLatin = 0
        for ch in text {
            if isAtoz(ch) {
                latin += 1
            } else if ch.value >= 0x0300 {
                nonLatin += 1
            }
        }
        guard latin * 2 < nonLatin else { return text }
        return text.filter { !isAtoz($0) }
    }

    /// `'A' <= ch <= 'z'`, which includes `[\]^_` and the backquote.
    private static func isAtoz(_ ch: Unicode.Scalar) -> Bool {
        (0x41...0x7A).contains(ch.value)
    }

    // MARK: URLs and e-mail addresses

    /// `URL_RE.sub(' ', text)` with `URL_RE = https?://[-_.?&~;+=/#0-9A-Za-z]{1,2076}`.
    static func replacingURLs(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        substituting(text) { text, start in
            guard matches(text, at: start, "http") else { return nil }
            var rest = start + 4
            if matches(text, at: rest, "s://") {
                rest += 4
            } else if matches(text, at: rest, "://") {
                rest += 3
            } else {
                return nil
            }
            let run = runLength(text, from: rest, limit: 2076, where: isURLCharacter)
            return run >= 1 ? rest + run : nil
        }
    }

    /// `MAIL_RE.sub(' ', text)` with
    /// `MAIL_RE = [-_.0-9A-Za-z]{1,64}@[-_0-9A-Za-z]{1,255}[-_.0-9A-Za-z]{1,255}`.
    ///
    /// The local part cannot contain `@`, so from a given start it matches only when the
    /// run of its characters reaches an `@` within 64; the domain's first quantifier takes
    /// dot-free characters greedily and gives back one when nothing is left for the second.
    static func replacingEmailAddresses(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        substituting(text) { text, start in
            let local = runLength(text, from: start, limit: 65, where: isMailCharacter)
            guard (1...64).contains(local), start + local < text.count, text[start + local] == "@" else { return nil }
            let domain = start + local + 1
            let first = runLength(text, from: domain, limit: 255, where: { isMailCharacter($0) && $0 != "." })
            guard first >= 1 else { return nil }
            let second = runLength(text, from: domain + first, limit: 255, where: isMailCharacter)
            if second >= 1 { return domain + first + second }
            return first >= 2 ? domain + first : nil
        }
    }

    /// `re.sub(pattern, ' ', text)` for a pattern given as `match(text, start) -> end?`
    /// (leftmost matches, scanning on after each one; the patterns never match empty).
    private static func substituting(
        _ text: [Unicode.Scalar],
        _ match: ([Unicode.Scalar], Int) -> Int?
    ) -> [Unicode.Scalar] {
        var result: [Unicode.Scalar] = []
        result.reserveCapacity(text.count)
        var i = 0
        while i < text.count {
            if let end = match(text, i) {
                result.append(" ")
                i = end
            } else {
                result.append(text[i])
                i += 1
            }
        }
        return result
    }

    private static func matches(_ text: [Unicode.Scalar], at start: Int, _ literal: String) -> Bool {
        var i = start
        for scalar in literal.unicodeScalars {
            guard i < text.count, text[i] == scalar else { return false }
            i += 1
        }
        return true
    }

    private static func runLength(
        _ text: [Unicode.Scalar], from start: Int, limit: Int, where belongs: (Unicode.Scalar) -> Bool
    ) -> Int {
        var n = 0
        while n < limit, start + n < text.count, belongs(text[start + n]) { n += 1 }
        return n
    }

    private static func isAlphanumeric(_ ch: Unicode.Scalar) -> Bool {
        let v = ch.value
        return (0x30...0x39).contains(v) || (0x41...0x5A).contains(v) || (0x61...0x7A).contains(v)
    }

    /// `[-_.?&~;+=/#0-9A-Za-z]`
    private static func isURLCharacter(_ ch: Unicode.Scalar) -> Bool {
        isAlphanumeric(ch) || "-_.?&~;+=/#".unicodeScalars.contains(ch)
    }

    /// `[-_.0-9A-Za-z]`
    private static func isMailCharacter(_ ch: Unicode.Scalar) -> Bool {
        isAlphanumeric(ch) || ch == "-" || ch == "_" || ch == "."
    }

    // MARK: Vietnamese

    /// `NGram.normalize_vi`: a base letter followed by a combining tone mark becomes the
    /// precomposed letter.
    static func composingVietnamese(_ text: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var result: [Unicode.Scalar] = []
        result.reserveCapacity(text.count)
        var i = 0
        while i < text.count {
            if i + 1 < text.count,
               let base = vietnameseBases.firstIndex(of: text[i]),
               let mark = vietnameseMarks.firstIndex(of: text[i + 1]) {
                result.append(vietnameseComposed[mark][base])
                i += 2
            } else {
                result.append(text[i])
                i += 1
            }
        }
        return result
    }

    private static let vietnameseBases = Array(LangDetectTables.vietnameseBases.unicodeScalars)
    private static let vietnameseMarks = Array(LangDetectTables.vietnameseMarks.unicodeScalars)
    private static let vietnameseComposed = LangDetectTables.vietnameseComposed.map { Array($0.unicodeScalars) }
}
