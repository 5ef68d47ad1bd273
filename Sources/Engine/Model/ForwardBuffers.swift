/// Activations of one forward call, `capacity` rows each, reused from call to call.
final class ForwardBuffers {
    let capacity: Int
    /// Residual stream, `[capacity × dim]`.
    let residual: UnsafeMutablePointer<Float>
    /// Normalised input of a projection, `[capacity × dim]`.
    let normed: UnsafeMutablePointer<Float>
    /// Queries, keys and values of the current rows, `[capacity × queryDim/keyDim/valueDim]`.
    let queries: UnsafeMutablePointer<Float>
    let keys: UnsafeMutablePointer<Float>
    let values: UnsafeMutablePointer<Float>
    /// Concatenated head outputs, `[capacity × headCount·valueHeadDim]`.
    let attention: UnsafeMutablePointer<Float>
    /// Output of the attention or feed-forward block, `[capacity × dim]`.
    let blockOutput: UnsafeMutablePointer<Float>
    /// Feed-forward gate and up projections, `[capacity × hiddenDim]`.
    let gate: UnsafeMutablePointer<Float>
    let up: UnsafeMutablePointer<Float>
    /// RoPE cos/sin tables per row, `[capacity × ropeDimensionCount]`, for global and sliding layers.
    let globalRopeTable: UnsafeMutablePointer<Float>
    let slidingRopeTable: UnsafeMutablePointer<Float>
    /// A projection's input after rounding (`Numerics.llamaCPP`), `[capacity × widest input]`.
    let roundedInput: UnsafeMutablePointer<Float>

    private let all: [UnsafeMutablePointer<Float>]

    init(config c: ModelConfig, capacity: Int) {
        self.capacity = capacity
        func make(_ width: Int) -> UnsafeMutablePointer<Float> {
            let p = UnsafeMutablePointer<Float>.allocate(capacity: capacity * width)
            p.initialize(repeating: 0, count: capacity * width)
            return p
        }
        residual = make(c.dim)
        normed = make(c.dim)
        queries = make(c.queryDim)
        keys = make(c.keyDim)
        values = make(c.valueDim)
        attention = make(c.headCount * c.valueHeadDim)
        blockOutput = make(c.dim)
        gate = make(c.hiddenDim)
        up = make(c.hiddenDim)
        globalRopeTable = make(c.ropeDimensionCount)
        slidingRopeTable = make(c.ropeDimensionCount)
        roundedInput = make(max(c.dim, c.hiddenDim, c.headCount * c.valueHeadDim))
        all = [residual, normed, queries, keys, values, attention, blockOutput, gate, up,
               globalRopeTable, slidingRopeTable, roundedInput]
    }

    deinit { all.forEach { $0.deallocate() } }
}
