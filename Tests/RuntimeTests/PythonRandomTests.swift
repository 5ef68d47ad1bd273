import Testing
@testable import Runtime

/// The Mersenne Twister port against values printed by CPython 3.11's `random.Random(seed)`
/// (`Fixtures/langdetect/python_random.json`, from `bench/langdetect_fixture.py`).
@Suite struct PythonRandomTests {
    @Test func integerOutputsMatchPython() throws {
        for test in try LangDetectFixture.randomCases() {
            var bits = PythonRandom(seed: test.seed)
            for pair in test.getrandbits {
                #expect(bits.getrandbits(Int(pair[0])) == pair[1], "seed \(test.seed), getrandbits(\(pair[0]))")
            }
            var choices = PythonRandom(seed: test.seed)
            for pair in test.choice {
                #expect(choices.choiceIndex(count: pair[0]) == pair[1], "seed \(test.seed), choice of \(pair[0])")
            }
            var words = PythonRandom(seed: test.seed)
            let outputs = (0..<700).map { _ in words.nextUInt32() }
            #expect(Array(outputs.suffix(3)) == test.uint32_698_to_700, "seed \(test.seed): the state after two twists")
        }
    }

    /// `random()` is integer arithmetic and one exact product: equal to the bit.
    @Test func randomMatchesPythonExactly() throws {
        for test in try LangDetectFixture.randomCases() {
            var random = PythonRandom(seed: test.seed)
            #expect((0..<test.random.count).map { _ in random.random() } == test.random, "seed \(test.seed)")
        }
    }

    /// `gauss()` calls libm's log, cos and sin, as CPython does; glibc's are within an ulp,
    /// so a tolerance of 4e-16 relative covers another libm. On glibc they are equal.
    @Test func gaussMatchesPythonIncludingTheCachedSecondValue() throws {
        for test in try LangDetectFixture.randomCases() {
            var random = PythonRandom(seed: test.seed)
            for expected in test.gauss {
                let value = random.gauss()
                #expect(abs(value - expected) <= 4e-16 * max(1, abs(expected)), "seed \(test.seed): \(value) vs \(expected)")
            }
            var mixed = PythonRandom(seed: test.seed)
            for step in test.interleaved {
                guard case .name(let name) = step[0], case .number(let expected) = step[1] else {
                    Issue.record("malformed interleaved step")
                    continue
                }
                if name == "gauss" {
                    let value = mixed.gauss()
                    #expect(abs(value - expected) <= 4e-16 * max(1, abs(expected)), "seed \(test.seed): gauss")
                } else {
                    #expect(mixed.choiceIndex(count: 517) == Int(expected), "seed \(test.seed): choice")
                }
            }
        }
    }

    @Test func reseedingRestartsTheSequenceAndDropsTheCachedGaussian() {
        var random = PythonRandom(seed: 0)
        let first = random.gauss()
        random.seed(0)
        #expect(random.gauss() == first)
    }
}
