import Testing
@testable import Engine

/// The one-row (decode) attention path against a plain loop over keys: scores from
/// `VectorMath.dot`, `VectorMath.softmax`, then each output lane summed key by key. The
/// decode path computes four keys' scores at a time and 64 output lanes per pass over the
/// keys, each value in the plain loop's order, so the results must be equal bit for bit.
@Suite struct AttentionDecodeTests {
    struct Shape: CustomTestStringConvertible, Sendable {
        let heads: Int, kvHeads: Int, headDim: Int, valueHeadDim: Int, keyCount: Int
        var testDescription: String { "\(heads)/\(kvHeads) heads, dims \(headDim)/\(valueHeadDim), \(keyCount) keys" }
    }

    /// Head sizes with 8-lane tails and key counts that leave 1–3 keys after the groups of
    /// four; 9 heads × 700 keys is above the work at which heads go to the thread pool.
    static let shapes = [
        Shape(heads: 4, kvHeads: 2, headDim: 64, valueHeadDim: 64, keyCount: 13),
        Shape(heads: 3, kvHeads: 1, headDim: 68, valueHeadDim: 100, keyCount: 7),
        Shape(heads: 2, kvHeads: 2, headDim: 128, valueHeadDim: 128, keyCount: 3),
        Shape(heads: 9, kvHeads: 3, headDim: 64, valueHeadDim: 64, keyCount: 700),
    ]

    @Test(arguments: shapes)
    func decodeRowIsThePlainLoopBitForBit(shape: Shape) {
        var random = RandomSource(seed: 11)
        func values(_ count: Int) -> [Float] { (0..<count).map { _ in Float(random.next() % 2001) / 1000 - 1 } }
        let position = shape.keyCount - 1
        let queries = values(shape.heads * shape.headDim)
        // The cache's layout: each KV head's keys (values) for every position, head after head.
        let keys = values(shape.keyCount * shape.kvHeads * shape.headDim)
        let cached = values(shape.keyCount * shape.kvHeads * shape.valueHeadDim)
        let keyHeadStride = shape.keyCount * shape.headDim, valueHeadStride = shape.keyCount * shape.valueHeadDim
        // Zeros in the bias's reach make some probabilities exactly 0 after the −∞ entries.
        var bias = values(shape.keyCount)
        if shape.keyCount > 4 { bias[1] = -.infinity }
        let attention = Attention(headCount: shape.heads, kvHeadCount: shape.kvHeads, headDim: shape.headDim,
                                  valueHeadDim: shape.valueHeadDim, scale: 0.125, window: nil,
                                  rounding: Numerics.float32.rounding)
        var output = [Float](repeating: .nan, count: shape.heads * shape.valueHeadDim)
        queries.withUnsafeBufferPointer { q in
            keys.withUnsafeBufferPointer { k in
                cached.withUnsafeBufferPointer { v in
                    output.withUnsafeMutableBufferPointer { out in
                        attention.run(queries: q.baseAddress!, rowCount: 1, firstPosition: position,
                                      keys: k.baseAddress!, keyHeadStride: keyHeadStride, values: v.baseAddress!,
                                      valueHeadStride: valueHeadStride, output: out.baseAddress!,
                                      bias: bias, pattern: nil)
                    }
                }
            }
        }

        var expected = [Float](repeating: 0, count: output.count)
        for head in 0..<shape.heads {
            let kvHead = head / (shape.heads / shape.kvHeads)
            var scores = [Float](repeating: 0, count: shape.keyCount)
            queries.withUnsafeBufferPointer { q in
                keys.withUnsafeBufferPointer { k in
                    for j in 0..<shape.keyCount {
                        scores[j] = VectorMath.dot(q.baseAddress! + head * shape.headDim,
                                                   k.baseAddress! + kvHead * keyHeadStride + j * shape.headDim,
                                                   count: shape.headDim) * 0.125 + bias[j]
                    }
                }
            }
            scores.withUnsafeMutableBufferPointer {
                VectorMath.softmax($0.baseAddress!, count: shape.keyCount, lower: 0, upper: position + 1)
            }
            for d in 0..<shape.valueHeadDim {
                var total: Float = 0
                for j in 0..<shape.keyCount where scores[j] != 0 {
                    total += scores[j] * cached[kvHead * valueHeadStride + j * shape.valueHeadDim + d]
                }
                expected[head * shape.valueHeadDim + d] = total
            }
        }
        #expect(output.map(\.bitPattern) == expected.map(\.bitPattern))
    }
}
