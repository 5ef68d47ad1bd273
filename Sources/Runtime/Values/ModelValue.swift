import Engine
import GuideLang

/// `model(…)`: a loaded model. Fields: `name`, `layers`, `heads`, `context`, `vocab`,
/// `architecture`, `path`, `sha256` (of the file, as experiment rows name it).
public final class ModelValue: NativeValue, DataConvertible {
    /// The loaded model, shared by every value that names the same file.
    public let loaded: LoadedModel

    init(_ loaded: LoadedModel) { self.loaded = loaded }

    public var typeName: String { "model" }
    public var memberNames: [String] {
        ["name", "layers", "heads", "context", "vocab", "architecture", "path", "sha256"]
    }

    public func member(_ name: String) throws -> Value? {
        let config = loaded.model.config
        switch name {
        case "name": return .string(loaded.model.name)
        case "layers": return .number(Double(config.layerCount))
        case "heads": return .number(Double(config.headCount))
        case "context": return .number(Double(config.contextLength))
        case "vocab": return .number(Double(config.vocabSize))
        case "architecture": return .string(config.architecture)
        case "path": return .string(loaded.path)
        case "sha256": return .string(try ModelFingerprints().sha256(ofModelAt: loaded.path))
        default: return nil
        }
    }

    public func displayText() -> String {
        let c = loaded.model.config
        return "<model \(loaded.model.name): \(c.architecture), \(c.layerCount) layers, \(c.headCount) heads, context \(c.contextLength), vocab \(c.vocabSize)>"
    }

    public func isEqual(to other: NativeValue) -> Bool {
        (other as? ModelValue)?.loaded === loaded
    }

    public var data: DataValue { .string(loaded.model.name) }
}
