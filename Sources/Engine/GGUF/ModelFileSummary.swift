import Foundation

/// What a GGUF model file holds, as `guide model info` shows it: architecture,
/// hyper-parameters, tensors by type, tokenizer and chat template.
public struct ModelFileSummary: Sendable {
    /// One labelled value, already formatted.
    public struct Field: Equatable, Sendable {
        /// The name shown, in the project's vocabulary (`dim`, `headCount`...).
        public let label: String
        /// The formatted value.
        public let value: String
    }

    /// How many tensors use one element type, and how many bytes they take.
    public struct TypeUsage: Equatable, Sendable {
        /// The element type.
        public let type: GGMLType
        /// Number of tensors stored in `type`.
        public let tensorCount: Int
        /// Total data bytes of those tensors.
        public let byteCount: Int
    }

    /// The file's path.
    public let path: String
    /// The file's size in bytes.
    public let fileByteCount: Int
    /// The GGUF format version.
    public let version: Int
    /// `general.name`, when present.
    public let name: String?
    /// `general.architecture`, when present (`llama`, `qwen2`, `gemma3`...).
    public let architecture: String?
    /// Hyper-parameters present in the file (head dimension derived when not stored).
    public let hyperParameters: [Field]
    /// Number of tensors.
    public let tensorCount: Int
    /// Total number of weights over all tensors.
    public let parameterCount: Int
    /// Tensors grouped by element type, the most bytes first.
    public let typeUsage: [TypeUsage]
    /// `tokenizer.ggml.model` (`gpt2`, `llama`...), when present.
    public let tokenizerModel: String?
    /// `tokenizer.ggml.pre`, the pre-tokenizer name, when present.
    public let tokenizerPre: String?
    /// Number of entries in `tokenizer.ggml.tokens`, when present.
    public let vocabSize: Int?
    /// Length in characters of `tokenizer.chat_template`, or nil when the file has none.
    public let chatTemplateLength: Int?

    /// Summarizes `file`, read from `path`.
    public init(file: GGUFFile, path: String) {
        self.path = path
        fileByteCount = file.byteCount
        version = file.version
        name = file.metadata["general.name"]?.stringValue
        let architecture = file.metadata["general.architecture"]?.stringValue
        self.architecture = architecture
        hyperParameters = architecture.map { Self.hyperParameters(of: file, architecture: $0) } ?? []
        tensorCount = file.tensors.count
        parameterCount = file.tensors.reduce(0) { $0 + $1.elementCount }
        var usage: [GGMLType: (count: Int, bytes: Int)] = [:]
        for tensor in file.tensors {
            usage[tensor.type, default: (0, 0)].count += 1
            usage[tensor.type, default: (0, 0)].bytes += tensor.byteCount
        }
        typeUsage = usage
            .map { TypeUsage(type: $0.key, tensorCount: $0.value.count, byteCount: $0.value.bytes) }
            .sorted { ($0.byteCount, $0.type.rawValue) > ($1.byteCount, $1.type.rawValue) }
        tokenizerModel = file.metadata["tokenizer.ggml.model"]?.stringValue
        tokenizerPre = file.metadata["tokenizer.ggml.pre"]?.stringValue
        vocabSize = file.metadata["tokenizer.ggml.tokens"]?.arrayValue?.count
        chatTemplateLength = file.metadata["tokenizer.chat_template"]?.stringValue?.count
    }

    /// The summary as aligned text lines, ending with a newline.
    public var text: String {
        var lines: [String] = []
        lines.append("file          \(path)")
        lines.append("size          \(fileByteCount) bytes (\(mebibytes(fileByteCount))), GGUF v\(version)")
        if let name { lines.append("name          \(name)") }
        lines.append("architecture  \(architecture ?? "(not stated)")")
        if !hyperParameters.isEmpty {
            lines.append("")
            lines.append("hyper-parameters")
            let width = hyperParameters.map(\.label.count).max() ?? 0
            for field in hyperParameters {
                lines.append("  " + field.label.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + field.value)
            }
        }
        lines.append("")
        lines.append("tensors       \(tensorCount), \(parameterCount) parameters")
        for usage in typeUsage {
            let type = usage.type.name.padding(toLength: 5, withPad: " ", startingAt: 0)
            let count = String(usage.tensorCount).leftPadded(to: 5)
            lines.append("  \(type) \(count) tensors  \(String(usage.byteCount).leftPadded(to: 11)) bytes (\(mebibytes(usage.byteCount)))")
        }
        lines.append("")
        lines.append("tokenizer     \(tokenizerModel ?? "(none)"), pre-tokenizer \(tokenizerPre ?? "(none)"), vocabSize \(vocabSize.map(String.init) ?? "unknown")")
        lines.append("chat template " + (chatTemplateLength.map { "yes (\($0) characters)" } ?? "no"))
        return lines.joined(separator: "\n") + "\n"
    }

    /// The `<architecture>.*` hyper-parameters that are present, in the project's vocabulary.
    private static func hyperParameters(of file: GGUFFile, architecture: String) -> [Field] {
        let keys: [(label: String, key: String)] = [
            ("layerCount", "block_count"),
            ("dim", "embedding_length"),
            ("hiddenDim", "feed_forward_length"),
            ("headCount", "attention.head_count"),
            ("kvHeadCount", "attention.head_count_kv"),
            ("headDim", "attention.key_length"),
            ("contextLength", "context_length"),
            ("ropeFreqBase", "rope.freq_base"),
            ("rmsNormEpsilon", "attention.layer_norm_rms_epsilon"),
            ("slidingWindow", "attention.sliding_window"),
        ]
        var fields: [Field] = []
        for (label, key) in keys {
            guard let value = file.metadata["\(architecture).\(key)"] else {
                // Files that do not store the head dimension use dim / headCount.
                if label == "headDim",
                   let dim = file.metadata["\(architecture).embedding_length"]?.intValue,
                   let headCount = file.metadata["\(architecture).attention.head_count"]?.intValue,
                   headCount > 0 {
                    fields.append(Field(label: label, value: "\(dim / headCount) (dim / headCount)"))
                }
                continue
            }
            fields.append(Field(label: label, value: format(value)))
        }
        return fields
    }

    private static func format(_ value: GGUFValue) -> String {
        if let int = value.intValue { return String(int) }
        if let double = value.floatingValue { return String(format: "%g", double) }
        if let string = value.stringValue { return string }
        if let array = value.arrayValue { return "[" + array.map(format).joined(separator: ", ") + "]" }
        return "\(value)"
    }
}

private func mebibytes(_ bytes: Int) -> String {
    String(format: "%.1f MiB", Double(bytes) / 1_048_576)
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
