/// SplitMix64 (Steele, Lea and Flood 2014): a small, fast, seedable generator, so that a
/// fuzz or property test that fails can be replayed from its seed. The one generator
/// every test target uses; the engine's own sampler (`RandomSource`) is separate.
public struct SplitMix64: RandomNumberGenerator {
    /// The generator's whole state; the next output is a function of it alone.
    public var state: UInt64

    /// A generator that starts at `seed`: the same seed gives the same stream everywhere.
    public init(seed: UInt64) {
        state = seed
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value in `0..<n` (`next() % n`: slightly biased for large n, which tests tolerate).
    public mutating func below(_ n: Int) -> Int {
        Int(next() % UInt64(n))
    }

    /// A float uniform in [-bound, bound] from the top 24 bits of `next()`.
    public mutating func uniform(_ bound: Float) -> Float {
        (Float(next() >> 40) / Float(1 << 24) * 2 - 1) * bound
    }
}
