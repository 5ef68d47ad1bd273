import Foundation
@testable import Runtime

/// The committed fixtures of the langdetect port (`Fixtures/langdetect`, made by
/// `bench/langdetect_fixture.py` with Python's langdetect 1.0.9) and the cached profiles.
enum LangDetectFixture {
    /// One text and Python's answer for it.
    struct Labelled: Decodable {
        var id: Int
        var kind: String
        var lang: String
        var text: String
        /// `detect(text)`, or nil when Python raised (`error`).
        var code: String?
        /// The top probability, nil for `unknown` and errors.
        var probability: Double?
        /// `detect_langs(text)` as [code, probability] pairs.
        var languages: [[LanguageOrProbability]]
        var error: String?
    }

    /// An element of a `[code, probability]` pair.
    enum LanguageOrProbability: Decodable {
        case code(String)
        case probability(Double)

        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let code = try? container.decode(String.self) {
                self = .code(code)
            } else {
                self = .probability(try container.decode(Double.self))
            }
        }
    }

    /// Outputs of Python's `random.Random(seed)`.
    struct RandomCase: Decodable {
        var seed: UInt64
        var random: [Double]
        var gauss: [Double]
        var getrandbits: [[UInt64]]
        var choice: [[Int]]
        var interleaved: [[GaussOrChoice]]
        var uint32_698_to_700: [UInt32]
    }

    /// An element of an `["gauss", x]` / `["choice", i]` pair.
    enum GaussOrChoice: Decodable {
        case name(String)
        case number(Double)

        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let name = try? container.decode(String.self) {
                self = .name(name)
            } else {
                self = .number(try container.decode(Double.self))
            }
        }
    }

    enum FixtureError: Error, CustomStringConvertible {
        case missing(String)
        var description: String { "missing test fixture \(self)" }
    }

    static func url(_ name: String, _ ext: String) throws -> URL {
        guard let url = Bundle.module.url(forResource: "Fixtures/langdetect/\(name)", withExtension: ext) else {
            throw FixtureError.missing("Fixtures/langdetect/\(name).\(ext)")
        }
        return url
    }

    static func texts() throws -> [Labelled] {
        let data = try Data(contentsOf: try url("langdetect", "jsonl"))
        return try data.split(separator: UInt8(ascii: "\n")).map { try JSONDecoder().decode(Labelled.self, from: Data($0)) }
    }

    static func randomCases() throws -> [RandomCase] {
        try JSONDecoder().decode([RandomCase].self, from: Data(contentsOf: try url("python_random", "json")))
    }

    /// The detector over the cached profiles; the error says how to fetch them.
    static func detector() throws -> LangDetector {
        try LanguageDetection.shared()
    }
}
