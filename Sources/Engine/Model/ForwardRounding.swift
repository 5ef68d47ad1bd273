/// Where the forward pass rounds intermediate values, as a strategy chosen once per session
/// from its `Numerics`: the layer calls the same three steps whatever the numerics, and
/// only the strategy knows whether they round.
protocol ForwardRounding: Sendable {
    /// Rounds one call's queries, keys and values (RoPE applied) before the keys and values
    /// enter the cache.
    func attentionInputs(queries: UnsafeMutablePointer<Float>, queryCount: Int,
                         keys: UnsafeMutablePointer<Float>, keyCount: Int,
                         values: UnsafeMutablePointer<Float>, valueCount: Int)

    /// Rounds one row of attention probabilities before they multiply the values.
    func probabilities(_ row: UnsafeMutablePointer<Float>, count: Int)

    /// The feed-forward block's gate: `gate[i] = act(gate[i]) · up[i]`.
    func gatedActivation(_ activation: FeedForwardActivation, gate: UnsafeMutablePointer<Float>,
                         up: UnsafePointer<Float>, count: Int)
}

extension Numerics {
    /// The rounding strategy these numerics stand for.
    var rounding: any ForwardRounding {
        switch self {
        case .float32: return Float32Rounding()
        case .llamaCPP: return LlamaCPPRounding()
        }
    }
}

/// `Numerics.float32`: F32 throughout, nothing rounded.
struct Float32Rounding: ForwardRounding {
    func attentionInputs(queries: UnsafeMutablePointer<Float>, queryCount: Int,
                         keys: UnsafeMutablePointer<Float>, keyCount: Int,
                         values: UnsafeMutablePointer<Float>, valueCount: Int) {}

    func probabilities(_ row: UnsafeMutablePointer<Float>, count: Int) {}

    func gatedActivation(_ activation: FeedForwardActivation, gate: UnsafeMutablePointer<Float>,
                         up: UnsafePointer<Float>, count: Int) {
        VectorMath.gatedActivation(activation, gate: gate, up: up, count: count)
    }
}

/// `Numerics.llamaCPP`: llama.cpp's CPU backend keeps K and V as F16 and multiplies Q with K
/// in F16, multiplies the probabilities with its F16 values, and takes GeGLU's GELU from a
/// table of F16 results. (Projection inputs are rounded by `InferenceSession.project`.)
struct LlamaCPPRounding: ForwardRounding {
    func attentionInputs(queries: UnsafeMutablePointer<Float>, queryCount: Int,
                         keys: UnsafeMutablePointer<Float>, keyCount: Int,
                         values: UnsafeMutablePointer<Float>, valueCount: Int) {
        LlamaRounding.half(queries, count: queryCount)
        LlamaRounding.half(keys, count: keyCount)
        LlamaRounding.half(values, count: valueCount)
    }

    func probabilities(_ row: UnsafeMutablePointer<Float>, count: Int) {
        LlamaRounding.half(row, count: count)
    }

    func gatedActivation(_ activation: FeedForwardActivation, gate: UnsafeMutablePointer<Float>,
                         up: UnsafePointer<Float>, count: Int) {
        switch activation {
        case .geluTanh: LlamaRounding.gatedGELU(gate: gate, up: up, count: count)
        case .silu: VectorMath.gatedActivation(activation, gate: gate, up: up, count: count)
        }
    }
}
