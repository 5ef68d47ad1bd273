/// Why a tensor cannot be used as a weight matrix.
public enum KernelError: Error, Equatable, CustomStringConvertible {
    /// The tensor has more than two non-trivial dimensions.
    case notAMatrix(tensor: String, shape: [Int])

    public var description: String {
        switch self {
        case let .notAMatrix(tensor, shape):
            return "tensor '\(tensor)' with shape \(shape) is not a 2-D weight matrix"
        }
    }
}

/// A 2-D weight over a tensor's stored bytes: `rows` output features, each a stored row
/// of `cols` elements (ggml's ne1 × ne0). Products run on the stored (usually quantized)
/// bytes; nothing is converted to Float ahead of time.
public struct WeightMatrix: @unchecked Sendable {
    /// The tensor the matrix reads from (kept alive by the matrix).
    public let tensor: GGUFTensor
    /// Number of output features (ne1).
    public let rows: Int
    /// Row length, the input dimension (ne0).
    public let cols: Int
    /// Storage type of the rows.
    public var type: GGMLType { tensor.type }
    /// Bytes of one stored row.
    let rowBytes: Int
    let pool: KernelThreadPool

    /// Wraps a 1-D (one row) or 2-D tensor; trailing dimensions of size 1 are allowed.
    public init(_ tensor: GGUFTensor, pool: KernelThreadPool = .shared) throws {
        guard tensor.shape.dropFirst(2).allSatisfy({ $0 == 1 }) else {
            throw KernelError.notAMatrix(tensor: tensor.name, shape: tensor.shape)
        }
        self.tensor = tensor
        self.pool = pool
        cols = tensor.rowLength
        rows = tensor.rowCount
        rowBytes = tensor.rowByteCount
    }

    /// Pointer to the stored bytes of row `row` (0-based).
    @inline(__always)
    func rowPointer(_ row: Int) -> UnsafeRawPointer { tensor.data + row * rowBytes }

    /// Decodes row `row` (0-based) into `cols` Floats at `destination` (an embedding lookup).
    public func dequantizeRow(_ row: Int, into destination: UnsafeMutablePointer<Float>) {
        BlockDecoder.decode(type, from: rowPointer(row), count: cols, into: destination)
    }

    /// y = W·x: `x` has `cols` Floats, `y` receives `rows` Floats. Runs on the pool.
    public func multiply(vector x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>) {
        multiply(vectors: x, count: 1, into: y)
    }

    /// Weight rows a tile of `multiply(vectors:)` holds while every vector passes over it:
    /// a few KiB, so the tile stays in L1 between the vectors.
    static let vectorTileRows = 8

    /// `y_v = W·x_v` for `count` vectors (`x`: `[count × cols]`, `y`: `[count × rows]`), each
    /// bit-identical to `multiply(vector:)` on `x_v` alone (the same kernel per row and
    /// vector), with each tile of weight rows read from memory once for all of them: the
    /// products of sequences decoded together.
    public func multiply(vectors x: UnsafePointer<Float>, count: Int, into y: UnsafeMutablePointer<Float>) {
        let blockCount = cols / 32
        withUnsafeTemporaryAllocation(of: Float.self, capacity: max(1, count * blockCount)) { sums in
            guard let blockSums = sums.baseAddress else { return }
            for v in 0..<count {
                for b in 0..<blockCount {
                    var s: Float = 0
                    for j in 0..<32 { s += x[v * cols + 32 * b + j] }
                    blockSums[v * blockCount + b] = s
                }
            }
            let sumsPointer = UnsafePointer(blockSums)
            forEachRowTile(vectorCount: count) { tile in
                for v in 0..<count {
                    multiplyRows(tile, x: x + v * cols, blockSums: sumsPointer + v * blockCount, into: y + v * rows)
                }
            }
        }
    }

    /// `forEachRowRange` cut into tiles of `vectorTileRows` rows when several vectors share
    /// them (one vector takes its whole range at once).
    func forEachRowTile(vectorCount: Int, _ body: @escaping (Range<Int>) -> Void) {
        forEachRowRange { range in
            guard vectorCount > 1 else { return body(range) }
            for start in stride(from: range.lowerBound, to: range.upperBound, by: Self.vectorTileRows) {
                body(start..<min(range.upperBound, start + Self.vectorTileRows))
            }
        }
    }

    /// Splits the rows into chunks and runs `body` on them in parallel when the matrix
    /// is large enough to pay for it.
    func forEachRowRange(minimumElements: Int = 1 << 15, _ body: @escaping (Range<Int>) -> Void) {
        let threads = pool.threadCount
        guard threads > 1, rows * cols >= minimumElements, rows >= 2 * threads else {
            body(0..<rows)
            return
        }
        let chunkRows = max(8, rows / (threads * 8))
        let chunks = (rows + chunkRows - 1) / chunkRows
        pool.parallelFor(chunks: chunks) { chunk in
            let start = chunk * chunkRows
            body(start..<min(rows, start + chunkRows))
        }
    }

    func multiplyRows(_ range: Range<Int>, x: UnsafePointer<Float>, blockSums: UnsafePointer<Float>,
                              into y: UnsafeMutablePointer<Float>) {
        if let kernel = RowDot.kernel(for: type) {
            for row in range { y[row] = kernel(rowPointer(row), x, blockSums, cols) }
            return
        }
        withUnsafeTemporaryAllocation(of: Float.self, capacity: cols) { buffer in
            guard let decoded = buffer.baseAddress else { return }
            for row in range {
                dequantizeRow(row, into: decoded)
                y[row] = RowDot.f32(UnsafeRawPointer(decoded), x, blockSums, cols)
            }
        }
    }
}
