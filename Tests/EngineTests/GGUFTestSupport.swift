import Foundation
@testable import Engine

/// Little-endian byte building for hand-made (often deliberately broken) GGUF files.
struct GGUFBytes {
    var bytes: [UInt8] = []
    var count: Int { bytes.count }

    mutating func u8(_ v: UInt8) { bytes.append(v) }
    mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func string(_ s: String) { u64(UInt64(s.utf8.count)); bytes.append(contentsOf: s.utf8) }

    /// Magic, version and the two counts.
    static func header(version: UInt32 = 3, tensors: UInt64, keys: UInt64) -> GGUFBytes {
        var b = GGUFBytes()
        b.u32(0x4655_4747)
        b.u32(version)
        b.u64(tensors)
        b.u64(keys)
        return b
    }
}

/// The cached real models, found as the registry finds them (`GUIDE_CACHE` or
/// `~/.cache/guide`, then `models/<name>.gguf`).
enum GGUFTestModels {
    static let smolLM = "smollm2-135m-instruct"
    static let qwen = "qwen2.5-coder-0.5b-instruct"
    static let gemma = "gemma-3-270m"

    static func path(_ name: String) -> String {
        let environment = ProcessInfo.processInfo.environment
        let cache = environment["GUIDE_CACHE"] ?? (NSHomeDirectory() + "/.cache/guide")
        return cache + "/models/\(name).gguf"
    }

    /// Opens the model, failing with a message that says where it was expected.
    static func open(_ name: String) throws -> GGUFFile {
        let path = path(name)
        guard FileManager.default.fileExists(atPath: path) else {
            throw MissingModel(path: path)
        }
        return try GGUFFile(path: path)
    }

    struct MissingModel: Error, CustomStringConvertible {
        let path: String
        var description: String { "model file missing at \(path) (run `guide model fetch` or set GUIDE_CACHE)" }
    }
}
