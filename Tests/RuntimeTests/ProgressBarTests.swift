import Testing
@testable import Runtime

@Suite struct ProgressBarTests {
    final class FakeClock { var now = 100.0 }

    @Test func plainLinesCarryRateAndETA() {
        let clock = FakeClock()
        var out: [String] = []
        let bar = ProgressBar(label: "french", total: 10, isTerminal: false, plainInterval: 0,
                              output: { out.append($0) }, clock: { clock.now })
        bar.skip(2)
        clock.now += 4
        bar.advance()
        clock.now += 4
        bar.advance()
        bar.finish()
        // 2 rows run in 8 s: 0.25 rows/s, 6 left: 24 s.
        #expect(out.last == "french 4/10 rows, 0.25 rows/s, ETA 0:24 (2 already recorded)\n")
        #expect(!out.joined().contains("\u{1B}"))
    }

    @Test func plainLinesAreThrottled() {
        let clock = FakeClock()
        var out: [String] = []
        let bar = ProgressBar(label: "x", total: 100, isTerminal: false, plainInterval: 2,
                              output: { out.append($0) }, clock: { clock.now })
        for _ in 0..<100 { clock.now += 0.1; bar.advance() }
        bar.finish()
        #expect(out.count >= 5 && out.count <= 7)
        #expect(out.last?.hasPrefix("x 100/100 rows, 10 rows/s") == true)
    }

    @Test func theFinalStateIsNotRepeated() {
        var out: [String] = []
        let bar = ProgressBar(label: "x", total: 2, isTerminal: false, output: { out.append($0) })
        bar.skip(2)
        bar.finish()
        #expect(out == ["x 2/2 rows (2 already recorded)\n"])
    }

    @Test func terminalRedrawsInPlace() {
        let clock = FakeClock()
        var out: [String] = []
        let bar = ProgressBar(label: "x", total: 4, isTerminal: true, output: { out.append($0) }, clock: { clock.now })
        clock.now += 1
        bar.advance()
        #expect(out.last?.hasPrefix("\r\u{1B}[2K▕██████") == true)
        bar.finish()
        #expect(out.last == "\n")
    }

    @Test func barHasFixedWidth() {
        for done in 0...7 {
            let bar = ProgressBar(label: "x", total: 7, isTerminal: true, output: { _ in })
            bar.advance(done)
            #expect(bar.bar(width: 10).count == 12)
        }
    }

    @Test func durationsRead() {
        #expect(ProgressBar.formatDuration(7) == "0:07")
        #expect(ProgressBar.formatDuration(3725) == "1:02:05")
        #expect(ProgressBar.formatDuration(.infinity) == "?")
    }
}
