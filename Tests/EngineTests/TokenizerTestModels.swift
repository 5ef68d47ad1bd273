import Foundation
@testable import Engine

/// Tokenizers of the cached real models, built once per test run. A missing model file
/// is an error that says where the file was expected.
enum RealTokenizers {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var tokenizers: [String: Tokenizer] = [:]
    nonisolated(unsafe) private static var files: [String: GGUFFile] = [:]

    /// The tokenizer of a cached model, by registry name.
    static func tokenizer(_ model: String) throws -> Tokenizer {
        lock.lock(); defer { lock.unlock() }
        if let tokenizer = tokenizers[model] { return tokenizer }
        let tokenizer = try Tokenizer(gguf: fileLocked(model))
        tokenizers[model] = tokenizer
        return tokenizer
    }

    /// The opened GGUF file of a cached model, by registry name.
    static func file(_ model: String) throws -> GGUFFile {
        lock.lock(); defer { lock.unlock() }
        return try fileLocked(model)
    }

    private static func fileLocked(_ model: String) throws -> GGUFFile {
        if let file = files[model] { return file }
        let file = try GGUFTestModels.open(model)
        files[model] = file
        return file
    }
}
