/// A tensor in a GGUF file: its name, element type, shape and raw bytes.
///
/// `shape` is in ggml order: `shape[0]` (ne0) is the contiguous row length; for a 2-D
/// weight `shape[1]` is the number of rows (output features). `data` points into the
/// file's mapping, which the tensor keeps alive.
public struct GGUFTensor: @unchecked Sendable {
    /// The tensor's name, e.g. `blk.0.attn_q.weight`.
    public let name: String
    /// The element type of the stored bytes.
    public let type: GGMLType
    /// Dimensions in ggml order, ne0 (row length) first.
    public let shape: [Int]
    /// The first byte of the tensor's data (aligned as the file's `general.alignment`).
    public let data: UnsafeRawPointer
    /// Number of data bytes.
    public let byteCount: Int
    /// Byte offset of the data from the start of the file.
    public let fileOffset: Int
    let storage: GGUFStorage

    /// Total number of elements (product of `shape`).
    public var elementCount: Int { shape.reduce(1, *) }
    /// Elements per row (ne0).
    public var rowLength: Int { shape.first ?? 1 }
    /// Number of rows: the product of every dimension after the first.
    public var rowCount: Int { shape.dropFirst().reduce(1, *) }
    /// Bytes per row in the stored type.
    public var rowByteCount: Int { rowLength / type.blockSize * type.bytesPerBlock }
}

extension GGUFTensor: CustomStringConvertible {
    public var description: String { "\(name) \(type) \(shape)" }
}
