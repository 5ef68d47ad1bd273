import CCPUFeatures
import COpenBLAS
import Foundation

/// Makes OpenBLAS run a kernel family as fast as the CPU allows.
///
/// Debian's OpenBLAS is built with `DYNAMIC_ARCH`: when it loads it picks a kernel family
/// from the CPU's model number. A CPU the library does not know (newer than the library,
/// or a virtual CPU with a generic model such as KVM's "Intel Xeon Processor") gets the
/// baseline `Prescott` SSE3 kernels, although it may run AVX-512. On such a 2-core
/// AVX-512 machine `guide bench --prefill 512` on the default model gives 37 tokens/s with
/// `Prescott` against 166 with `SkylakeX` and 112 with `Haswell`.
///
/// So, before the first product, when `OPENBLAS_CORETYPE` is unset and the CPU itself
/// (CPUID, not `/proc/cpuinfo`) runs AVX2 and FMA while OpenBLAS picked a weaker family,
/// the engine runs OpenBLAS's own kernel selection again with `Haswell` named
/// (`gotoblas_dynamic_quit` + `gotoblas_dynamic_init`, the functions OpenBLAS calls at
/// load time, with `OPENBLAS_CORETYPE` set). A `OPENBLAS_CORETYPE` the user sets is
/// always kept, and a library without those functions (not `DYNAMIC_ARCH`) is left alone.
///
/// `Haswell` rather than `SkylakeX` on an AVX-512 CPU: with `SkylakeX` kernels SmolLM2's
/// prefill logits move further from llama.cpp's than llama.cpp's own path noise on one
/// reference prompt (`ReferenceAgreementTests`, prompt shared-3: top-2 margin 0.274 against
/// a noise of 0.231), while `Haswell`, `Zen` and `Prescott` keep agreement. A user who wants
/// the last third sets `OPENBLAS_CORETYPE=SkylakeX`.
enum BLASKernelChoice {
    /// What the choice did: nil when OpenBLAS's own pick was kept, else the family it had
    /// picked before being replaced.
    nonisolated(unsafe) private(set) static var replacedCore: String?

    /// Runs the choice once. Call before any OpenBLAS product, from one thread.
    static func apply() {
        guard ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] == nil,
              let wanted = bestFamily(avx2: guide_cpu_has_avx2_fma() != 0),
              let current = currentCore(), shouldReplace(current, with: wanted),
              let handle = dlopen(nil, RTLD_NOW),
              let quit = dlsym(handle, "gotoblas_dynamic_quit"),
              let initialize = dlsym(handle, "gotoblas_dynamic_init") else { return }
        typealias Entry = @convention(c) () -> Void
        setenv("OPENBLAS_CORETYPE", wanted, 0)
        unsafeBitCast(quit, to: Entry.self)()
        unsafeBitCast(initialize, to: Entry.self)()
        unsetenv("OPENBLAS_CORETYPE")
        replacedCore = current
    }

    /// The family OpenBLAS should run on a CPU with these features, or nil for "no opinion".
    static func bestFamily(avx2: Bool) -> String? {
        avx2 ? "Haswell" : nil
    }

    /// Whether `current` (an OpenBLAS core name) is a weaker family than `wanted`. Names
    /// this table does not know are kept: they may be newer than it.
    static func shouldReplace(_ current: String, with wanted: String) -> Bool {
        guard let have = familyRank[current.lowercased()], let want = familyRank[wanted.lowercased()] else {
            return false
        }
        return have < want
    }

    /// OpenBLAS x86-64 core names by the widest vector unit their kernels use: SSE (0),
    /// AVX (1), AVX2 + FMA (2), AVX-512 (3).
    private static let familyRank: [String: Int] = [
        "prescott": 0, "core2": 0, "penryn": 0, "dunnington": 0, "nehalem": 0, "atom": 0,
        "opteron": 0, "opteron_sse3": 0, "barcelona": 0, "bobcat": 0, "nano": 0,
        "sandybridge": 1, "bulldozer": 1, "piledriver": 1, "steamroller": 1,
        "haswell": 2, "zen": 2, "excavator": 2,
        "skylakex": 3, "cooperlake": 3, "sapphirerapids": 3,
    ]

    private static func currentCore() -> String? {
        guard let name = openblas_get_corename() else { return nil }
        return String(cString: name).trimmingCharacters(in: .whitespaces)
    }
}
