import Testing
@testable import Runtime

@Suite struct MetricsTests {
    @Test func jaccardOfWordSets() {
        #expect(TextMetrics.jaccard("a b c", "b c d") == 0.5)
        #expect(TextMetrics.jaccard("", "") == 1)
        #expect(TextMetrics.jaccard("The cat", "the CAT") == 1)
        #expect(TextMetrics.jaccard("x", "y") == 0)
    }
}
