/// Sessions of one model that decode together: each step runs one token of each given
/// session through a single forward call, so every weight tile is read from memory once
/// for all of them, while each session's attention stays within its own cache.
///
/// Each session's logits are bit-identical to what its own `decode(_:hooks:)` returns for the
/// same token: the rows go through the one-vector kernels (`ForwardRows.areIndependentSteps`)
/// and every other step of the layer works row by row.
public final class DecodeBatch {
    /// The sessions, in the order `decode(_:in:)` indexes them.
    public let sessions: [InferenceSession]
    private let hooks: [AttentionHooks]
    private let buffers: ForwardBuffers

    /// Sessions that will decode together, with the hooks of each one's generated tokens.
    ///
    /// - Precondition: at least one session; all of one model and one numerics, each given
    ///   once; `hooks` one per session, none with a probe (a probe follows one sequence).
    public init(sessions: [InferenceSession], hooks: [AttentionHooks]) {
        precondition(!sessions.isEmpty && hooks.count == sessions.count)
        precondition(sessions.allSatisfy { $0.model === sessions[0].model && $0.numerics == sessions[0].numerics })
        precondition(Set(sessions.map(ObjectIdentifier.init)).count == sessions.count)
        precondition(hooks.allSatisfy { $0.probe == nil })
        self.sessions = sessions
        self.hooks = hooks
        buffers = ForwardBuffers(config: sessions[0].model.config, capacity: sessions.count)
    }

    /// Runs `tokens[k]` at the current position of session `indices[k]` and returns its
    /// next-token logits, `[vocabSize]` each, in the order of `indices`.
    ///
    /// - Throws: what `decode(_:hooks:)` would throw for the first session that cannot take its
    ///   token (`InferenceError.contextOverflow`, `.tokenOutOfRange`); no cache changes then.
    public func decode(_ tokens: [Int], in indices: [Int]) throws -> [[Float]] {
        precondition(tokens.count == indices.count && !indices.isEmpty && Set(indices).count == indices.count)
        for (token, index) in zip(tokens, indices) { try sessions[index].validate([token]) }
        let rows = ForwardRows(sequences: indices.enumerated().map { row, index in
            .init(cache: sessions[index].cache, firstPosition: sessions[index].position, rows: row..<(row + 1),
                  bias: hooks[index].bias)
        })
        let logits = sessions[indices[0]].forward(tokens[...], rows: rows, probe: nil, logitRows: .all,
                                                  buffers: buffers)
        for index in indices { sessions[index].advance(by: 1) }
        let vocabSize = sessions[0].model.config.vocabSize
        return (0..<indices.count).map { Array(logits[($0 * vocabSize)..<(($0 + 1) * vocabSize)]) }
    }
}
