/// Next-token logits for one or more consecutive positions of a forward pass.
public struct Logits: Sendable {
    /// Entries per row.
    public let vocabSize: Int
    /// Absolute positions of the rows: row r holds the logits computed *at* position
    /// `positions.lowerBound + r`, i.e. the prediction of the token after it.
    public let positions: Range<Int>
    /// Row-major `positions.count × vocabSize`.
    public let values: [Float]

    /// The logits of the last row.
    public var last: [Float] { Array(values[(positions.count - 1) * vocabSize..<positions.count * vocabSize]) }

    /// The logits computed at absolute position `position` (must be in `positions`).
    public func row(position: Int) -> ArraySlice<Float> {
        let r = position - positions.lowerBound
        return values[r * vocabSize..<(r + 1) * vocabSize]
    }
}
