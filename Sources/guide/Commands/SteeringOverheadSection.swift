import ArgumentParser
import Dispatch
import Engine
import Foundation

/// The options of the steering-overhead section of `guide bench`.
struct SteeringOverheadOptions: ParsableArguments {
    @Option(name: [.customLong("overhead-lengths"), .customLong("influence-lengths")],
            help: "Prompt lengths for the Δ-schedule and Influence overheads, comma-separated; 'none' skips the section.")
    var overheadLengths = "512,2048,4096"

    @Option(name: [.customLong("overhead-iterations"), .customLong("influence-iterations")],
            help: "Timed plain, Δ-schedule and Influence prefills per length, after one warm-up.")
    var overheadIterations = 2

    private var lengths: [Int]? {
        if overheadLengths == "none" { return [] }
        let values = overheadLengths.split(separator: ",", omittingEmptySubsequences: false).map { Int($0) }
        return values.allSatisfy({ ($0 ?? 0) > 0 }) ? values.compactMap { $0 } : nil
    }

    func validate() throws {
        guard lengths != nil else {
            throw ValidationError("--overhead-lengths must be positive integers separated by commas, or 'none'")
        }
        guard overheadIterations >= 1 else { throw ValidationError("--overhead-iterations must be at least 1") }
    }

    /// Measures and prints the section (a table, or one JSON object when `json`).
    func run(model: LanguageModel, numerics: Numerics, json: Bool) throws {
        guard let lengths, !lengths.isEmpty else { return }
        let rows = try SteeringOverheadSection.measure(model, sizes: lengths, iterations: overheadIterations,
                                                       numerics: numerics) { line in
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
        if json {
            print(try SteeringOverheadSection.json(rows, model: model.name, layerCount: model.config.layerCount))
        } else {
            print("")
            print(SteeringOverheadSection.table(rows, model: model.name, layerCount: model.config.layerCount))
        }
    }
}

/// The steering section of `guide bench`: what a GUIDE Δ schedule and the Influence probe
/// add to a prefill, against the same prefill without them, and the peak memory of each.
enum SteeringOverheadSection {
    /// Measurements at one prompt length.
    struct Row: Encodable {
        var tokens: Int
        /// Wall-clock seconds of each plain prefill.
        var plain: [Double] = []
        /// Wall-clock seconds of each prefill with the Δ schedule's bias.
        var schedule: [Double] = []
        /// Wall-clock seconds of each prefill with the Influence probe.
        var influence: [Double] = []
        /// Process CPU seconds (all threads) of each plain / Δ / Influence prefill: steadier
        /// than wall time on a shared machine.
        var plainCPU: [Double] = []
        var scheduleCPU: [Double] = []
        var influenceCPU: [Double] = []
        /// Peak resident memory (VmHWM) during the last plain / Δ / Influence run, bytes.
        var plainPeak: Int?
        var schedulePeak: Int?
        var influencePeak: Int?
    }

    static let sizes = [512, 2048, 4096]

    /// The schedule measured: Δ = 2 on every layer and step.
    static let schedule = GuideSchedule(delta: 2)

    /// The biased span of a `tokens`-long prompt: its second half, so the bias reaches every
    /// key of the later rows (the costliest place for it, and where experiments put the
    /// instruction).
    static func biasedSpan(tokens: Int) -> TokenSpan {
        TokenSpan(level: .guide1, tokens: (tokens / 2)..<tokens)
    }

    /// The tokens whose Influence is measured (positions 8 to 23, fewer in short prompts).
    static func measuredIndicator(tokens: Int) -> [Float] {
        var indicator = [Float](repeating: 0, count: tokens)
        for position in min(8, tokens)..<min(24, tokens) { indicator[position] = 1 }
        return indicator
    }

    /// Runs `iterations` plain, Δ-schedule and Influence prefills per size, in turn, after
    /// one warm-up prefill; `log` receives progress lines.
    static func measure(_ model: LanguageModel, sizes: [Int] = sizes, iterations: Int = 2,
                        numerics: Numerics = .llamaCPP, log: (String) -> Void = { _ in }) throws -> [Row] {
        let filler = model.tokenizer.encode(fillerText)
        guard !filler.isEmpty, let largest = sizes.max() else { return [] }
        let layerCount = model.config.layerCount
        let stream = Array(repeatElement(filler, count: largest / filler.count + 1).joined())
        _ = try timedPrefill(model, tokens: Array(stream.prefix(min(largest, 256))), hooks: .none, numerics: numerics)
        var rows: [Row] = []
        for size in sizes {
            let tokens = Array(stream.prefix(size))
            guard let bias = schedule.promptBias(spans: [biasedSpan(tokens: size)], layerCount: layerCount) else {
                throw SteeringOverheadError.noBias(tokens: size)
            }
            var row = Row(tokens: size)
            for iteration in 1...max(iterations, 1) {
                resetPeakMemory()
                let plain = try timedPrefill(model, tokens: tokens, hooks: .none, numerics: numerics)
                row.plain.append(plain.wall)
                row.plainCPU.append(plain.cpu)
                row.plainPeak = peakMemory()

                resetPeakMemory()
                let biased = try timedPrefill(model, tokens: tokens, hooks: AttentionHooks(bias: bias), numerics: numerics)
                row.schedule.append(biased.wall)
                row.scheduleCPU.append(biased.cpu)
                row.schedulePeak = peakMemory()

                let probe = InfluenceProbe(indicator: measuredIndicator(tokens: size), layerCount: layerCount)
                resetPeakMemory()
                let measured = try timedPrefill(model, tokens: tokens, hooks: AttentionHooks(probe: probe),
                                                numerics: numerics)
                row.influence.append(measured.wall)
                row.influenceCPU.append(measured.cpu)
                row.influencePeak = peakMemory()
                log(String(format: "steering bench %5d tokens, run %d: prefill %.2f s (cpu %.2f s), "
                           + "with Δ %.2f s (cpu %.2f s), with influence %.2f s (cpu %.2f s)",
                           size, iteration, plain.wall, plain.cpu, biased.wall, biased.cpu,
                           measured.wall, measured.cpu))
            }
            rows.append(row)
        }
        return rows
    }

    /// A Markdown table of `rows`; overheads compare medians.
    static func table(_ rows: [Row], model: String, layerCount: Int) -> String {
        var lines = [
            "Steering on top of prefill (\(model), \(layerCount) layers, batches of \(InferenceSession.prefillBatchSize)): "
                + "Δ \(format(schedule.delta)) on every layer over the prompt's second half; Influence of tokens 8–23",
            "",
            "| tokens | prefill min / median (s) | + Δ min / median (s) | Δ overhead wall / CPU "
                + "| + influence min / median (s) | influence overhead wall / CPU "
                + "| peak RSS prefill / + Δ / + influence (MiB) | probe state (KiB) |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for row in rows {
            let plain = row.plain.sorted(), biased = row.schedule.sorted(), measured = row.influence.sorted()
            let plainCPU = median(row.plainCPU.sorted())
            let state = (layerCount + 1) * row.tokens * MemoryLayout<Float>.size
            lines.append(String(format: "| %d | %.2f / %.2f | %.2f / %.2f | %+.1f%% / %+.1f%% "
                                + "| %.2f / %.2f | %+.1f%% / %+.1f%% | ",
                                row.tokens, plain.first ?? 0, median(plain), biased.first ?? 0, median(biased),
                                overhead(median(biased), over: median(plain)),
                                overhead(median(row.scheduleCPU.sorted()), over: plainCPU),
                                measured.first ?? 0, median(measured),
                                overhead(median(measured), over: median(plain)),
                                overhead(median(row.influenceCPU.sorted()), over: plainCPU))
                + "\(mebibytes(row.plainPeak)) / \(mebibytes(row.schedulePeak)) / \(mebibytes(row.influencePeak)) "
                + "| \(state / 1024) |")
        }
        return lines.joined(separator: "\n")
    }

    /// The rows as one JSON object (seconds, bytes).
    static func json(_ rows: [Row], model: String, layerCount: Int) throws -> String {
        struct Section: Encodable {
            var section = "steering_overhead"
            var model: String
            var layerCount: Int
            var delta: Float
            var rows: [Row]
        }
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys]
        let section = Section(model: model, layerCount: layerCount, delta: schedule.delta, rows: rows)
        return String(decoding: try encoder.encode(section), as: UTF8.self)
    }

    /// Wall and process CPU seconds of one prefill of `tokens` in a fresh session.
    private static func timedPrefill(_ model: LanguageModel, tokens: [Int], hooks: AttentionHooks,
                                     numerics: Numerics) throws -> (wall: Double, cpu: Double) {
        let session = try InferenceSession(model: model, contextLength: tokens.count, numerics: numerics)
        let start = DispatchTime.now(), startCPU = processCPUSeconds()
        _ = try session.prefill(tokens, hooks: hooks)
        return (Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9,
                processCPUSeconds() - startCPU)
    }

    /// `measured` over `baseline` as a percentage (+5 means 5 % slower); 0 without a baseline.
    private static func overhead(_ measured: Double, over baseline: Double) -> Double {
        baseline > 0 ? (measured / baseline - 1) * 100 : 0
    }

    private static func format(_ value: Float) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }

    /// CPU time used so far by every thread of this process.
    private static func processCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    private static func median(_ sorted: [Double]) -> Double {
        guard !sorted.isEmpty else { return 0 }
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2]
            : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    private static func mebibytes(_ bytes: Int?) -> String {
        bytes.map { String(format: "%.0f", Double($0) / 1_048_576) } ?? "n/a"
    }

    /// Resets the kernel's peak-RSS mark of this process (Linux `clear_refs` 5).
    private static func resetPeakMemory() {
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    }

    /// Peak resident memory of this process since the last reset (Linux VmHWM), bytes.
    private static func peakMemory() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "")
        else { return nil }
        return kilobytes * 1024
    }

    private static let fillerText = """
        It is a truth universally acknowledged, that a single man in possession of a good fortune, \
        must be in want of a wife. However little known the feelings or views of such a man may be \
        on his first entering a neighbourhood, this truth is so well fixed in the minds of the \
        surrounding families, that he is considered the rightful property of some one or other of \
        their daughters.
        """
}

/// A steering bench that could not be set up.
enum SteeringOverheadError: Error, CustomStringConvertible {
    /// The schedule gave no bias over a prompt of this length.
    case noBias(tokens: Int)

    var description: String {
        switch self {
        case .noBias(let tokens): return "the Δ schedule biases nothing in a \(tokens)-token prompt"
        }
    }
}
