import Foundation

/// The KV rows of the last prompt a model generated from, so that the next prompt starting
/// with the same tokens skips them: a Δ sweep over one document re-reads only the part the
/// bias can change (everything from the first biased key on).
///
/// Reuse is exact by construction. A reused row must have been computed exactly as a fresh
/// prefill of the new prompt would compute it, so only whole prefill batches are reused
/// (`InferenceSession.prefillBatchSize` rows from position 0, full in both prompts: the same
/// rows enter the same matrix products), and only rows that see no biased key in either
/// prompt (a row attends to keys at or before its own position, and adding a zero bias
/// leaves a score unchanged). Then the prefill that follows starts at a batch boundary, as
/// the fresh one does there, and every value downstream is bit-identical.
final class PrefixCache: @unchecked Sendable {
    private struct Entry {
        var tokens: [Int]
        var numerics: Numerics
        /// Rows of `tokens` computed with no biased key in view, as stored.
        var rowCount: Int
        /// `keys[layer]`: `[rowCount × keyDim]`; `values[layer]` likewise.
        var keys: [[Float]]
        var values: [[Float]]
    }

    /// Most bytes of KV rows kept (about 10,000 positions of the default model, 4,500 of the 1.5B).
    static let maximumBytes = 256 << 20

    private let lock = NSLock()
    private var entry: Entry?
    /// Rows the last `restore` reused.
    private(set) var lastReusedRows = 0

    /// Positions of `tokens` a fresh prefill would compute with no biased key in view:
    /// those before the first key that `bias` moves in any layer.
    static func unbiasedCount(_ tokens: [Int], bias: AttentionBias?) -> Int {
        guard let bias else { return tokens.count }
        var first = tokens.count
        for case let values? in bias.byLayer {
            if let j = values.firstIndex(where: { $0 != 0 }) { first = min(first, j) }
        }
        return first
    }

    /// Copies the reusable rows for a prompt of `tokens` (unbiased below `unbiasedCount`)
    /// into the empty `session`, advances it past them and returns how many there were.
    func restore(_ tokens: [Int], unbiasedCount: Int, into session: InferenceSession) -> Int {
        lock.lock()
        defer { lock.unlock() }
        lastReusedRows = 0
        guard session.position == 0, let entry, entry.numerics == session.numerics else { return 0 }
        var shared = 0
        let limit = min(entry.rowCount, unbiasedCount, tokens.count - 1, entry.tokens.count)
        while shared < limit, entry.tokens[shared] == tokens[shared] { shared += 1 }
        let batch = InferenceSession.prefillBatchSize
        let reused = shared / batch * batch
        guard reused > 0 else { return 0 }
        session.restoreCache(rows: reused, keys: entry.keys, values: entry.values)
        lastReusedRows = reused
        return reused
    }

    /// Keeps the first `min(unbiasedCount, tokens.count)` cached rows of `session`, which
    /// has just read `tokens` from position 0.
    func store(_ tokens: [Int], unbiasedCount: Int, from session: InferenceSession) {
        let rows = min(unbiasedCount, tokens.count, Self.maximumBytes / session.cache.bytesPerPosition)
        guard rows >= InferenceSession.prefillBatchSize else { return }
        let (keys, values) = session.copyCache(rows: rows)
        lock.lock()
        entry = Entry(tokens: Array(tokens[..<rows]), numerics: session.numerics, rowCount: rows,
                      keys: keys, values: values)
        lock.unlock()
    }

    /// Forgets the kept rows.
    func clear() {
        lock.lock()
        entry = nil
        lock.unlock()
    }
}

extension InferenceSession {
    /// Copies of the first `rows` cached keys and values of every layer.
    func copyCache(rows: Int) -> (keys: [[Float]], values: [[Float]]) {
        let copies = (0..<model.config.layerCount).map { cache.positions(rows, layer: $0) }
        return (copies.map(\.keys), copies.map(\.values))
    }

    /// Fills positions `0..<rows` of the empty cache with `keys`/`values` (as from
    /// `copyCache`) and moves the next position past them.
    func restoreCache(rows: Int, keys: [[Float]], values: [[Float]]) {
        precondition(position == 0 && rows <= contextLength)
        for layer in 0..<model.config.layerCount {
            keys[layer].withUnsafeBufferPointer { k in
                values[layer].withUnsafeBufferPointer { v in
                    cache.store(layer: layer, at: 0, count: rows, keys: k.baseAddress!, values: v.baseAddress!)
                }
            }
        }
        advance(by: rows)
    }
}

extension LanguageModel {
    /// Forgets the prompt rows kept for the next generation, so that it reads its prompt
    /// whole (what a benchmark compares reuse against).
    public func clearPrefixCache() { prefixCache.clear() }
}
