import CCPUFeatures
import Foundation
import Testing
@testable import Engine

/// OpenBLAS runs a kernel family the CPU can execute and no weaker than the best one
/// it offers for that CPU, unless `OPENBLAS_CORETYPE` says otherwise.
@Suite struct BLASKernelChoiceTests {
    @Test func theFamilyFollowsTheWidestVectorUnit() {
        // AVX-512 CPUs get Haswell too: SkylakeX moves SmolLM2 off llama.cpp (see the type).
        #expect(BLASKernelChoice.bestFamily(avx2: true) == "Haswell")
        #expect(BLASKernelChoice.bestFamily(avx2: false) == nil)
    }

    @Test(arguments: [
        ("Prescott", "SkylakeX", true), ("Sandybridge", "Haswell", true), ("Haswell", "SkylakeX", true),
        ("SkylakeX", "SkylakeX", false), ("SapphireRapids", "SkylakeX", false), ("Zen", "Haswell", false),
        ("SkylakeX", "Haswell", false), ("SomeFutureCore", "SkylakeX", false),
    ])
    func onlyAWeakerKnownFamilyIsReplaced(current: String, wanted: String, replaced: Bool) {
        #expect(BLASKernelChoice.shouldReplace(current, with: wanted) == replaced)
    }

    /// On this machine: with `OPENBLAS_CORETYPE` unset the family in use is at least the
    /// CPU's best; with it set, OpenBLAS's choice is never replaced.
    @Test func theFamilyInUseIsTheCPUsBestOrTheUsersChoice() {
        let core = EngineThreads.blasCore
        guard ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] == nil else {
            #expect(!core.contains("replacing"), "\(core)")
            return
        }
        let family = String(core.prefix { $0 != "," })
        if let wanted = BLASKernelChoice.bestFamily(avx2: guide_cpu_has_avx2_fma() != 0) {
            #expect(!BLASKernelChoice.shouldReplace(family, with: wanted), "\(core) on a CPU that runs \(wanted)")
        }
    }
}
