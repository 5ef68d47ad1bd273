import Foundation

/// A GGUF model ready to run: hyper-parameters, weights (memory-mapped), tokenizer and chat format.
public final class LanguageModel {
    /// Hyper-parameters and architecture traits.
    public let config: ModelConfig
    /// The model's tokenizer.
    public let tokenizer: Tokenizer
    /// The chat format, or nil when the file has none the engine recognises.
    public let chatTemplate: ChatTemplate?
    /// `general.name`, or the file name when the key is absent.
    public let name: String
    /// The open file; the weights point into its mapping.
    public let gguf: GGUFFile
    let weights: ModelWeights
    /// The last generation's prompt rows, for the next prompt that starts the same way.
    let prefixCache = PrefixCache()

    /// Opens and validates the GGUF file at `path`.
    public convenience init(path: String) throws {
        let gguf = try GGUFFile(path: path)
        let fallback = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        try self.init(gguf: gguf, fallbackName: fallback)
    }

    /// Builds a model over an already opened file.
    public init(gguf: GGUFFile, fallbackName: String = "model") throws {
        self.gguf = gguf
        config = try ModelConfig(gguf: gguf)
        weights = try ModelWeights(gguf: gguf, config: config)
        tokenizer = try Tokenizer(gguf: gguf)
        chatTemplate = try? ChatTemplate(gguf: gguf)
        name = (try? gguf.string("general.name")) ?? fallbackName
    }
}
