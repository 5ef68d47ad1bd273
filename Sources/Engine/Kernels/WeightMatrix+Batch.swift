import COpenBLAS

extension WeightMatrix {
    /// Below this many vectors a batch runs as separate matrix-vector products.
    static let gemmMinimumBatch = 4
    /// Fewest rows of W per tile: sgemm needs wide tiles to run at speed (measured on
    /// 896×4864: 53 rows 22 GFLOP/s, 256 rows 33 GFLOP/s).
    static let minimumTileRows = 256
    /// Tiles of short rows grow to this many Floats (1 MiB).
    static let tileFloats = 1 << 18

    /// Y[n × rows] = X[n × cols] · Wᵀ (row-major X and Y), for prefill. Tiles of W are
    /// decoded to Float and multiplied with `cblas_sgemm`, in parallel over tiles.
    public func multiply(batch x: UnsafePointer<Float>, count n: Int, into y: UnsafeMutablePointer<Float>) {
        guard n >= Self.gemmMinimumBatch else {
            for i in 0..<n { multiply(vector: x + i * cols, into: y + i * rows) }
            return
        }
        // OpenBLAS runs single-threaded inside the tiles: the pool already splits the work.
        _ = EngineThreads.blasConfigured
        // Tile sizes depend on the matrix only, never on n, so a prompt gives the same
        // values whether it is prefilled in one call or several.
        let tileRows = max(1, min(rows, max(Self.minimumTileRows, Self.tileFloats / max(1, cols))))
        let tiles = (rows + tileRows - 1) / tileRows
        let job = { (tile: Int) in
            let start = tile * tileRows
            let count = min(tileRows, rows - start)
            if type == .f32 {
                gemm(x, n: n, weights: rowPointer(start).assumingMemoryBound(to: Float.self), rowCount: count, into: y + start)
                return
            }
            withUnsafeTemporaryAllocation(of: Float.self, capacity: count * cols) { buffer in
                guard let decoded = buffer.baseAddress else { return }
                BlockDecoder.decode(type, from: rowPointer(start), count: count * cols, into: decoded)
                gemm(x, n: n, weights: decoded, rowCount: count, into: y + start)
            }
        }
        if pool.threadCount > 1, tiles > 1 {
            pool.parallelFor(chunks: tiles, job)
        } else {
            for tile in 0..<tiles { job(tile) }
        }
    }

    /// Y[:, tile] = X · tileᵀ where the tile holds `rowCount` rows of W as Floats.
    private func gemm(_ x: UnsafePointer<Float>, n: Int, weights: UnsafePointer<Float>, rowCount: Int,
                      into y: UnsafeMutablePointer<Float>) {
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(n), Int32(rowCount), Int32(cols),
                    1, x, Int32(cols), weights, Int32(cols), 0, y, Int32(rows))
    }
}
