/// How the encoder rounds activations before each weight product.
public enum EncoderNumerics: String, Sendable, CaseIterable {
    /// As the reference engine (`e5.c`) multiplies: every activation row is quantized to
    /// 8 bits per block of 32 (`d = max|x| / 127` kept as F32, `q = round-half-even(x / d)`
    /// clamped to −128…127) before the 4-bit weight product. The default: it is the
    /// arithmetic the model was published and checked with.
    case reference
    /// F32 activations throughout.
    case float32

    /// Rounds `count` activations (a whole number of 32-element blocks) in place.
    func round(_ x: UnsafeMutablePointer<Float>, count: Int) {
        guard self == .reference else { return }
        for block in 0..<count / 32 {
            let b = x + 32 * block
            var amax: Float = 0
            for i in 0..<32 { amax = max(amax, abs(b[i])) }
            let d = amax / 127
            let inverse: Float = d > 0 ? 1 / d : 0
            for i in 0..<32 { b[i] = min(127, max(-128, (b[i] * inverse).rounded(.toNearestOrEven))) * d }
        }
    }
}
