/// The rows of one forward call, by the sequence each belongs to.
///
/// A prefill or decode call of one session is one sequence: `n` rows at consecutive
/// positions of its cache. A batched decode step (`InferenceSession.decode(batch:)`) is one
/// row per session, each at its own position in its own cache, with its own bias; their
/// projections share each read of the weights, their attention does not mix.
struct ForwardRows {
    /// One sequence's rows: the cache they append to, the position of the first, where they
    /// sit in the call's buffers, and the bias its attention adds.
    struct Sequence {
        let cache: KVCache
        let firstPosition: Int
        let rows: Range<Int>
        let bias: AttentionBias?
    }

    let sequences: [Sequence]

    /// Rows in the call.
    var count: Int { sequences.last?.rows.upperBound ?? 0 }

    /// Whether the rows are lone decode steps of different sequences: each must come out as
    /// it would from a decode step of its session alone, so the products use the one-vector
    /// kernels (row by row, the same summation) rather than sgemm over the batch.
    var areIndependentSteps: Bool { sequences.count > 1 }

    /// Absolute position of call row `row`.
    func position(ofRow row: Int) -> Int {
        for sequence in sequences where sequence.rows.contains(row) {
            return sequence.firstPosition + row - sequence.rows.lowerBound
        }
        preconditionFailure("row \(row) is not in the call")
    }
}
