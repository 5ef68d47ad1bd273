import COpenBLAS
import Foundation
import Testing
@testable import Engine

/// `GUIDE_THREADS` is the one thread setting: the kernel pool, the row- and head-parallel
/// loops and OpenBLAS all follow it. (`scripts/test` runs the suites with it unset; the
/// portability check runs them with `GUIDE_THREADS=1` too.)
@Suite struct EngineThreadsTests {
    @Test(arguments: [
        (nil, 2, 2), ("1", 2, 1), ("3", 2, 3), (" 4 ", 2, 4), ("64", 2, 64), ("", 6, 6), (nil, 0, 1), (nil, 500, 64),
    ] as [(String?, Int, Int)])
    func aValidSettingOrTheCoreCountIsUsed(setting: String?, cores: Int, expected: Int) {
        let resolved = EngineThreads.resolve(setting, cores: cores)
        #expect(resolved.count == expected)
        #expect(resolved.problem == nil)
    }

    @Test(arguments: ["0", "-2", "two", "1.5", "65"])
    func anInvalidSettingFallsBackToTheCoresAndSaysWhy(setting: String) {
        let resolved = EngineThreads.resolve(setting, cores: 3)
        #expect(resolved.count == 3)
        #expect(resolved.problem?.contains("GUIDE_THREADS='\(setting)'") == true)
    }

    @Test func everyParallelPartRunsOnTheSetting() {
        let count = EngineThreads.count
        #expect(KernelThreadPool.shared.threadCount == count)
        #expect(Parallel.workerCount == count)
        #expect(InferenceSession.threadCount == count)
        // OpenBLAS is called from inside those workers, one thread per call.
        #expect(EngineThreads.blasThreadsPerCall == 1)
        #expect(openblas_get_num_threads() == 1)
        let environment = ProcessInfo.processInfo.environment["GUIDE_THREADS"]
        #expect(count == EngineThreads.resolve(environment, cores: ProcessInfo.processInfo.activeProcessorCount).count)
        #expect(EngineThreads.summary.hasPrefix("\(count) thread"))
        #expect(!EngineThreads.blasCore.isEmpty)
    }
}
