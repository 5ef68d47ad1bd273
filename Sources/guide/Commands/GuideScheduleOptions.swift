import ArgumentParser
import Engine
import Foundation

/// `--delta D [--layers …] [--steps …]`: a GUIDE schedule for the tags in a prompt.
struct GuideScheduleOptions: ParsableArguments {
    @Option(name: .long, help: "GUIDE bias Δ added to the attention logits of <!-> spans (<!!->: 2Δ, <!!!->: 4Δ).")
    var delta: Float?

    @Option(name: .long, help: "Biased layers: all, first, last, A-B (inclusive, 0-based) or a list A,B,C.")
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
        return GuideSchedule(delta: delta, layers: try Self.parseLayers(layers), steps: steps)
    }

    /// Parses `all`, `first`, `last`, `A-B` or `A,B,C`.
    static func parseLayers(_ text: String) throws -> GuideSchedule.Layers {
        switch text {
        case "all": return .all
        case "first": return .first
        case "last": return .last
        default: break
        }
        let bounds = text.split(separator: "-", omittingEmptySubsequences: false)
        if bounds.count == 2, let low = Int(bounds[0]), let high = Int(bounds[1]), low <= high {
            return .range(low..<high + 1)
        }
        let list = text.split(separator: ",").map { Int($0.filter { $0 != " " }) }
        if !list.isEmpty, list.allSatisfy({ $0 != nil }) {
            return .list(list.compactMap { $0 })
        }
        throw ValidationError("--layers must be all, first, last, A-B or A,B,C; got '\(text)'")
    }

    func validate() throws { _ = try schedule() }
}

extension GuideScheduleOptions {
    /// The prompt of `arguments` with its span tags removed, and the generation options
    /// with this schedule's bias on the spans (unchanged without `--delta`).
    func steer(_ arguments: GenerationArguments, model: LanguageModel) throws -> ([Int], GenerationOptions) {
        let marked = arguments.chat
            ? try model.markedChat([ChatMessage(role: "user", content: arguments.prompt)])
            : try model.markedPrompt(arguments.prompt)
        var options = arguments.generationOptions()
        if let schedule = try schedule() {
            let layerCount = model.config.layerCount
            try schedule.validate(layerCount: layerCount)
            if !marked.spans.contains(where: { $0.level != .measured }) {
                FileHandle.standardError.write(Data("note: --delta given but the prompt marks no <!-> span\n".utf8))
            }
            options.promptHooks.bias = schedule.promptBias(spans: marked.spans, layerCount: layerCount)
            options.decodeHooks.bias = schedule.decodeBias(spans: marked.spans, layerCount: layerCount)
        }
        return (marked.tokens, options)
    }
}
