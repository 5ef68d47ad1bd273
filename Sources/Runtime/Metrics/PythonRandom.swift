import Foundation

/// CPython's `random.Random`: the MT19937 Mersenne Twister seeded the way
/// `random.Random(n)` / `.seed(n)` seeds it for a non-negative integer `n`, with the
/// draws langdetect uses (`random()`, `gauss()`, `getrandbits()`, `choice()`), each
/// reproducing CPython 3.11's arithmetic so that the same seed gives the same numbers.
///
/// Sources followed: `Modules/_randommodule.c` (`init_genrand`, `init_by_array`,
/// `genrand_uint32`, `random_seed`, `getrandbits`) and `Lib/random.py` (`gauss`,
/// `_randbelow_with_getrandbits`, `choice`).
public struct PythonRandom {
    private static let n = 624
    private static let m = 397
    private var state = [UInt32](repeating: 0, count: PythonRandom.n)
    private var index = PythonRandom.n
    /// The second value of the last Box–Muller pair, returned by the next `gauss()`.
    private var gaussNext: Double?

    /// A generator in the state `random.Random(seed)` starts in.
    public init(seed: UInt64) {
        self.seed(seed)
    }

    /// `Random.seed(seed)`: the integer's 32-bit words, least significant first (one zero
    /// word for 0), go through `init_by_array`; the cached Gaussian is dropped.
    public mutating func seed(_ seed: UInt64) {
        var key: [UInt32] = [UInt32(truncatingIfNeeded: seed)]
        if seed >> 32 != 0 { key.append(UInt32(truncatingIfNeeded: seed >> 32)) }
        initByArray(key)
        gaussNext = nil
    }

    private mutating func initGenrand(_ s: UInt32) {
        state[0] = s
        for i in 1..<Self.n {
            let previous = state[i - 1]
            state[i] = 1_812_433_253 &* (previous ^ (previous >> 30)) &+ UInt32(i)
        }
        index = Self.n
    }

    private mutating func initByArray(_ key: [UInt32]) {
        initGenrand(19_650_218)
        var i = 1
        var j = 0
        for _ in 0..<max(Self.n, key.count) {
            let previous = state[i - 1]
            state[i] = (state[i] ^ ((previous ^ (previous >> 30)) &* 1_664_525)) &+ key[j] &+ UInt32(j)
            i += 1
            j += 1
            if i >= Self.n { state[0] = state[Self.n - 1]; i = 1 }
            if j >= key.count { j = 0 }
        }
        for _ in 0..<(Self.n - 1) {
            let previous = state[i - 1]
            state[i] = (state[i] ^ ((previous ^ (previous >> 30)) &* 1_566_083_941)) &- UInt32(i)
            i += 1
            if i >= Self.n { state[0] = state[Self.n - 1]; i = 1 }
        }
        state[0] = 0x8000_0000
    }

    /// The next tempered 32-bit output (`genrand_uint32`).
    public mutating func nextUInt32() -> UInt32 {
        if index >= Self.n { twist() }
        var y = state[index]
        index += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C_5680
        y ^= (y << 15) & 0xEFC6_0000
        y ^= y >> 18
        return y
    }

    private mutating func twist() {
        let upper: UInt32 = 0x8000_0000
        let lower: UInt32 = 0x7FFF_FFFF
        let matrixA: UInt32 = 0x9908_B0DF
        for k in 0..<Self.n {
            let y = (state[k] & upper) | (state[(k + 1) % Self.n] & lower)
            state[k] = state[(k + Self.m) % Self.n] ^ (y >> 1) ^ ((y & 1) == 0 ? 0 : matrixA)
        }
        index = 0
    }

    /// `random()`: a double in [0, 1) with 53 random bits.
    public mutating func random() -> Double {
        let a = Double(nextUInt32() >> 5)
        let b = Double(nextUInt32() >> 6)
        return (a * 67_108_864.0 + b) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// `getrandbits(k)` for `k` in 0...64: 32-bit words least significant first, the last
    /// one keeping its top bits.
    public mutating func getrandbits(_ k: Int) -> UInt64 {
        precondition((0...64).contains(k), "getrandbits supports 0...64 bits")
        if k == 0 { return 0 }
        if k <= 32 { return UInt64(nextUInt32() >> UInt32(32 - k)) }
        let low = UInt64(nextUInt32())
        let high = UInt64(nextUInt32() >> UInt32(64 - k))
        return low | high << 32
    }

    /// `_randbelow_with_getrandbits(n)`: rejection sampling on `n.bit_length()` bits.
    public mutating func randbelow(_ n: Int) -> Int {
        precondition(n > 0, "randbelow needs n > 0")
        let bits = Int.bitWidth - n.leadingZeroBitCount
        var r = getrandbits(bits)
        while r >= UInt64(n) { r = getrandbits(bits) }
        return Int(r)
    }

    /// `choice(seq)` for a non-empty collection of `count` elements: the index chosen.
    public mutating func choiceIndex(count: Int) -> Int {
        randbelow(count)
    }

    /// `gauss(mu, sigma)`: Python's Box–Muller variant, which caches the pair's sine term
    /// for the next call.
    public mutating func gauss(mu: Double = 0.0, sigma: Double = 1.0) -> Double {
        var z: Double
        if let cached = gaussNext {
            z = cached
            gaussNext = nil
        } else {
            let twoPi = 6.283185307179586 // math.tau
            let x2pi = random() * twoPi
            let g2rad = (-2.0 * Foundation.log(1.0 - random())).squareRoot()
            z = Foundation.cos(x2pi) * g2rad
            gaussNext = Foundation.sin(x2pi) * g2rad
        }
        return mu + z * sigma
    }
}
