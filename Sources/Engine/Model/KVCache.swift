/// Keys and values of every layer for positions `0..<capacity`, stored as F32.
///
/// Layout per layer, head by head: keys `[kvHeadCount × capacity × headDim]` (one KV head's
/// keys for every position, then the next head's), values `[kvHeadCount × capacity ×
/// valueHeadDim]` likewise. A decode step reads each head's keys and values as one
/// contiguous run, which the CPU's prefetchers stream, rather than a slice of every
/// position's row. F32 rather than llama.cpp's F16 keeps the attention exact at twice the
/// memory; pages are touched only as positions fill.
final class KVCache {
    let capacity: Int
    let kvHeadCount: Int
    let headDim: Int
    let valueHeadDim: Int
    private let keys: UnsafeMutablePointer<Float>
    private let values: UnsafeMutablePointer<Float>
    private let layerCount: Int

    init(layerCount: Int, capacity: Int, kvHeadCount: Int, headDim: Int, valueHeadDim: Int) {
        self.layerCount = layerCount
        self.capacity = capacity
        self.kvHeadCount = kvHeadCount
        self.headDim = headDim
        self.valueHeadDim = valueHeadDim
        keys = .allocate(capacity: layerCount * kvHeadCount * capacity * headDim)
        values = .allocate(capacity: layerCount * kvHeadCount * capacity * valueHeadDim)
    }

    deinit {
        keys.deallocate()
        values.deallocate()
    }

    /// Floats in one position's keys over all heads (a row of the forward pass's keys).
    var keyDim: Int { kvHeadCount * headDim }

    /// Floats in one position's values over all heads.
    var valueDim: Int { kvHeadCount * valueHeadDim }

    /// Floats from one KV head's keys to the next head's.
    var keyHeadStride: Int { capacity * headDim }

    /// Floats from one KV head's values to the next head's.
    var valueHeadStride: Int { capacity * valueHeadDim }

    /// Keys of `layer`: head h, position p at `h · keyHeadStride + p · headDim`.
    func keys(layer: Int) -> UnsafeMutablePointer<Float> { keys + layer * kvHeadCount * keyHeadStride }

    /// Values of `layer`: head h, position p at `h · valueHeadStride + p · valueHeadDim`.
    func values(layer: Int) -> UnsafeMutablePointer<Float> { values + layer * kvHeadCount * valueHeadStride }

    /// Stores the keys and values of positions `first..<first + count` of `layer`, given as
    /// the forward pass computes them: `[count × keyDim]` and `[count × valueDim]`, a row per
    /// position with the heads one after another.
    func store(layer: Int, at first: Int, count: Int, keys rowKeys: UnsafePointer<Float>,
               values rowValues: UnsafePointer<Float>) {
        precondition(first + count <= capacity)
        let layerKeys = keys(layer: layer), layerValues = values(layer: layer)
        for head in 0..<kvHeadCount {
            let headKeys = layerKeys + head * keyHeadStride + first * headDim
            let headValues = layerValues + head * valueHeadStride + first * valueHeadDim
            for r in 0..<count {
                (headKeys + r * headDim).update(from: rowKeys + r * keyDim + head * headDim, count: headDim)
                (headValues + r * valueHeadDim).update(from: rowValues + r * valueDim + head * valueHeadDim,
                                                       count: valueHeadDim)
            }
        }
    }

    /// Copies positions `0..<count` of every layer from `other`, a cache of the same shape.
    func copyPositions(_ count: Int, from other: KVCache) {
        precondition(other.layerCount == layerCount && other.kvHeadCount == kvHeadCount
                     && other.headDim == headDim && other.valueHeadDim == valueHeadDim)
        precondition(count <= min(capacity, other.capacity))
        for layer in 0..<layerCount {
            for head in 0..<kvHeadCount {
                (keys(layer: layer) + head * keyHeadStride)
                    .update(from: other.keys(layer: layer) + head * other.keyHeadStride, count: count * headDim)
                (values(layer: layer) + head * valueHeadStride)
                    .update(from: other.values(layer: layer) + head * other.valueHeadStride,
                            count: count * valueHeadDim)
            }
        }
    }

    /// Positions `0..<count` of `layer` in the forward pass's form (what `store` takes):
    /// `[count × keyDim]` keys and `[count × valueDim]` values, a row per position.
    func positions(_ count: Int, layer: Int) -> (keys: [Float], values: [Float]) {
        (Self.rows(count, heads: kvHeadCount, from: keys(layer: layer), headStride: keyHeadStride, width: headDim),
         Self.rows(count, heads: kvHeadCount, from: values(layer: layer), headStride: valueHeadStride,
                   width: valueHeadDim))
    }

    /// Positions `0..<count` of a head-by-head block (`heads` heads, `headStride` floats
    /// apart, `width` floats per position) as rows of `heads · width` floats.
    private static func rows(_ count: Int, heads: Int, from block: UnsafePointer<Float>, headStride: Int,
                             width: Int) -> [Float] {
        let rowWidth = heads * width
        return [Float](unsafeUninitializedCapacity: count * rowWidth) { buffer, initialized in
            for head in 0..<heads {
                for r in 0..<count {
                    (buffer.baseAddress! + r * rowWidth + head * width)
                        .initialize(from: block + head * headStride + r * width, count: width)
                }
            }
            initialized = count * rowWidth
        }
    }

    /// Bytes held per cached position over all layers.
    var bytesPerPosition: Int { layerCount * (keyDim + valueDim) * MemoryLayout<Float>.size }
}
