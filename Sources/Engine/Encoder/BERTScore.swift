import COpenBLAS

/// BERTScore (Zhang et al., 2020) of a candidate against a reference from their token
/// states: every candidate token is matched to its most similar reference token by cosine
/// (precision is the mean of those maxima), every reference token to its most similar
/// candidate token (recall), and F1 = 2PR / (P + R). No idf weighting, no baseline
/// rescaling: the values are raw cosines, so unrelated texts already score well above 0.
public struct BERTScore: Equatable, Sendable {
    public let precision: Double
    public let recall: Double
    public let f1: Double

    public init(precision: Double, recall: Double, f1: Double) {
        self.precision = precision
        self.recall = recall
        self.f1 = f1
    }

    /// Candidate rows processed together: bounds the similarity block to 256 × reference
    /// tokens, so long documents never hold an n × m matrix.
    static let blockRows = 256

    /// The score of `candidate` (`candidateCount × dim`, row-major) against `reference`
    /// (`referenceCount × dim`); both need at least one token.
    public init(candidate: [Float], candidateCount m: Int, reference: [Float], referenceCount n: Int, dim: Int) {
        precondition(m > 0 && n > 0 && candidate.count == m * dim && reference.count == n * dim,
                     "BERTScore needs at least one token on each side")
        _ = EngineThreads.blasConfigured
        let c = Self.normalizedRows(candidate, dim: dim)
        let r = Self.normalizedRows(reference, dim: dim)
        var rowMaxima = [Float](repeating: -.infinity, count: m)
        var columnMaxima = [Float](repeating: -.infinity, count: n)
        var block = [Float](repeating: 0, count: Self.blockRows * n)
        for start in stride(from: 0, to: m, by: Self.blockRows) {
            let rows = min(Self.blockRows, m - start)
            c.withUnsafeBufferPointer { c in
                r.withUnsafeBufferPointer { r in
                    block.withUnsafeMutableBufferPointer { s in
                        guard let cp = c.baseAddress, let rp = r.baseAddress, let sp = s.baseAddress else { return }
                        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(n), Int32(dim),
                                    1, cp + start * dim, Int32(dim), rp, Int32(dim), 0, sp, Int32(n))
                    }
                }
            }
            for i in 0..<rows {
                for j in 0..<n {
                    let s = block[i * n + j]
                    if s > rowMaxima[start + i] { rowMaxima[start + i] = s }
                    if s > columnMaxima[j] { columnMaxima[j] = s }
                }
            }
        }
        let p = rowMaxima.reduce(0.0) { $0 + Double($1) } / Double(m)
        let rc = columnMaxima.reduce(0.0) { $0 + Double($1) } / Double(n)
        self.init(precision: p, recall: rc, f1: p + rc == 0 ? 0 : 2 * p * rc / (p + rc))
    }

    /// Rows scaled to unit length (a zero row stays zero).
    static func normalizedRows(_ x: [Float], dim: Int) -> [Float] {
        var y = x
        for row in 0..<x.count / dim {
            var norm: Float = 0
            for i in 0..<dim { norm += x[row * dim + i] * x[row * dim + i] }
            let inverse = norm > 0 ? 1 / norm.squareRoot() : 0
            for i in 0..<dim { y[row * dim + i] *= inverse }
        }
        return y
    }
}
