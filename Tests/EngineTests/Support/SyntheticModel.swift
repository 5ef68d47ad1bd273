import Foundation
import TestSupport
@testable import Engine

/// The tiny model of the engine's tests: a transformer with seeded random F32 weights and
/// a byte-level vocabulary, for tests that need a real GGUF model file without downloading
/// one; `NaiveTransformer` is its reference forward pass.
///
/// Tensor names and shapes follow llama.cpp's llama / qwen2 / gemma3 layouts (ne0 first);
/// qwen2 adds Q/K/V biases; gemma3 adds per-head Q/K norms, post-attention and post-FFN
/// norms, and sliding-window layers (window smaller than the test prompts, every other
/// layer, local RoPE base 10 000 against a global 10⁶). `write(to:)` stores it as a GGUF v3 file.
struct SyntheticModel {
    enum Flavour: String, CaseIterable, Sendable { case llama, qwen2, gemma3 }

    struct Config: Sendable {
        var flavour: Flavour
        var dim = 32
        var hiddenDim = 48
        var headCount = 4
        var kvHeadCount = 2
        var layerCount = 3
        var ropeBase: Float = 10_000
        var rmsEpsilon: Float = 1e-5
        var contextLength = 512
        /// Scale of the random Q/K weights: larger values give peakier attention.
        var attentionSharpness: Float = 2
        /// Sliding-window size of the local layers (gemma3), nil for none.
        var slidingWindow: Int?
        /// Layer l is global iff `(l + 1) % slidingWindowPattern == 0` (gemma3).
        var slidingWindowPattern = 2
        /// The end-of-generation token written to the metadata; nil: `<|im_end|>`.
        var eosID: Int?

        var headDim: Int { dim / headCount }

        init(flavour: Flavour) {
            self.flavour = flavour
            if flavour == .gemma3 {
                slidingWindow = 16
                ropeBase = 1_000_000
            }
        }

        /// Whether layer `layer` attends only within the sliding window.
        func isSliding(_ layer: Int) -> Bool {
            slidingWindow != nil && (layer + 1) % slidingWindowPattern != 0
        }

        /// RoPE base of layer `layer`: llama.cpp's default 10 000 for sliding layers.
        func ropeBase(layer: Int) -> Float { isSliding(layer) ? 10_000 : ropeBase }
    }

    /// One stored tensor: `shape` is ne0 first; `values` row-major (rows of ne0).
    struct Tensor {
        var name: String
        var shape: [Int]
        var values: [Float]
    }

    let config: Config
    let tensors: [Tensor]
    /// The vocabulary: the 256 GPT-2 byte symbols (byte b is token b), the results of
    /// `merges`, then `specialTokens`.
    let vocabulary: [String]
    static let merges = ["Ġ t", "h e"]
    static let specialTokens = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]

    var vocabSize: Int { vocabulary.count }

    /// The id of special token `text` (one of `specialTokens`).
    func specialID(_ text: String) -> Int {
        vocabulary.lastIndex(of: text) ?? -1
    }

    init(_ config: Config, seed: UInt64 = 1) {
        self.config = config
        vocabulary = Self.byteSymbols + Self.merges.map { $0.split(separator: " ").joined() }
            + Self.specialTokens
        var random = SplitMix64(seed: seed)
        let c = config
        let headDim = c.dim / c.headCount
        let kvDim = c.kvHeadCount * headDim
        func matrix(_ name: String, cols: Int, rows: Int, scale: Float) -> Tensor {
            let bound = scale / Float(cols).squareRoot()
            return Tensor(name: name, shape: [cols, rows],
                          values: (0..<cols * rows).map { _ in random.uniform(bound) })
        }
        func vector(_ name: String, count: Int, around center: Float, spread: Float) -> Tensor {
            Tensor(name: name, shape: [count],
                   values: (0..<count).map { _ in center + random.uniform(spread) })
        }
        var tensors = [matrix("token_embd.weight", cols: c.dim, rows: vocabulary.count,
                              scale: Float(c.dim).squareRoot())]
        for layer in 0..<c.layerCount {
            let p = "blk.\(layer)."
            tensors.append(vector(p + "attn_norm.weight", count: c.dim, around: 1, spread: 0.2))
            tensors.append(matrix(p + "attn_q.weight", cols: c.dim, rows: c.dim, scale: c.attentionSharpness))
            tensors.append(matrix(p + "attn_k.weight", cols: c.dim, rows: kvDim, scale: c.attentionSharpness))
            tensors.append(matrix(p + "attn_v.weight", cols: c.dim, rows: kvDim, scale: 1))
            if c.flavour == .qwen2 {
                tensors.append(vector(p + "attn_q.bias", count: c.dim, around: 0, spread: 0.5))
                tensors.append(vector(p + "attn_k.bias", count: kvDim, around: 0, spread: 0.5))
                tensors.append(vector(p + "attn_v.bias", count: kvDim, around: 0, spread: 0.5))
            }
            if c.flavour == .gemma3 {
                tensors.append(vector(p + "attn_q_norm.weight", count: headDim, around: 1, spread: 0.2))
                tensors.append(vector(p + "attn_k_norm.weight", count: headDim, around: 1, spread: 0.2))
                tensors.append(vector(p + "post_attention_norm.weight", count: c.dim, around: 0.5, spread: 0.2))
                tensors.append(vector(p + "post_ffw_norm.weight", count: c.dim, around: 0.5, spread: 0.2))
            }
            tensors.append(matrix(p + "attn_output.weight", cols: c.dim, rows: c.dim, scale: 1))
            tensors.append(vector(p + "ffn_norm.weight", count: c.dim, around: 1, spread: 0.2))
            tensors.append(matrix(p + "ffn_gate.weight", cols: c.dim, rows: c.hiddenDim, scale: 1))
            tensors.append(matrix(p + "ffn_up.weight", cols: c.dim, rows: c.hiddenDim, scale: 1))
            tensors.append(matrix(p + "ffn_down.weight", cols: c.hiddenDim, rows: c.dim, scale: 1))
        }
        tensors.append(vector("output_norm.weight", count: c.dim, around: 1, spread: 0.2))
        if c.flavour == .qwen2 {
            tensors.append(matrix("output.weight", cols: c.dim, rows: vocabulary.count, scale: 1))
        }
        self.tensors = tensors
        tensorIndex = Dictionary(uniqueKeysWithValues: tensors.enumerated().map { ($1.name, $0) })
    }

    private let tensorIndex: [String: Int]

    func hasTensor(_ name: String) -> Bool { tensorIndex[name] != nil }

    /// The values of tensor `name`; a missing name is a bug in the test itself.
    func tensor(_ name: String) -> [Float] {
        guard let index = tensorIndex[name] else {
            preconditionFailure("synthetic model has no tensor \(name)")
        }
        return tensors[index].values
    }

    /// Token ids of `text` under the byte-level vocabulary (no merges): byte b is token b.
    func byteTokens(_ text: String) -> [Int] {
        text.utf8.map { Int($0) }
    }

    /// GPT-2's printable stand-ins for the 256 byte values, in byte order.
    static let byteSymbols: [String] = {
        let printable = Set(Array(33...126) + Array(161...172) + Array(174...255))
        var symbols = [Int](repeating: 0, count: 256)
        var extra = 0
        for byte in 0..<256 {
            if printable.contains(byte) {
                symbols[byte] = byte
            } else {
                symbols[byte] = 256 + extra
                extra += 1
            }
        }
        return symbols.map { String(UnicodeScalar(UInt16($0)).map(Character.init) ?? "?") }
    }()
}
