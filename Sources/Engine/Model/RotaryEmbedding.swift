import Foundation

/// Rotary position embedding of one layer kind (global or sliding), applied in place.
///
/// Pair i (0 ≤ i < nRot/2) turns by `pos · freqScale · base^(−2i/nRot)`; NORM pairs are
/// `(x[2i], x[2i+1])`, NEOX pairs `(x[i], x[i + nRot/2])`. Dimensions past nRot are left alone.
struct RotaryEmbedding {
    let type: RopeType
    let rotatedDims: Int
    /// `frequencies[i] = freqScale · base^(−2i/nRot)`, per pair.
    let frequencies: [Double]

    init(type: RopeType, rotatedDims: Int, base: Float, freqScale: Float) {
        self.type = type
        self.rotatedDims = rotatedDims
        frequencies = (0..<rotatedDims / 2).map { i in
            Double(freqScale) * pow(Double(base), -2 * Double(i) / Double(rotatedDims))
        }
    }

    /// The cosines and sines for `position`, interleaved `[cos0, sin0, cos1, sin1, …]`.
    func table(position: Int, into table: UnsafeMutablePointer<Float>) {
        for (i, frequency) in frequencies.enumerated() {
            let angle = Double(position) * frequency
            table[2 * i] = Float(cos(angle))
            table[2 * i + 1] = Float(sin(angle))
        }
    }

    /// Rotates `headCount` heads of `headDim` values, laid out one after another at `x`.
    func rotate(_ x: UnsafeMutablePointer<Float>, headCount: Int, headDim: Int, table: UnsafePointer<Float>) {
        let half = rotatedDims / 2
        for head in 0..<headCount {
            let v = x + head * headDim
            for i in 0..<half {
                let c = table[2 * i], s = table[2 * i + 1]
                let (a, b) = type == .norm ? (2 * i, 2 * i + 1) : (i, i + half)
                let x0 = v[a], x1 = v[b]
                v[a] = x0 * c - x1 * s
                v[b] = x0 * s + x1 * c
            }
        }
    }
}
