/// Conversion of stored tensor data of any `GGMLType` to `Float`: the plain types here, the
/// quantized ones by their format's scalar reference (`BlockFormat.dequantize`).
public enum Dequantize {
    /// Decodes `count` elements starting at `source` (a whole number of blocks of
    /// `type`) into `destination`.
    public static func elements(_ type: GGMLType, from source: UnsafeRawPointer, count: Int,
                                into destination: UnsafeMutablePointer<Float>) {
        switch type {
        case .f32:
            destination.update(from: source.assumingMemoryBound(to: Float.self), count: count)
        case .f16:
            for i in 0..<count { destination[i] = HalfPrecision.float(fromHalf: source.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)) }
        case .bf16:
            for i in 0..<count { destination[i] = HalfPrecision.float(fromBFloat16: source.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)) }
        default:
            guard let format = type.format else { return }
            for b in 0..<count / format.elementsPerBlock {
                format.dequantize(source + b * format.bytesPerBlock, destination + b * format.elementsPerBlock)
            }
        }
    }

    /// Decodes `count` elements of `type` stored in `bytes`, or nil when `count` is not
    /// a whole number of blocks or `bytes` is too short.
    public static func elements(_ type: GGMLType, from bytes: [UInt8], count: Int) -> [Float]? {
        guard let needed = type.byteCount(elements: count), needed <= bytes.count else { return nil }
        return [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            bytes.withUnsafeBytes { raw in
                if let base = raw.baseAddress, let out = buffer.baseAddress {
                    elements(type, from: base, count: count, into: out)
                }
            }
            initialized = count
        }
    }

    /// The IEEE half at `offset` of `block`, as a Float.
    @inline(__always)
    static func half(_ block: UnsafeRawPointer, _ offset: Int) -> Float {
        HalfPrecision.float(fromHalf: block.loadUnaligned(fromByteOffset: offset, as: UInt16.self))
    }

    /// The byte at `offset` of `block`.
    @inline(__always)
    static func byte(_ block: UnsafeRawPointer, _ offset: Int) -> Int {
        Int(block.load(fromByteOffset: offset, as: UInt8.self))
    }
}
