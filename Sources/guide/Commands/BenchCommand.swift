import ArgumentParser
import Engine
import Foundation
import Registry

/// `guide bench [--model …] [--numerics …]`: prefill and decode throughput, peak memory,
/// the threads that ran (`GUIDE_THREADS`), and what a Δ schedule and Influence add to a prefill.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure prefill and decode speed of a model.",
        discussion: """
            Prefill of 128, 512 and 2048 prompt tokens into an empty cache (llama-bench's pp at depth 0); \
            decode of 128 tokens after a 512-token prompt (tg 128 at depth 512; greedy, each token fed \
            back). Each case runs once to warm up, then --iterations times; the table shows the best and \
            the median. Then the overhead of a Δ schedule and of the Influence probe on a prefill \
            (--overhead-lengths), and with --batch-rows the rows of a sampled experiment run one by \
            one against decoded together. bench/llamacpp/compare runs llama.cpp's own llama-bench and this \
            command in turn on the same model and threads and prints the ratios.
            """)

    @Option(name: .long, help: "A known model name or a path to a .gguf file (default: $GUIDE_MODEL, else the default model).")
    var model: String?

    @Option(name: .long, help: "Timed runs per case after one warm-up run.")
    var iterations = 3

    @Option(name: .long, help: "Prefill lengths in tokens, comma-separated.")
    var prefill = "128,512,2048"

    @Option(name: .long, help: "Decode this many tokens after a --decode-prompt-token prompt.")
    var decode = 128

    @Option(name: .long, help: "Prompt length before the decode case.")
    var decodePrompt = 512

    @Option(name: .long, help: NumericsHelp.text)
    var numerics = Numerics.llamaCPP

    @Flag(name: .long, help: "Print JSON (with the prompt ids used) instead of a table.")
    var json = false

    @OptionGroup var steering: SteeringOverheadOptions

    @OptionGroup var batch: BatchBenchOptions

    func validate() throws {
        guard iterations >= 1 else { throw ValidationError("--iterations must be at least 1") }
        guard prefillLengths.allSatisfy({ $0 != nil && $0! > 0 }) else {
            throw ValidationError("--prefill must be positive integers separated by commas, not '\(prefill)'")
        }
        guard decode >= 1, decodePrompt >= 1 else { throw ValidationError("--decode and --decode-prompt must be ≥ 1") }
    }

    private var prefillLengths: [Int?] { prefill.split(separator: ",").map { Int($0) } }

    func run() throws {
        let cache = ModelCache()
        let model = try LanguageModel(path: ModelFetcher(cache: cache).ensureAvailable(cache.resolve(self.model)))
        let lengths = prefillLengths.compactMap { $0 }
        let needed = max(lengths.max() ?? 0, decodePrompt + decode)
        let ids = Self.promptTokens(model: model, count: needed)
        let session = try InferenceSession(model: model, contextLength: min(model.config.contextLength, needed),
                                           numerics: numerics)

        var results: [BenchResult] = []
        for length in lengths {
            let prompt = Array(ids.prefix(length))
            results.append(try measure("prefill \(length)", tokens: length) {
                session.reset()
                _ = try session.prefill(prompt)
            })
        }
        let decodePromptIDs = Array(ids.prefix(decodePrompt))
        results.append(try measure("decode \(decode) @\(decodePrompt)", tokens: decode, prepare: {
            session.reset()
            return try session.prefill(decodePromptIDs).last
        }, body: { logits in
            var next = logits
            for _ in 0..<decode { next = try session.decode(Sampler.argmax(next)) }
        }))

        let report = BenchReport(model: model.name, architecture: model.config.architecture,
                                 numerics: numerics.rawValue, threads: BenchThreads(), iterations: iterations,
                                 peakRSSMebibytes: Self.peakResidentMiB(), results: results, promptIDs: ids)
        print(json ? try report.json() : report.table())
        try steering.run(model: model, numerics: numerics, json: json)
        try batch.run(model: model, numerics: numerics, json: json)
    }

    /// A deterministic English prompt of `count` tokens (a paragraph repeated with a counter).
    static func promptTokens(model: LanguageModel, count: Int) -> [Int] {
        let paragraph = """
            The harbour town woke slowly. Fishermen checked their nets while the bakery on the corner \
            pulled the first loaves from its oven, and the smell drifted down to the water. Children \
            ran along the sea wall, counting boats, arguing about which one had come back first. \
            Somewhere a radio played an old song about the weather, and an old man hummed along.
            """
        var ids: [Int] = []
        var part = 1
        while ids.count < count {
            ids += model.tokenizer.encode("Part \(part). " + paragraph + "\n\n")
            part += 1
        }
        return Array(ids.prefix(count))
    }

    private func measure(_ name: String, tokens: Int, _ body: () throws -> Void) throws -> BenchResult {
        try measure(name, tokens: tokens, prepare: { () }, body: { _ in try body() })
    }

    /// Runs `prepare` untimed and `body` timed: one warm-up, then `iterations` times.
    private func measure<State>(_ name: String, tokens: Int, prepare: () throws -> State,
                                body: (State) throws -> Void) throws -> BenchResult {
        var seconds: [Double] = []
        for run in 0...iterations {
            let state = try prepare()
            let start = DispatchTime.now().uptimeNanoseconds
            try body(state)
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            if run > 0 { seconds.append(elapsed) }
        }
        seconds.sort()
        return BenchResult(name: name, tokens: tokens, minSeconds: seconds[0], medianSeconds: seconds[seconds.count / 2])
    }

    /// Peak resident set size of this process (getrusage; kilobytes on Linux).
    static func peakResidentMiB() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    }
}

/// One bench case: best and median wall time over the iterations.
struct BenchResult: Encodable {
    let name: String
    let tokens: Int
    let minSeconds: Double
    let medianSeconds: Double
    var bestTokensPerSecond: Double { Double(tokens) / minSeconds }
    var medianTokensPerSecond: Double { Double(tokens) / medianSeconds }

    enum CodingKeys: String, CodingKey {
        case name, tokens, minSeconds = "min_seconds", medianSeconds = "median_seconds"
        case bestTokensPerSecond = "best_tokens_per_second", medianTokensPerSecond = "median_tokens_per_second"
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(tokens, forKey: .tokens)
        try c.encode(minSeconds, forKey: .minSeconds)
        try c.encode(medianSeconds, forKey: .medianSeconds)
        try c.encode(bestTokensPerSecond, forKey: .bestTokensPerSecond)
        try c.encode(medianTokensPerSecond, forKey: .medianTokensPerSecond)
    }
}

/// The threads a bench ran on, read back from the engine after the runs.
struct BenchThreads: Encodable {
    /// `GUIDE_THREADS`, or every active core.
    var setting = EngineThreads.count
    var kernelPool = KernelThreadPool.shared.threadCount
    /// Attention heads, norms and activations (`Parallel`).
    var rowWorkers = InferenceSession.threadCount
    /// Threads inside one OpenBLAS call (the calls themselves run on the workers above).
    var blasPerCall = EngineThreads.blasThreadsPerCall
    var blasCore = EngineThreads.blasCore

    enum CodingKeys: String, CodingKey {
        case kernelPool = "kernel_pool", rowWorkers = "row_workers", blasPerCall = "openblas_per_call"
        case blasCore = "openblas_core"
    }
}

/// Everything `guide bench` measured.
struct BenchReport: Encodable {
    let model: String
    let architecture: String
    let numerics: String
    let threads: BenchThreads
    let iterations: Int
    let peakRSSMebibytes: Double
    let results: [BenchResult]
    let promptIDs: [Int]

    enum CodingKeys: String, CodingKey {
        case model, architecture, numerics, iterations, results
        case threads, threadDetail = "thread_detail"
        case peakRSSMebibytes = "peak_rss_mebibytes", promptIDs = "prompt_ids"
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(model, forKey: .model)
        try c.encode(architecture, forKey: .architecture)
        try c.encode(numerics, forKey: .numerics)
        try c.encode(threads.setting, forKey: .threads)
        try c.encode(threads, forKey: .threadDetail)
        try c.encode(iterations, forKey: .iterations)
        try c.encode(peakRSSMebibytes, forKey: .peakRSSMebibytes)
        try c.encode(results, forKey: .results)
        try c.encode(promptIDs, forKey: .promptIDs)
    }

    func table() -> String {
        let t = threads
        var lines = ["model \(model) (\(architecture)), numerics \(numerics), 1 warm-up + \(iterations) runs",
                     "threads \(t.setting): kernel pool \(t.kernelPool), attention and norms \(t.rowWorkers), "
                         + "OpenBLAS \(t.blasPerCall) per call (core \(t.blasCore))", "",
                     "case                 best tok/s   median tok/s   median s"]
        for r in results {
            lines.append(r.name.padding(toLength: 20, withPad: " ", startingAt: 0)
                + String(format: " %11.1f   %12.1f   %8.3f", r.bestTokensPerSecond, r.medianTokensPerSecond, r.medianSeconds))
        }
        lines.append("")
        lines.append(String(format: "peak RSS %.1f MiB", peakRSSMebibytes))
        return lines.joined(separator: "\n")
    }

    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
