import ArgumentParser
import Engine
import Foundation

/// `--delta D [--layers …] [--steps …]`: a GUIDE schedule for the tags in a prompt.
struct GuideScheduleOptions: ParsableArguments {
    @Option(name: .long, help: "GUIDE bias Δ added to the attention logits of <!-> spans (<!!->: 2Δ, <!!!->: 4Δ).")
    var delta: Float?

    @Option(name: .long, help: """
        Biased layers: \(GuideSchedule.Layers.syntax). 0-5 is layers 0 through 5, the same six \
        layers as 0...5 and 0..<6, here and in delta(…, layers:).
        """)
    var layers = "all"

    @Option(name: .long, help: "Biased steps: all (prompt and generated tokens) or prefill (prompt only).")
    var steps = "all"

    /// The schedule, or nil when no `--delta` was given.
    func schedule() throws -> GuideSchedule? {
        guard let delta else { return nil }
        guard delta.isFinite else { throw ValidationError("--delta must be a finite number, not \(delta)") }
        guard let steps = GuideSchedule.Steps(rawValue: steps) else {
            throw ValidationError("--steps must be 'all' or 'prefill', not '\(self.steps)'")
        }
        do {
            // The convention `delta(…, layers:)` uses too: `0-5` is layers 0 through 5.
            return GuideSchedule(delta: delta, layers: try GuideSchedule.Layers(parsing: layers), steps: steps)
        } catch let error as LayerSelectionError {
            throw ValidationError("--layers: \(error)")
        }
    }

    func validate() throws { _ = try schedule() }
}
