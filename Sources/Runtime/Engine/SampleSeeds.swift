/// The seeds of sampled `generate` calls that give none: 1, 2, 3, … in call order within a
/// session, so each unseeded call draws a different sample, the whole script repeats run
/// after run, and the seed a result reports (`.seed`) repeats that one call.
public final class SampleSeeds {
    private var last: UInt64 = 0

    public init() {}

    /// The next seed of the session.
    public func next() -> UInt64 {
        last += 1
        return last
    }

    /// The seed a generation uses: `given` when there is one, else for a sampled call the
    /// session's next seed; nil for a greedy call without one. `generate(…)` and
    /// `guide generate` (a session of one call) both take their seed this way.
    public func seed(given: UInt64?, sampled: Bool) -> UInt64? {
        given ?? (sampled ? next() : nil)
    }
}
