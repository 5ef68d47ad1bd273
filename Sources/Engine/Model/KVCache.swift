/// Keys and values of every layer for positions `0..<capacity`, stored as F32.
///
/// Layout per layer: keys `[capacity × keyDim]` row-major (row p = position p, heads one after
/// another), values `[capacity × valueDim]` likewise. F32 rather than llama.cpp's F16 keeps the
/// attention exact at twice the memory; pages are touched only as positions fill.
final class KVCache {
    let capacity: Int
    let keyDim: Int
    let valueDim: Int
    private let keys: UnsafeMutablePointer<Float>
    private let values: UnsafeMutablePointer<Float>
    private let layerCount: Int

    init(layerCount: Int, capacity: Int, keyDim: Int, valueDim: Int) {
        self.layerCount = layerCount
        self.capacity = capacity
        self.keyDim = keyDim
        self.valueDim = valueDim
        keys = .allocate(capacity: layerCount * capacity * keyDim)
        values = .allocate(capacity: layerCount * capacity * valueDim)
    }

    deinit {
        keys.deallocate()
        values.deallocate()
    }

    /// Keys of `layer`, `[capacity × keyDim]`.
    func keys(layer: Int) -> UnsafeMutablePointer<Float> { keys + layer * capacity * keyDim }

    /// Values of `layer`, `[capacity × valueDim]`.
    func values(layer: Int) -> UnsafeMutablePointer<Float> { values + layer * capacity * valueDim }

    /// Copies positions `0..<count` of every layer from `other`, a cache of the same shape.
    func copyPositions(_ count: Int, from other: KVCache) {
        precondition(other.layerCount == layerCount && other.keyDim == keyDim && other.valueDim == valueDim)
        precondition(count <= min(capacity, other.capacity))
        for layer in 0..<layerCount {
            keys(layer: layer).update(from: other.keys(layer: layer), count: count * keyDim)
            values(layer: layer).update(from: other.values(layer: layer), count: count * valueDim)
        }
    }

    /// Bytes held per cached position over all layers.
    var bytesPerPosition: Int { layerCount * (keyDim + valueDim) * MemoryLayout<Float>.size }
}
