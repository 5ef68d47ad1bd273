import Foundation
import Synchronization

/// A small persistent pool that runs one parallel loop at a time on the calling thread
/// plus `threadCount − 1` workers.
///
/// Decoding calls a matrix-vector product ~170 times per token, each a few tens of
/// microseconds, so dispatch overhead matters: workers spin briefly on a generation
/// counter after each job (waking them is then one atomic store), then yield the core
/// for a while (other threads, such as Dispatch workers, get it), and finally sleep on
/// a semaphore. Work is handed out in chunks from an atomic counter, so a core
/// taken by another process does not stall the loop.
public final class KernelThreadPool: @unchecked Sendable {
    /// The shared pool: `EngineThreads.count` threads (`GUIDE_THREADS`, else every active core).
    public static let shared = KernelThreadPool(threadCount: EngineThreads.count)

    /// Number of threads that run a loop, the caller included.
    public let threadCount: Int

    private final class Worker {
        let sleeping = Atomic<Bool>(false)
        let wake = DispatchSemaphore(value: 0)
    }

    /// One parallel loop. Workers that arrive late find every chunk claimed and leave;
    /// the caller waits only for chunks that were actually started.
    private final class Job {
        let body: (Int) -> Void
        let chunkCount: Int
        let nextChunk = Atomic<Int>(0)
        let finishedChunks = Atomic<Int>(0)

        init(body: @escaping (Int) -> Void, chunkCount: Int) {
            self.body = body
            self.chunkCount = chunkCount
        }

        func run() {
            while true {
                let chunk = nextChunk.add(1, ordering: .relaxed).oldValue
                guard chunk < chunkCount else { return }
                body(chunk)
                finishedChunks.add(1, ordering: .releasing)
            }
        }
    }

    private let generation = Atomic<Int>(0)
    private var currentJob: Job?
    private let jobLock = NSLock()
    private let callerLock = NSLock()
    private let workers: [Worker]
    /// Spin iterations a worker busy-waits for the next job (about 100 µs: a token's
    /// products come in quick succession), then the number of iterations it keeps
    /// checking while yielding the core to other threads, then it sleeps.
    private let spinLimit = 20_000
    private let yieldLimit = 22_000

    /// Creates a pool; `threadCount` is clamped to 1...`EngineThreads.maximum`. Its worker threads keep it
    /// alive for the rest of the process (they sleep when idle), so create pools once.
    public init(threadCount: Int) {
        self.threadCount = min(EngineThreads.maximum, max(1, threadCount))
        workers = (1..<self.threadCount).map { _ in Worker() }
        for (index, worker) in workers.enumerated() {
            let thread = Thread { self.workerLoop(worker) }
            thread.name = "guide-kernel-\(index + 1)"
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    /// Runs `body(chunk)` for every chunk in `0..<chunks`, spread over the pool, and
    /// returns when all are done. While the pool is busy (a call from another thread, or
    /// from inside a chunk) the loop runs on the calling thread alone, so nesting never
    /// deadlocks.
    public func parallelFor(chunks: Int, _ body: @escaping (Int) -> Void) {
        guard chunks > 1, !workers.isEmpty, callerLock.try() else {
            for chunk in 0..<chunks { body(chunk) }
            return
        }
        defer { callerLock.unlock() }
        let job = Job(body: body, chunkCount: chunks)
        jobLock.lock()
        currentJob = job
        jobLock.unlock()
        generation.add(1, ordering: .sequentiallyConsistent)
        for worker in workers where worker.sleeping.exchange(false, ordering: .sequentiallyConsistent) {
            worker.wake.signal()
        }
        job.run()
        while job.finishedChunks.load(ordering: .acquiring) < chunks { spinPause() }
        jobLock.lock()
        currentJob = nil
        jobLock.unlock()
    }

    private func workerLoop(_ worker: Worker) {
        var seen = 0
        while true {
            var spins = 0
            while generation.load(ordering: .sequentiallyConsistent) == seen {
                spins += 1
                if spins < spinLimit { spinPause(); continue }
                if spins < yieldLimit { sched_yield(); continue }
                // Announce sleep, then re-check: either the caller sees `sleeping` and
                // signals, or this thread sees the new generation.
                worker.sleeping.store(true, ordering: .sequentiallyConsistent)
                if generation.load(ordering: .sequentiallyConsistent) != seen {
                    if !worker.sleeping.exchange(false, ordering: .sequentiallyConsistent) {
                        worker.wake.wait()  // the caller claimed this worker and signalled
                    }
                    break
                }
                worker.wake.wait()
                spins = 0
            }
            seen = generation.load(ordering: .sequentiallyConsistent)
            jobLock.lock()
            let job = currentJob
            jobLock.unlock()
            job?.run()
        }
    }

    @inline(__always)
    private func spinPause() {
        // A cheap delay that keeps the loop from hammering the shared cache line.
        for _ in 0..<8 { _ = generation.load(ordering: .relaxed) }
    }
}
