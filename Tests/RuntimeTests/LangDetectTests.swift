import Foundation
import Testing
@testable import Runtime

/// The langdetect port against Python's langdetect 1.0.9 (seed 0).
@Suite struct LangDetectAgreementTests {
    /// ≥ 99.5 % of the fixture's texts get Python's language (the issue's bar); every
    /// disagreement is listed. Where both agree, the top probability agrees to 1e-9: both
    /// sides add in the same order (profiles in file-name order), so only libm's last bit
    /// in `gauss` could move it.
    @Test func agreesWithPythonTextForText() throws {
        let detector = try LangDetectFixture.detector()
        let texts = try LangDetectFixture.texts()
        #expect(texts.count >= 1000)
        var agreed = 0
        var disagreements: [String] = []
        var probabilityDrifts: [String] = []
        for item in texts {
            let answer: String?
            let top: Double?
            do {
                let languages = try detector.probabilities(item.text)
                answer = languages.first?.code ?? "unknown"
                top = languages.first?.probability
            } catch LangDetectError.noFeatures {
                answer = nil
                top = nil
            }
            guard answer == item.code else {
                disagreements.append("#\(item.id) \(item.kind) Python \(item.code ?? "error") \(item.probability ?? 0), Swift \(answer ?? "error") \(top ?? 0): \(item.text.prefix(80).debugDescription)")
                continue
            }
            agreed += 1
            if let expected = item.probability, let top, abs(top - expected) > 1e-9 {
                probabilityDrifts.append("#\(item.id) \(item.code ?? "") Python \(expected) Swift \(top)")
            }
        }
        let share = Double(agreed) / Double(texts.count)
        #expect(share >= 0.995, "agreement \(agreed)/\(texts.count); disagreements:\n\(disagreements.joined(separator: "\n"))")
        #expect(probabilityDrifts.count <= texts.count / 200, "top probabilities off by > 1e-9:\n\(probabilityDrifts.joined(separator: "\n"))")
    }

    @Test func textsWithoutFeaturesAreUnknown() throws {
        let detector = try LangDetectFixture.detector()
        for text in ["", "123 !!", "   ", "😀"] {
            #expect(throws: LangDetectError.noFeatures) { try detector.probabilities(text) }
            #expect(LanguageDetection.language(of: text, detector: detector) == DetectedLanguage(code: "unknown", probability: 0))
            #expect(try !LanguageDetection.isLanguage(text, "fr", detector: detector))
        }
    }

    @Test func unknownCodesAreErrors() throws {
        let detector = try LangDetectFixture.detector()
        #expect(throws: UnknownLanguageCode.self) { try LanguageDetection.isLanguage("Bonjour", "xx", detector: detector) }
        #expect(throws: UnknownLanguageCode.self) { try LanguageDetection.isLanguage("Bonjour", "unknown", detector: detector) }
        #expect(try LanguageDetection.isLanguage("Le chat dort sur le canapé du salon.", "FR", detector: detector))
        #expect(throws: Never.self) { try LanguageDetection.isLanguage("你好", "zh-CN", detector: detector) }
    }

    @Test func fiftyFiveProfilesLoadOnce() throws {
        let detector = try LangDetectFixture.detector()
        #expect(detector.profiles.languages.count == 55)
        #expect(detector.profiles.languages.first == "af" && detector.profiles.languages.last == "zh-tw")
        let again = try LanguageDetection.shared()
        #expect(again.profiles.languages == detector.profiles.languages)
    }

    @Test func missingProfilesSayHowToFetchThem() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(throws: LangDetectProfilesError.missing(directory: directory + "/absent")) {
            try LanguageDetection.shared(directory: directory + "/absent")
        }
        #expect("\(LangDetectProfilesError.missing(directory: "/x"))".contains("guide data fetch langdetect"))
        try "{\"freq\": {\"a\": 1}".write(toFile: directory + "/en", atomically: true, encoding: .utf8)
        try "{\"freq\": {\"a\": 1}, \"n_words\": [1, 0, 0], \"name\": \"fr\"}".write(toFile: directory + "/fr", atomically: true, encoding: .utf8)
        #expect { try LangDetectProfiles(directory: directory) } throws: { error in
            guard case LangDetectProfilesError.unreadable(let path, _) = error else { return false }
            return path == directory + "/en"
        }
    }
}

/// Pieces of the port on inputs whose Python results were printed by langdetect 1.0.9.
@Suite struct LangDetectUnitTests {
    /// The three toy profiles of langdetect's own `tests/test_detector.py`, seeded with 0;
    /// the posteriors are Python's `Detector.langprob`.
    @Test(arguments: [
        ("a", "en", [0.9999943367184672, 5.66328153294083e-06, 2.1321790688220017e-42]),
        ("b d", "fr", [7.895957625659297e-07, 0.9999992104042373, 1.9764605469093212e-79]),
        ("d e", "en", [0.9999999994089093, 5.91090682654282e-10, 4.663069494897891e-21]),
        ("\u{3042}\u{3042}\u{3042}\u{3042}a", "ja", [2.786292000568826e-24, 2.786292000568826e-24, 0.9999999999999998]),
    ])
    func toyProfilesGivePythonsPosteriors(_ text: String, expected: String, posterior: [Double]) throws {
        let detector = LangDetector(profiles: try Self.toyProfiles())
        #expect(try detector.detect(text) == expected)
        let swift = try detector.posteriors(text)
        for (a, b) in zip(swift, posterior) {
            #expect(abs(a - b) <= 1e-12 * max(abs(b), 1e-300), "\(swift) vs \(posterior)")
        }
    }

    static func toyProfiles() throws -> LangDetectProfiles {
        func profile(_ name: String, _ training: String) -> LangDetectProfiles.Profile {
            var freq: [String: Int] = [:]
            let words = training.split(separator: " ").map(String.init)
            for word in words { freq[word, default: 0] += 1 }
            return LangDetectProfiles.Profile(name: name, freq: freq, wordCounts: [words.count, 0, 0])
        }
        return try LangDetectProfiles(profiles: [
            profile("en", "a a a b b c c d e"),
            profile("fr", "a b b c c c d d d"),
            profile("ja", "\u{3042} \u{3042} \u{3042} \u{3044} \u{3046} \u{3048} \u{3048}"),
        ], directory: "toy")
    }

    /// `Detector.append`'s text, as Python's `detector.text` after `append(text)`.
    @Test(arguments: [
        ("see http://x.org/a?b=1 now", "see now"),
        ("https://", "https://"),
        ("http://", "http://"),
        ("a@b", "a@b"),
        ("a@bc", " "),
        (String(repeating: "x", count: 70) + "@example.com end", "xxxxxx end"),
        ("mail me: a.b-c@d_e.f.g, thanks", "mail me: , thanks"),
        ("user@host.", " "),
        ("AB  CD   E", "AB CD E"),
        ("Tie\u{302}\u{301}ng", "Tie\u{302}\u{301}ng"),
        ("a@b@cd", "a@ "),
        ("http://a@b.cd", " @b.cd"),
        ("foo@bar" + String(repeating: "x", count: 300) + ".com", " "),
        ("Vie\u{323}\u{302}t", "Vi\u{1EB9}\u{302}t"),
    ])
    func textPreparationMatchesPython(_ input: String, expected: String) {
        let prepared = String(String.UnicodeScalarView(LangDetectText.prepare(input)))
        #expect(Array(prepared.unicodeScalars) == Array(expected.unicodeScalars))
    }

    @Test func normalizationFoldsLikeNGramNormalize() {
        let cases: [(Unicode.Scalar, Unicode.Scalar)] = [
            ("a", "a"), ("1", " "), ("!", " "), ("\u{AB}", " "), ("é", "é"), ("\u{219}", "\u{15F}"),
            ("\u{2019}", " "), ("\u{6CC}", "\u{64A}"), ("\u{1EA1}", "\u{1EC3}"), ("\u{1E00}", "\u{1E00}"),
            ("\u{3044}", "\u{3042}"), ("\u{30AB}", "\u{30A2}"), ("\u{3106}", "\u{3105}"), ("\u{AC01}", "\u{AC00}"),
            ("\u{4F7C}", "\u{4F7C}"), ("\u{6934}", "\u{4F7C}"), ("\u{0416}", "\u{0416}"),
        ]
        for (input, expected) in cases {
            #expect(LangDetectNGram.normalize(input) == expected, "\(input)")
        }
    }

    @Test func capitalWordsAreSkipped() {
        var window = LangDetectNGram()
        for ch in "ABC".unicodeScalars { window.add(ch) }
        #expect(window.isCapitalWord)
        window.add("d")
        #expect(!window.isCapitalWord)
        #expect(window.grams == ["B", "C", "d"])
    }
}
