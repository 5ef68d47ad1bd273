import Foundation
import Registry
import Testing
@testable import Engine

/// BERTScore separates translations from unrelated text: on parallel sections of the
/// Debian Reference (English and French, `apt-get download debian-reference-en
/// debian-reference-fr` unpacked with `dpkg-deb -x` into `$GUIDE_CACHE/data/deb/<package>/`),
/// a French section scores higher against its own English section than against another one.
@Suite(.serialized) struct EncoderCalibrationTests {
    /// Sections compared (spread evenly over the book) and characters kept of each (about
    /// 300 tokens), to keep the test near half a minute.
    static let sampleCount = 40
    static let characters = 1_200

    @Test func ownTranslationOutscoresAnotherSection() throws {
        let english = try DebianReference.sections("en")
        let french = try DebianReference.sections("fr")
        // Both books number the same 446 headings in the same order.
        #expect(english.count == french.count)
        #expect(english.count > 400)
        let pairs = zip(french, english).filter { fr, en in
            fr.count >= 400 && en.count >= 400 && fr != en  // untranslated sections are left out
        }
        try #require(pairs.count >= Self.sampleCount)
        let picked = (0..<Self.sampleCount).map { pairs[$0 * pairs.count / Self.sampleCount] }
        let encoder = try EncoderTestData.encoder()
        let frStates = picked.map { encoder.tokenStates(String($0.0.prefix(Self.characters))) }
        let enStates = picked.map { encoder.tokenStates(String($0.1.prefix(Self.characters))) }
        func f1(_ c: TextEncoder.TokenStates, _ r: TextEncoder.TokenStates) -> Double {
            BERTScore(candidate: c.states, candidateCount: c.ids.count, reference: r.states,
                      referenceCount: r.ids.count, dim: c.dim).f1
        }
        var own: [Double] = [], other: [Double] = []
        var wins = 0
        for i in picked.indices {
            // The "another section" is half the sample away: a different chapter.
            let j = (i + picked.count / 2) % picked.count
            own.append(f1(frStates[i], enStates[i]))
            other.append(f1(frStates[i], enStates[j]))
            if own[i] > other[i] { wins += 1 }
        }
        print("bertscore F1, French section vs its English section: \(Self.summary(own))")
        print("bertscore F1, French section vs another English section: \(Self.summary(other))")
        print("own > other on \(wins) of \(picked.count) pairs")
        #expect(Double(wins) >= 0.95 * Double(picked.count))
    }

    static func summary(_ values: [Double]) -> String {
        let sorted = values.sorted()
        func quantile(_ q: Double) -> Double { sorted[Int((Double(sorted.count - 1) * q).rounded())] }
        let mean = values.reduce(0, +) / Double(values.count)
        return String(format: "mean %.4f, min %.4f, Q1 %.4f, median %.4f, Q3 %.4f, max %.4f",
                      mean, sorted[0], quantile(0.25), quantile(0.5), quantile(0.75), sorted[sorted.count - 1])
    }
}

/// The Debian Reference's plain-text edition, cut at its numbered headings (`1.2.3.` then a
/// no-break space, at the start of a line); each section's text with whitespace collapsed.
enum DebianReference {
    struct Missing: Error, CustomStringConvertible {
        let path: String
        var description: String {
            "Debian Reference text missing at \(path): run `guide data fetch` for debian-reference-en/-fr, or "
                + "`apt-get download debian-reference-en debian-reference-fr` and `dpkg-deb -x` each into "
                + "$GUIDE_CACHE/data/deb/<package>/"
        }
    }

    static func sections(_ language: String) throws -> [String] {
        let root = ModelCache(environment: ProcessInfo.processInfo.environment).root
        let path = root + "/data/deb/debian-reference-\(language)/usr/share/debian-reference/debian-reference.\(language).txt.gz"
        guard FileManager.default.fileExists(atPath: path) else { throw Missing(path: path) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gzip", "-dc", path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        var sections: [String] = []
        var current: [Substring] = []
        var inSection = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if isHeading(line) {
                if inSection { sections.append(collapse(current)) }
                current = []
                inSection = true
            } else if inSection {
                current.append(line)
            }
        }
        if inSection { sections.append(collapse(current)) }
        return sections
    }

    /// `12.3.4.` + U+00A0 at the start of the line.
    static func isHeading(_ line: Substring) -> Bool {
        var sawDigit = false, afterDot = false
        for character in line {
            if character.isASCII, character.isNumber {
                sawDigit = true
                afterDot = false
            } else if character == ".", sawDigit {
                sawDigit = false
                afterDot = true
            } else {
                return character == "\u{00A0}" && afterDot
            }
        }
        return false
    }

    private static func collapse(_ lines: [Substring]) -> String {
        lines.joined(separator: " ").replacingOccurrences(of: "\u{00A0}", with: " ")
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
