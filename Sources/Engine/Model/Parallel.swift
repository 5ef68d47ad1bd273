/// Splits row-wise work (attention heads, norms, RoPE, activations) over the same
/// persistent pool the matrix products use (`KernelThreadPool.shared`), so the engine has
/// one set of threads, sized by `EngineThreads.count`.
enum Parallel {
    /// Workers a loop is split over at most: `EngineThreads.count`.
    static let workerCount = EngineThreads.count

    /// Calls `body` on disjoint sub-ranges covering `0..<count`, concurrently when each worker
    /// gets at least `minimumPerWorker` items.
    static func forEachChunk(count: Int, minimumPerWorker: Int = 1, _ body: @escaping (Range<Int>) -> Void) {
        let workers = min(workerCount, count / max(1, minimumPerWorker))
        guard workers > 1 else {
            if count > 0 { body(0..<count) }
            return
        }
        KernelThreadPool.shared.parallelFor(chunks: workers) { w in
            let lower = count * w / workers, upper = count * (w + 1) / workers
            if upper > lower { body(lower..<upper) }
        }
    }

    /// Calls `body(worker, range)` for `workers` disjoint sub-ranges covering `0..<count`;
    /// no two calls with the same `worker` index run at once.
    static func forEachChunk(count: Int, workers: Int, _ body: @escaping (Int, Range<Int>) -> Void) {
        let workers = max(1, min(workers, count))
        guard workers > 1 else {
            if count > 0 { body(0, 0..<count) }
            return
        }
        KernelThreadPool.shared.parallelFor(chunks: workers) { w in
            body(w, (count * w / workers)..<(count * (w + 1) / workers))
        }
    }
}
