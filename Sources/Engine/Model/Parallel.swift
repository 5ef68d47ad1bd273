import Dispatch
import Foundation

/// Splits row-wise work over the machine's cores.
enum Parallel {
    /// Worker threads used for row-parallel loops: `EngineThreads.count`.
    static let workerCount = EngineThreads.count

    /// Calls `body` on disjoint sub-ranges covering `0..<count`, concurrently when each worker
    /// gets at least `minimumPerWorker` items.
    static func forEachChunk(count: Int, minimumPerWorker: Int = 1, _ body: (Range<Int>) -> Void) {
        let workers = min(workerCount, count / max(1, minimumPerWorker))
        guard workers > 1 else {
            if count > 0 { body(0..<count) }
            return
        }
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            let lower = count * w / workers, upper = count * (w + 1) / workers
            if upper > lower { body(lower..<upper) }
        }
    }

    /// Calls `body(worker, range)` for `workers` disjoint sub-ranges covering `0..<count`.
    static func forEachChunk(count: Int, workers: Int, _ body: (Int, Range<Int>) -> Void) {
        let workers = max(1, min(workers, count))
        guard workers > 1 else {
            if count > 0 { body(0, 0..<count) }
            return
        }
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            body(w, (count * w / workers)..<(count * (w + 1) / workers))
        }
    }
}
