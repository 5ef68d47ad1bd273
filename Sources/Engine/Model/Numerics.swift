import Foundation

/// How the forward pass rounds intermediate values. The raw values are the names users
/// write (`--numerics`, `model(…, numerics:)`).
public enum Numerics: String, Sendable, CaseIterable {
    /// F32 activations and KV cache throughout.
    case float32
    /// Round as llama.cpp's CPU backend does, so logits track it closely: activations are
    /// rounded to the 8-bit format llama.cpp multiplies each weight type with (Q8_0 blocks of
    /// 32 for 32-element quants, Q8_K blocks of 256 for K-quants, F16 for F16 weights), and
    /// keys and values are rounded to F16 as in its default KV cache; GeGLU's GELU goes
    /// through F16 as ggml's lookup table does. Storage stays F32.
    case llamaCPP = "llamacpp"

    /// The accepted names, in `allCases` order.
    public static let names = allCases.map(\.rawValue)

    /// The numerics named `name` (`float32` or `llamacpp`, any letter case).
    ///
    /// - Throws: `NumericsError.unknown` naming the accepted values.
    public init(name: String) throws {
        guard let numerics = Numerics(rawValue: name.lowercased()) else {
            throw NumericsError.unknown(name)
        }
        self = numerics
    }
}

/// A numerics name that is neither `float32` nor `llamacpp`.
public enum NumericsError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknown(String)

    public var description: String {
        switch self {
        case .unknown(let name):
            return "unknown numerics '\(name)': expected " + Numerics.names.map { "'\($0)'" }.joined(separator: " or ")
        }
    }
}

/// llama.cpp's activation formats, applied as a round trip (quantize, then dequantize).
enum LlamaRounding {
    /// Rounds `rows` rows of `cols` activations in place as llama.cpp quantizes them for a
    /// matrix of `type`; does nothing for F32 weights.
    static func activations(_ x: UnsafeMutablePointer<Float>, rows: Int, cols: Int, for type: GGMLType) {
        switch type {
        case .f32:
            return
        case .f16, .bf16:
            half(x, count: rows * cols)
        case .q2_K, .q3_K, .q4_K, .q5_K, .q6_K, .q8_K:
            guard cols % 256 == 0 else { return }
            for block in 0..<rows * cols / 256 { q8K(x + block * 256) }
        default:
            guard cols % 32 == 0 else { return }
            for block in 0..<rows * cols / 32 { q8_0(x + block * 32) }
        }
    }

    /// Q8_0 / Q8_1: `d = max|x| / 127` stored as F16, `q = round(x / d)`.
    private static func q8_0(_ x: UnsafeMutablePointer<Float>) {
        var amax: Float = 0
        for i in 0..<32 { amax = max(amax, abs(x[i])) }
        let d = amax / 127
        let inverse: Float = d != 0 ? 1 / d : 0
        let stored = Float(Float16(d))
        for i in 0..<32 { x[i] = (x[i] * inverse).rounded(.toNearestOrEven) * stored }
    }

    /// Q8_K: the element of largest magnitude maps to −127, `d = 1/scale` stored as F32.
    private static func q8K(_ x: UnsafeMutablePointer<Float>) {
        var maximum: Float = 0, amax: Float = 0
        for i in 0..<256 where abs(x[i]) > amax {
            amax = abs(x[i])
            maximum = x[i]
        }
        guard amax != 0 else {
            for i in 0..<256 { x[i] = 0 }
            return
        }
        let scale = -127 / maximum
        let d = 1 / scale
        for i in 0..<256 { x[i] = min(127, (scale * x[i]).rounded(.toNearestOrAwayFromZero)) * d }
    }

    /// `gate[i] = gelu(gate[i]) · up[i]` as ggml's CPU GeGLU computes it (`ggml_vec_geglu_f32`
    /// with `GGML_GELU_FP16`): the input rounded to F16, GELU looked up in a table of F16
    /// results, and the two ends taken exactly (0 at or below −10, x at or above 10).
    static func gatedGELU(gate: UnsafeMutablePointer<Float>, up: UnsafePointer<Float>, count: Int) {
        let low = SIMD8<Float>(repeating: -10), high = SIMD8<Float>(repeating: 10)
        var i = 0
        while i + 8 <= count {
            let g = UnsafeRawPointer(gate + i).loadUnaligned(as: SIMD8<Float>.self)
            let u = UnsafeRawPointer(up + i).loadUnaligned(as: SIMD8<Float>.self)
            let tabled = half(VectorMath.geluTanh(half(g)))
            let activated = tabled.replacing(with: 0, where: g .<= low).replacing(with: g, where: g .>= high)
            UnsafeMutableRawPointer(gate + i).storeBytes(of: activated * u, as: SIMD8<Float>.self)
            i += 8
        }
        while i < count {
            let g = gate[i]
            let tabled = half(VectorMath.geluTanh(half(SIMD8(repeating: g))))[0]
            gate[i] = (g <= -10 ? 0 : g >= 10 ? g : tabled) * up[i]
            i += 1
        }
    }

    /// Rounds `count` floats to the nearest F16 value (ties to even; magnitudes past F16's
    /// range are not clamped to infinity), 8 lanes at a time.
    static func half(_ x: UnsafeMutablePointer<Float>, count: Int) {
        var i = 0
        while i + 8 <= count {
            let v = UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Float>.self)
            UnsafeMutableRawPointer(x + i).storeBytes(of: half(v), as: SIMD8<Float>.self)
            i += 8
        }
        while i < count { x[i] = Float(Float16(x[i])); i += 1 }
    }

    /// Normal F16 values keep 10 mantissa bits: round the F32 bit pattern at bit 13. Below
    /// 2^-14 F16 is subnormal with a fixed step of 2^-24.
    @inline(__always)
    static func half(_ v: SIMD8<Float>) -> SIMD8<Float> {
        let bits = unsafeBitCast(v, to: SIMD8<UInt32>.self)
        let rounded = (bits &+ 0x0FFF &+ ((bits &>> 13) & 1)) & 0xFFFF_E000
        let normal = unsafeBitCast(rounded, to: SIMD8<Float>.self)
        let magic = SIMD8<Float>(repeating: 12_582_912)  // 1.5·2^23: adding it rounds to an integer
        let subnormal = ((v * 16_777_216 + magic) - magic) * (1 / 16_777_216)
        let magnitude = v.replacing(with: -v, where: v .< 0)
        return normal.replacing(with: subnormal, where: magnitude .< 6.103_515_6e-5)
    }
}
