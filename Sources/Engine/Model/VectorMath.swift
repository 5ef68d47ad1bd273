/// Element-wise kernels of the forward pass over contiguous `Float` rows, 8 lanes at a time.
enum VectorMath {
    /// `e^x` for 8 lanes: range reduction `x = n·ln2 + r`, |r| ≤ ln2/2, then a degree-6
    /// polynomial for `e^r` (Cephes `expf` coefficients), scaled by `2^n` through the exponent
    /// bits. Relative error about 2 ulp; inputs below −87.3 (and −∞) give 0, inputs above 88.3
    /// give e^88.3. Rounding to n uses the 1.5·2^23 trick so every step stays in vector registers.
    @inline(__always)
    static func exp(_ x: SIMD8<Float>) -> SIMD8<Float> {
        let magic = SIMD8<Float>(repeating: 12_582_912)
        // Clamped with lane selects: the standard library's `clamped` goes through a scalar loop.
        let low = SIMD8<Float>(repeating: -87.3), high = SIMD8<Float>(repeating: 88.3)
        var clamped = x.replacing(with: low, where: x .< low)
        clamped.replace(with: high, where: clamped .> high)
        let shifted = clamped * 1.442_695_04 + magic
        let n = shifted - magic
        var r = clamped - n * 0.693_359_375
        r = r - n * -2.121_944_4e-4
        var p = SIMD8<Float>(repeating: 1.987_569_15e-4)
        p = p * r + 1.398_199_95e-3
        p = p * r + 8.333_451_9e-3
        p = p * r + 4.166_579_6e-2
        p = p * r + 1.666_666_5e-1
        p = p * r + 0.5
        p = p * r * r + r + 1
        let integer = unsafeBitCast(shifted, to: SIMD8<UInt32>.self) &- unsafeBitCast(magic, to: SIMD8<UInt32>.self)
        let scale = unsafeBitCast((integer &+ 127) &<< 23, to: SIMD8<Float>.self)
        return (p * scale).replacing(with: 0, where: x .< -87.3)
    }

    /// Scalar `e^x` through the same approximation as the 8-lane version.
    @inline(__always)
    static func exp(_ x: Float) -> Float { exp(SIMD8(repeating: x))[0] }

    /// `y[i] = x[i] / sqrt(mean(x²) + eps) * weight[i]` for one row of `count` elements.
    static func rmsNorm(_ x: UnsafePointer<Float>, weight: UnsafePointer<Float>, count: Int,
                        epsilon: Float, into y: UnsafeMutablePointer<Float>) {
        let scale = 1 / (sumOfSquares(x, count: count) / Float(count) + epsilon).squareRoot()
        for i in 0..<count { y[i] = x[i] * scale * weight[i] }
    }

    /// `Σ x[i]²`, accumulated in 8 lanes.
    static func sumOfSquares(_ x: UnsafePointer<Float>, count: Int) -> Float {
        var lanes = SIMD8<Float>()
        var i = 0
        while i + 8 <= count {
            let v = UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Float>.self)
            lanes += v * v
            i += 8
        }
        var total = lanes.sum()
        while i < count { total += x[i] * x[i]; i += 1 }
        return total
    }

    /// `Σ a[i]·b[i]`, accumulated in 8 lanes.
    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        var lanes = SIMD8<Float>()
        var i = 0
        while i + 8 <= count {
            lanes += UnsafeRawPointer(a + i).loadUnaligned(as: SIMD8<Float>.self)
                * UnsafeRawPointer(b + i).loadUnaligned(as: SIMD8<Float>.self)
            i += 8
        }
        var total = lanes.sum()
        while i < count { total += a[i] * b[i]; i += 1 }
        return total
    }

    /// `Σ |x[i]|`.
    static func l1Norm(_ x: UnsafePointer<Float>, count: Int) -> Float {
        var lanes = SIMD8<Float>()
        var i = 0
        while i + 8 <= count {
            let v = UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Float>.self)
            lanes += v.replacing(with: -v, where: v .< 0)
            i += 8
        }
        var total = lanes.sum()
        while i < count { total += abs(x[i]); i += 1 }
        return total
    }

    /// `gate[i] = act(gate[i]) · up[i]` (SwiGLU with SiLU, GeGLU with tanh-GELU).
    static func gatedActivation(_ activation: FeedForwardActivation, gate: UnsafeMutablePointer<Float>,
                                up: UnsafePointer<Float>, count: Int) {
        var i = 0
        while i + 8 <= count {
            let g = UnsafeRawPointer(gate + i).loadUnaligned(as: SIMD8<Float>.self)
            let u = UnsafeRawPointer(up + i).loadUnaligned(as: SIMD8<Float>.self)
            UnsafeMutableRawPointer(gate + i).storeBytes(of: activate(activation, g) * u, as: SIMD8<Float>.self)
            i += 8
        }
        while i < count {
            gate[i] = activate(activation, SIMD8(repeating: gate[i]))[0] * up[i]
            i += 1
        }
    }

    @inline(__always)
    private static func activate(_ activation: FeedForwardActivation, _ x: SIMD8<Float>) -> SIMD8<Float> {
        switch activation {
        case .silu:
            return x / (1 + exp(-x))
        case .geluTanh:
            return geluTanh(x)
        }
    }

    /// GELU, tanh approximation: 0.5·x·(1 + tanh(√(2/π)(x + 0.044715x³))), with
    /// tanh(u) = 1 − 2/(e^{2u} + 1).
    @inline(__always)
    static func geluTanh(_ x: SIMD8<Float>) -> SIMD8<Float> {
        let u = 0.797_884_56 * (x + 0.044_715 * x * x * x)
        let tanh = 1 - 2 / (exp(2 * u) + 1)
        return 0.5 * x * (1 + tanh)
    }

    /// In-place softmax of `row[lower..<upper]`; entries outside the range are set to 0.
    static func softmax(_ row: UnsafeMutablePointer<Float>, count: Int, lower: Int, upper: Int) {
        for j in 0..<lower { row[j] = 0 }
        for j in upper..<max(upper, count) { row[j] = 0 }
        guard upper > lower else { return }
        var maximum = -Float.infinity
        var j = lower
        if upper - lower >= 8 {
            var lanes = SIMD8<Float>(repeating: -.infinity)
            while j + 8 <= upper {
                let v = UnsafeRawPointer(row + j).loadUnaligned(as: SIMD8<Float>.self)
                lanes.replace(with: v, where: v .> lanes)
                j += 8
            }
            maximum = lanes.max()
        }
        while j < upper {
            if row[j] > maximum { maximum = row[j] }
            j += 1
        }
        if maximum == -.infinity {
            // Every key was biased to −∞: nothing to attend to.
            for j in lower..<upper { row[j] = 0 }
            return
        }
        var lanes = SIMD8<Float>()
        j = lower
        while j + 8 <= upper {
            let v = exp(UnsafeRawPointer(row + j).loadUnaligned(as: SIMD8<Float>.self) - maximum)
            UnsafeMutableRawPointer(row + j).storeBytes(of: v, as: SIMD8<Float>.self)
            lanes += v
            j += 8
        }
        var total = lanes.sum()
        while j < upper {
            let v = exp(row[j] - maximum)
            row[j] = v
            total += v
            j += 1
        }
        let inverse = 1 / total
        for k in lower..<upper { row[k] *= inverse }
    }

    /// `y[i] += x[i]`.
    static func add(_ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { y[i] += x[i] }
    }
}
