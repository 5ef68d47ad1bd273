/// Steering and measurement hooks that the forward pass honours, one layer at a time.
///
/// The forward pass computes, for every layer ℓ, head h, query row i and key j ≤ i,
/// `s = q_i·k_j · scale`, then adds `bias.values(layer: ℓ)[j]` (zero where the vector is
/// shorter than j + 1), then applies the causal / sliding-window mask, then softmax.
public struct AttentionHooks {
    /// Additive attention-logit biases; nil runs the model unchanged.
    public var bias: AttentionBias?
    /// Receives per-layer measurements; nil measures nothing.
    public var probe: (any AttentionProbe)?

    /// Hooks that change and measure nothing.
    public static let none = AttentionHooks()

    public init(bias: AttentionBias? = nil, probe: (any AttentionProbe)? = nil) {
        self.bias = bias
        self.probe = probe
    }
}

/// Per-layer bias vectors over absolute key positions (0-based).
public struct AttentionBias: Sendable, Equatable {
    /// `byLayer[ℓ]` is nil for an unbiased layer, else the bias of each key position.
    public var byLayer: [[Float]?]

    public init(byLayer: [[Float]?]) { self.byLayer = byLayer }

    /// The bias vector of `layer`, or nil when the layer is unbiased.
    public func values(layer: Int) -> [Float]? {
        layer < byLayer.count ? byLayer[layer] : nil
    }
}

/// Observes the attention of a forward pass without keeping n×n matrices.
///
/// Calls arrive on the thread that called prefill/decode, in layer order.
public protocol AttentionProbe: AnyObject {
    /// Vectors over key positions `0..<keyCount` whose head-averaged, attention-weighted
    /// sums the forward pass should report for `layer`. Called once per layer and forward
    /// call, before that layer's attention runs. Return `[]` to measure nothing there.
    func keyWeights(layer: Int, keyCount: Int) -> [[Float]]

    /// Reports `layer` for the query rows `rows` (absolute positions):
    /// `weighted[v][r] = (1/H) Σ_h Σ_j P_h[rows.lowerBound + r][j] · w_v[j]` for each vector
    /// `w_v` from `keyWeights`, and the L1 norms of the layer's vectors at those rows.
    func layerFinished(layer: Int, rows: Range<Int>, weighted: [[Float]], norms: LayerNorms)

    /// Layers whose full head-averaged attention rows should go to `attentionRows`.
    var capturedLayers: Set<Int> { get }

    /// Head-averaged attention of `layer` for query rows `rows`: row-major
    /// `rows.count × keyCount`, zero where the mask removed a key.
    func attentionRows(layer: Int, rows: Range<Int>, averaged: UnsafeBufferPointer<Float>,
                       keyCount: Int)

    /// Heads of `layer` whose own attention rows (before the head average) should go to
    /// `headRows`. Asked once per layer and forward call; `[]` by default.
    func capturedHeads(layer: Int) -> [Int]

    /// Attention of one `head` of `layer` for query rows `rows`, as `attentionRows` gives
    /// the head average: row-major `rows.count × keyCount`, zero where the mask removed a key.
    func headRows(layer: Int, head: Int, rows: Range<Int>, probabilities: UnsafeBufferPointer<Float>,
                  keyCount: Int)

    /// Residual-width hook points (`HookPoint`) whose vectors should go to `vectors(at:…)`;
    /// empty by default.
    var observedPoints: Set<HookPoint> { get }

    /// The vectors at `point` of `layer` for query rows `rows` (absolute positions): row-major
    /// `rows.count × width`. `finalNorm` arrives with `layer` = the layer count and only the
    /// rows the LM head reads. Valid only during the call.
    func vectors(at point: HookPoint, layer: Int, rows: Range<Int>, values: UnsafeBufferPointer<Float>,
                 width: Int)
}

extension AttentionProbe {
    public func capturedHeads(layer: Int) -> [Int] { [] }

    public func headRows(layer: Int, head: Int, rows: Range<Int>, probabilities: UnsafeBufferPointer<Float>,
                         keyCount: Int) {}

    public var observedPoints: Set<HookPoint> { [] }

    public func vectors(at point: HookPoint, layer: Int, rows: Range<Int>, values: UnsafeBufferPointer<Float>,
                        width: Int) {}
}

/// L1 norms of one layer's vectors at each query row of a forward call (index r is the
/// call's r-th row), for Influence-style weightings.
public struct LayerNorms: Sendable, Equatable {
    /// ‖e‖₁ of the residual stream entering the layer.
    public var residual: [Float]
    /// ‖x‖₁ of the attention block's input after its norm (`input_layernorm(e)`).
    public var normedInput: [Float]
    /// ‖o‖₁ of the attention output projection, before any post-attention norm.
    public var attentionProjection: [Float]
    /// ‖a‖₁ of what the attention block adds to the residual stream: `o`, or `o` after the
    /// post-attention norm in architectures that have one (Gemma).
    public var attention: [Float]

    public init(residual: [Float], normedInput: [Float], attentionProjection: [Float], attention: [Float]) {
        self.residual = residual
        self.normedInput = normedInput
        self.attentionProjection = attentionProjection
        self.attention = attention
    }
}
