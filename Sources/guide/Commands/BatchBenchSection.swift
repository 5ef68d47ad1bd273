import ArgumentParser
import Dispatch
import Engine
import Foundation

/// The options of the batched-rows section of `guide bench`.
struct BatchBenchOptions: ParsableArguments {
    @Option(name: .customLong("batch-rows"),
            help: "Generations decoded together in the batched-rows section (0 skips it).")
    var rows = 0

    @Option(name: .customLong("batch-prompt"), help: "Prompt tokens of each batched row.")
    var promptTokens = 2000

    @Option(name: .customLong("batch-tokens"), help: "Tokens each batched row generates.")
    var generatedTokens = 64

    func validate() throws {
        guard (0...64).contains(rows) else { throw ValidationError("--batch-rows must be from 0 to 64") }
        guard promptTokens >= 2, generatedTokens >= 1 else {
            throw ValidationError("--batch-prompt must be at least 2 and --batch-tokens at least 1")
        }
    }

    /// Measures and prints the section (a table, or one JSON object when `json`).
    func run(model: LanguageModel, numerics: Numerics, json: Bool) throws {
        guard rows > 0 else { return }
        let report = try BatchBenchSection.measure(model, rows: rows, promptTokens: promptTokens,
                                                   generatedTokens: generatedTokens, numerics: numerics)
        print(json ? try report.json() : "\n" + report.table())
    }
}

/// The batched-rows section of `guide bench`: the rows of an experiment that samples
/// `rows` generations from one prompt, run one by one (each reading the prompt again, as
/// without a prefix cache; then with the prefix cache) and as one batch
/// (`LanguageModel.generate(batch:)`), with a check that every way gives the same tokens;
/// and a Δ sweep over one prompt with and without the prefix cache.
enum BatchBenchSection {
    struct Report: Encodable {
        var model: String
        var rows: Int
        var promptTokens: Int
        var generatedTokens: Int
        /// Wall seconds: each row fresh; each row through the prefix cache; all rows batched.
        var oneByOneSeconds: Double
        var oneByOnePrefixCacheSeconds: Double
        var batchedSeconds: Double
        /// Whether the three ways gave the same tokens and log-probabilities for every row.
        var identical: Bool
        /// Δ values of the sweep, the span's first token, and wall seconds with the prefix
        /// cache cleared before each Δ and kept between them.
        var sweepDeltas: [Float]
        var sweepSpanStart: Int
        var sweepFreshSeconds: Double
        var sweepReusingSeconds: Double

        func json() throws -> String {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            encoder.keyEncodingStrategy = .convertToSnakeCase
            return String(decoding: try encoder.encode(self), as: UTF8.self)
        }

        func table() -> String {
            func line(_ name: String, _ seconds: Double) -> String {
                let speedup = oneByOneSeconds / seconds
                return "| \(name) | \(String(format: "%.1f", seconds)) | \(String(format: "%.2f", speedup))× |"
            }
            let sweepSpeedup = sweepFreshSeconds / sweepReusingSeconds
            return """
                Batched rows on \(model): \(rows) sampled generations (seeds 1…\(rows)) of \(generatedTokens) \
                tokens from one \(promptTokens)-token prompt; outputs identical: \(identical ? "yes" : "NO")

                | rows run | seconds | speed-up |
                |---|---|---|
                \(line("one by one", oneByOneSeconds))
                \(line("one by one, prefix cache", oneByOnePrefixCacheSeconds))
                \(line("batched", batchedSeconds))

                Δ sweep \(sweepDeltas.map { String(format: "%g", $0) }.joined(separator: ", ")) over one \
                \(promptTokens)-token prompt (span from token \(sweepSpanStart)), greedy, \(generatedTokens) \
                tokens each: \(String(format: "%.1f", sweepFreshSeconds)) s reading every prompt whole, \
                \(String(format: "%.1f", sweepReusingSeconds)) s with the prefix cache \
                (\(String(format: "%.2f", sweepSpeedup))×)
                """
        }
    }

    static let sweepDeltas: [Float] = [0, 1, 2, 3]

    static func measure(_ model: LanguageModel, rows: Int, promptTokens: Int, generatedTokens: Int,
                        numerics: Numerics) throws -> Report {
        let text = model.tokenizer.decode(BenchCommand.promptTokens(model: model, count: promptTokens))
        let prompt = try model.markedPrompt(text)
        let requests = (1...rows).map { seed in
            GenerationRequest(prompt: prompt, options: GenerationOptions(
                maxTokens: generatedTokens, sampling: SamplingOptions(temperature: 0.8, seed: UInt64(seed)),
                stopAtEndOfGeneration: false))
        }
        func lone(_ request: GenerationRequest) throws -> Generation {
            try model.generate(request.prompt, schedule: request.schedule, options: request.options, numerics: numerics)
        }

        let (fresh, freshSeconds) = try timed {
            try requests.map { request in
                model.clearPrefixCache()
                return try lone(request)
            }
        }
        model.clearPrefixCache()
        let (cached, cachedSeconds) = try timed { try requests.map(lone) }
        model.clearPrefixCache()
        let (batched, batchedSeconds) = try timed { try model.generate(batch: requests, numerics: numerics) }
        func same(_ a: [Generation], _ b: [Generation]) -> Bool {
            zip(a, b).allSatisfy { $0.tokens == $1.tokens && $0.logprobs.map(\.bitPattern) == $1.logprobs.map(\.bitPattern) }
        }

        // The sweep's span sits three quarters in: the rows before it are the same at every Δ.
        let cut = text.index(text.startIndex, offsetBy: text.count * 3 / 4)
        let swept = try model.markedPrompt(
            text[..<cut] + " <!->Remember: the harbour closes on Sundays.<-!> " + text[cut...])
        let sweep = sweepDeltas.map { delta in
            GenerationRequest(prompt: swept, schedule: GuideSchedule(delta: delta),
                              options: GenerationOptions(maxTokens: generatedTokens, stopAtEndOfGeneration: false))
        }
        let (_, sweepFresh) = try timed {
            try sweep.map { request in
                model.clearPrefixCache()
                return try lone(request)
            }
        }
        model.clearPrefixCache()
        let (_, sweepReusing) = try timed { try sweep.map(lone) }

        return Report(model: model.name, rows: rows, promptTokens: prompt.tokens.count,
                      generatedTokens: generatedTokens, oneByOneSeconds: freshSeconds,
                      oneByOnePrefixCacheSeconds: cachedSeconds, batchedSeconds: batchedSeconds,
                      identical: same(fresh, cached) && same(fresh, batched), sweepDeltas: sweepDeltas,
                      sweepSpanStart: swept.spans.first?.tokens.lowerBound ?? 0,
                      sweepFreshSeconds: sweepFresh, sweepReusingSeconds: sweepReusing)
    }

    private static func timed<T>(_ body: () throws -> T) rethrows -> (T, Double) {
        let start = DispatchTime.now().uptimeNanoseconds
        let value = try body()
        return (value, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
}
