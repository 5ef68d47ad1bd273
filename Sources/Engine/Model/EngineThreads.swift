import COpenBLAS
import Foundation

/// The engine's one thread setting: how many threads the kernel pool, the row- and
/// head-parallel loops (attention, norms, RoPE, activations) and OpenBLAS run on.
///
/// `GUIDE_THREADS` (a whole number 1…64) sets it; otherwise every active core. OpenBLAS is
/// only ever called from inside those loops (one `sgemm` per weight tile or attention
/// head), so each call runs single-threaded on the thread that made it: OpenBLAS never
/// adds threads of its own, and `OPENBLAS_NUM_THREADS` has no effect.
public enum EngineThreads {
    /// Most threads the setting accepts.
    public static let maximum = 64

    /// The thread count every parallel part of the engine uses. Reading it first sets
    /// OpenBLAS to one thread per call.
    public static let count: Int = {
        _ = blasConfigured
        let resolved = resolve(ProcessInfo.processInfo.environment["GUIDE_THREADS"],
                               cores: ProcessInfo.processInfo.activeProcessorCount)
        if let problem = resolved.problem {
            FileHandle.standardError.write(Data("guide: \(problem)\n".utf8))
        }
        return resolved.count
    }()

    /// Threads one OpenBLAS call uses, as OpenBLAS itself reports it (1 once configured).
    public static var blasThreadsPerCall: Int {
        _ = blasConfigured
        return Int(openblas_get_num_threads())
    }

    /// The OpenBLAS kernel family in use (`Haswell`, `SkylakeX`, `Zen`, …; chosen from the
    /// CPU, or from `OPENBLAS_CORETYPE`), with the family OpenBLAS had picked when the
    /// engine replaced it (`SkylakeX, replacing Prescott`; see `BLASKernelChoice`).
    public static var blasCore: String {
        _ = blasConfigured
        guard let name = openblas_get_corename() else { return "unknown" }
        let core = String(cString: name).trimmingCharacters(in: .whitespaces)
        return BLASKernelChoice.replacedCore.map { "\(core), replacing \($0)" } ?? core
    }

    /// One line for reports: `2 threads (kernel pool 2, attention and norms 2, OpenBLAS 1
    /// per call; OpenBLAS core Haswell)`.
    public static var summary: String {
        "\(count) thread\(count == 1 ? "" : "s") (kernel pool \(KernelThreadPool.shared.threadCount), "
            + "attention and norms \(Parallel.workerCount), OpenBLAS \(blasThreadsPerCall) per call; "
            + "OpenBLAS core \(blasCore))"
    }

    /// Sets OpenBLAS's kernel family (`BLASKernelChoice`) and one thread per call, once,
    /// before any `sgemm`.
    static let blasConfigured: Void = {
        BLASKernelChoice.apply()
        openblas_set_num_threads(1)
    }()

    /// The thread count for a `GUIDE_THREADS` value on a machine with `cores` active cores:
    /// the value when it is a whole number in 1…`maximum`, else `cores` (clamped to
    /// 1…`maximum`) and a note saying why the value was ignored.
    static func resolve(_ setting: String?, cores: Int) -> (count: Int, problem: String?) {
        let fallback = min(maximum, max(1, cores))
        guard let setting, !setting.trimmingCharacters(in: .whitespaces).isEmpty else { return (fallback, nil) }
        guard let value = Int(setting.trimmingCharacters(in: .whitespaces)), (1...maximum).contains(value) else {
            return (fallback, "GUIDE_THREADS='\(setting)' is not a whole number from 1 to \(maximum); "
                        + "using \(fallback) (the active cores)")
        }
        return (value, nil)
    }
}
