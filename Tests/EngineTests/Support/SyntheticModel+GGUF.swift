import Foundation
@testable import Engine

extension SyntheticModel {
    /// A ChatML template in the Jinja subset chat templates use.
    static let chatTemplate = "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + "
        + "message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}"
        + "{{ '<|im_start|>assistant\\n' }}{% endif %}"

    /// The model as a GGUF v3 file: F32 tensors, llama.cpp metadata keys, a byte-level
    /// BPE tokenizer (llama: BOS `<|endoftext|>` added; qwen2, gemma3: no BOS) and a ChatML template.
    /// Tensors named in `omitting` are left out (a broken file for error tests).
    func ggufWriter(omitting: Set<String> = []) throws -> GGUFWriter {
        let c = config
        let arch = c.flavour.rawValue
        var writer = try GGUFWriter()
        try writer.set("general.architecture", .string(arch))
        try writer.set("general.name", .string("synthetic-\(arch)"))
        try writer.set("\(arch).block_count", .uint32(UInt32(c.layerCount)))
        try writer.set("\(arch).context_length", .uint32(UInt32(c.contextLength)))
        try writer.set("\(arch).embedding_length", .uint32(UInt32(c.dim)))
        try writer.set("\(arch).feed_forward_length", .uint32(UInt32(c.hiddenDim)))
        try writer.set("\(arch).attention.head_count", .uint32(UInt32(c.headCount)))
        try writer.set("\(arch).attention.head_count_kv", .uint32(UInt32(c.kvHeadCount)))
        try writer.set("\(arch).attention.layer_norm_rms_epsilon", .float32(c.rmsEpsilon))
        try writer.set("\(arch).rope.freq_base", .float32(c.ropeBase))
        if let window = c.slidingWindow {
            try writer.set("\(arch).attention.sliding_window", .uint32(UInt32(window)))
            try writer.set("\(arch).attention.sliding_window_pattern", .uint32(UInt32(c.slidingWindowPattern)))
        }
        try writer.set("tokenizer.ggml.model", .string("gpt2"))
        try writer.set("tokenizer.ggml.pre", .string(c.flavour == .llama ? "gpt2" : "qwen2"))
        try writer.set("tokenizer.ggml.tokens", .array(vocabulary.map { .string($0) }))
        let special = Set(Self.specialTokens)
        try writer.set("tokenizer.ggml.token_type",
                       .array(vocabulary.map { .int32(special.contains($0) ? 3 : 1) }))
        try writer.set("tokenizer.ggml.merges", .array(Self.merges.map { .string($0) }))
        try writer.set("tokenizer.ggml.bos_token_id",
                       .uint32(UInt32(specialID(c.flavour == .llama ? "<|endoftext|>" : "<|im_start|>"))))
        try writer.set("tokenizer.ggml.eos_token_id", .uint32(UInt32(c.eosID ?? specialID("<|im_end|>"))))
        try writer.set("tokenizer.ggml.add_bos_token", .bool(c.flavour == .llama))
        try writer.set("tokenizer.chat_template", .string(Self.chatTemplate))
        for tensor in tensors where !omitting.contains(tensor.name) {
            try writer.addTensor(tensor.name, shape: tensor.shape, values: tensor.values)
        }
        return writer
    }

    /// Writes the model to a temporary file and opens it with the engine.
    func load() throws -> LanguageModel {
        try Self.open(try ggufWriter())
    }

    /// Opens what `writer` holds (a model, or a deliberately broken one) through a temporary file.
    static func open(_ writer: GGUFWriter) throws -> LanguageModel {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("synthetic-\(UUID().uuidString).gguf").path
        try writer.write(to: path)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try LanguageModel(path: path)
    }

    /// Writes the GGUF file to a fresh temporary path and returns the path.
    func writeTemporaryFile() throws -> String {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("synthetic-\(config.flavour.rawValue)-\(UUID().uuidString).gguf").path
        try ggufWriter().write(to: path)
        return path
    }
}
