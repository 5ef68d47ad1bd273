import Foundation
import Testing
@testable import Engine

/// llama.cpp's reference tokenizations for one model, copied from the shared reference
/// outputs by `Fixtures/Tokenizer/make_fixtures.py`.
struct TokenizerReference: Decodable {
    struct ReferenceString: Decodable, CustomTestStringConvertible {
        var name: String
        var text: String
        var idsParseSpecial: [Int]
        var idsPlain: [Int]
        var testDescription: String { name }
    }

    struct ReferencePrompt: Decodable, CustomTestStringConvertible {
        var id: String
        var prompt: String
        var parseSpecial: Bool
        var promptTokenIds: [Int]
        var chatMessages: [Message]?
        var testDescription: String { id }
    }

    struct Message: Decodable {
        var role: String
        var content: String
    }

    var model: String
    var bosId: Int
    var eosId: Int
    var addsBos: Bool
    var eogIds: [Int]
    var strings: [ReferenceString]
    var prompts: [ReferencePrompt]

    /// The models that have reference tokenizations.
    static let modelNames = ["smollm2-135m-instruct", "qwen2.5-coder-0.5b-instruct"]

    /// Loads the fixture of a model.
    static func load(_ model: String) throws -> TokenizerReference {
        guard let url = Bundle.module.url(forResource: "Fixtures/Tokenizer/\(model)", withExtension: "json") else {
            throw FixtureError.missing("Fixtures/Tokenizer/\(model).json")
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(TokenizerReference.self, from: Data(contentsOf: url))
    }

    /// Every (model, reference string) pair, for parameterized tests.
    static func allStrings() -> [(String, ReferenceString)] {
        modelNames.flatMap { model in
            ((try? load(model))?.strings ?? []).map { (model, $0) }
        }
    }

    /// Every (model, reference prompt) pair, for parameterized tests.
    static func allPrompts() -> [(String, ReferencePrompt)] {
        modelNames.flatMap { model in
            ((try? load(model))?.prompts ?? []).map { (model, $0) }
        }
    }
}

enum FixtureError: Error, CustomStringConvertible {
    case missing(String)
    var description: String {
        switch self {
        case let .missing(path): return "fixture \(path) is missing from the test bundle"
        }
    }
}
