import ArgumentParser
import Dispatch
import Engine
import Foundation

/// The options of the Influence section of `guide bench`.
struct InfluenceBenchOptions: ParsableArguments {
    @Option(name: .long, help: "Prompt lengths for the Influence cost, comma-separated; 'none' skips the section.")
    var influenceLengths = "512,2048,4096"

    @Option(name: .long, help: "Timed plain and Influence prefills per length, after one warm-up.")
    var influenceIterations = 2

    private var lengths: [Int]? {
        if influenceLengths == "none" { return [] }
        let values = influenceLengths.split(separator: ",").map { Int($0) }
        return values.allSatisfy({ ($0 ?? 0) > 0 }) ? values.compactMap { $0 } : nil
    }

    func validate() throws {
        guard lengths != nil else {
            throw ValidationError("--influence-lengths must be positive integers separated by commas, or 'none'")
        }
        guard influenceIterations >= 1 else { throw ValidationError("--influence-iterations must be at least 1") }
    }

    /// Measures and prints the section (a table, or one JSON object when `json`).
    func run(model: LanguageModel, numerics: Numerics, json: Bool) throws {
        guard let lengths, !lengths.isEmpty else { return }
        let rows = try InfluenceBenchSection.measure(model, sizes: lengths, iterations: influenceIterations,
                                                     numerics: numerics) { line in
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
        if json {
            print(try InfluenceBenchSection.json(rows, model: model.name, layerCount: model.config.layerCount))
        } else {
            print("")
            print(InfluenceBenchSection.table(rows, model: model.name, layerCount: model.config.layerCount))
        }
    }
}

/// The Influence section of `guide bench`: the cost of computing Influence while the prompt
/// is prefilled, against the same prefill without it, and the peak memory of each.
enum InfluenceBenchSection {
    /// Measurements at one prompt length.
    struct Row: Encodable {
        var tokens: Int
        /// Wall-clock seconds of each plain prefill.
        var plain: [Double]
        /// Wall-clock seconds of each prefill with the Influence probe.
        var influence: [Double]
        /// Process CPU seconds (all threads) of each plain / Influence prefill: steadier
        /// than wall time on a shared machine.
        var plainCPU: [Double] = []
        var influenceCPU: [Double] = []
        /// Peak resident memory (VmHWM) during the last plain / influence run, bytes.
        var plainPeak: Int?
        var influencePeak: Int?
    }

    static let sizes = [512, 2048, 4096]

    /// Runs `iterations` plain and Influence prefills per size, alternating, after one
    /// warm-up prefill; `log` receives progress lines.
    static func measure(_ model: LanguageModel, sizes: [Int] = sizes, iterations: Int = 2,
                        numerics: Numerics = .llamaCPP, log: (String) -> Void = { _ in }) throws -> [Row] {
        let filler = model.tokenizer.encode(fillerText)
        guard !filler.isEmpty, let largest = sizes.max() else { return [] }
        let stream = Array(repeatElement(filler, count: largest / filler.count + 1).joined())
        _ = try timedPrefill(model, tokens: Array(stream.prefix(min(largest, 256))), probe: nil, numerics: numerics)
        var rows: [Row] = []
        for size in sizes {
            let tokens = Array(stream.prefix(size))
            var row = Row(tokens: size, plain: [], influence: [])
            for iteration in 1...max(iterations, 1) {
                resetPeakMemory()
                let plain = try timedPrefill(model, tokens: tokens, probe: nil, numerics: numerics)
                row.plain.append(plain.wall)
                row.plainCPU.append(plain.cpu)
                row.plainPeak = peakMemory()
                var indicator = [Float](repeating: 0, count: size)
                for position in 8..<min(24, size) { indicator[position] = 1 }
                let probe = InfluenceProbe(indicator: indicator, layerCount: model.config.layerCount)
                resetPeakMemory()
                let measured = try timedPrefill(model, tokens: tokens, probe: probe, numerics: numerics)
                row.influence.append(measured.wall)
                row.influenceCPU.append(measured.cpu)
                row.influencePeak = peakMemory()
                log(String(format: "influence bench %5d tokens, run %d: prefill %.2f s (cpu %.2f s), "
                           + "with influence %.2f s (cpu %.2f s)",
                           size, iteration, plain.wall, plain.cpu, measured.wall, measured.cpu))
            }
            rows.append(row)
        }
        return rows
    }

    /// A Markdown table of `rows`.
    static func table(_ rows: [Row], model: String, layerCount: Int) -> String {
        var lines = [
            "Influence on top of prefill (\(model), \(layerCount) layers, batches of \(InferenceSession.prefillBatchSize))",
            "",
            "| tokens | prefill min / median (s) | + influence min / median (s) | extra wall (median) "
                + "| extra CPU time (median) | peak RSS prefill / + influence (MiB) | probe state (KiB) |",
            "|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for row in rows {
            let plain = row.plain.sorted(), measured = row.influence.sorted()
            let plainMedian = median(plain), measuredMedian = median(measured)
            let extra = plainMedian > 0 ? (measuredMedian / plainMedian - 1) * 100 : 0
            let plainCPU = median(row.plainCPU.sorted()), measuredCPU = median(row.influenceCPU.sorted())
            let extraCPU = plainCPU > 0 ? (measuredCPU / plainCPU - 1) * 100 : 0
            let state = (layerCount + 1) * row.tokens * MemoryLayout<Float>.size
            lines.append(String(format: "| %d | %.2f / %.2f | %.2f / %.2f | %+.1f%% | %+.1f%% | ",
                                row.tokens, plain.first ?? 0, plainMedian, measured.first ?? 0, measuredMedian,
                                extra, extraCPU)
                + "\(mebibytes(row.plainPeak)) / \(mebibytes(row.influencePeak)) | \(state / 1024) |")
        }
        return lines.joined(separator: "\n")
    }

    /// The rows as one JSON object (seconds, bytes).
    static func json(_ rows: [Row], model: String, layerCount: Int) throws -> String {
        struct Section: Encodable {
            var section = "influence"
            var model: String
            var layerCount: Int
            var rows: [Row]
        }
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys]
        let section = Section(model: model, layerCount: layerCount, rows: rows)
        return String(decoding: try encoder.encode(section), as: UTF8.self)
    }

    /// Wall and process CPU seconds of one prefill of `tokens` in a fresh session.
    private static func timedPrefill(_ model: LanguageModel, tokens: [Int], probe: InfluenceProbe?,
                                     numerics: Numerics) throws -> (wall: Double, cpu: Double) {
        let session = try InferenceSession(model: model, contextLength: tokens.count, numerics: numerics)
        let start = DispatchTime.now(), startCPU = processCPUSeconds()
        _ = try session.prefill(tokens, hooks: AttentionHooks(probe: probe))
        return (Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9,
                processCPUSeconds() - startCPU)
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
