import Testing
@testable import Runtime

@Suite struct TableTests {
    @Test func gridIsTheCartesianProductFirstAxisSlowest() {
        let rows = Table.grid([("delta", [0, 1, 2]), ("doc", [10, 20])])
        #expect(rows.count == 6)
        #expect(rows.map { $0.map(\.value) } == [[0, 10], [0, 20], [1, 10], [1, 20], [2, 10], [2, 20]])
        #expect(rows.allSatisfy { $0.map(\.name) == ["delta", "doc"] })
        #expect(Table.grid([("a", [1]), ("b", [Int]())]).isEmpty)
    }

    @Test func groupKeepsFirstSeenOrder() {
        let groups = Table.group([3, 1, 4, 1, 5, 9, 2, 6], by: { $0 % 3 })
        #expect(groups.map(\.key) == [0, 1, 2])
        #expect(groups.map(\.items) == [[3, 9, 6], [1, 4, 1], [5, 2]])
    }

    @Test func columnsAreTheUnionInFirstSeenOrder() {
        let columns = Table.columns(of: [DataRecord([("b", .null), ("a", .null)]), DataRecord([("c", .null), ("a", .null)])])
        #expect(columns == ["b", "a", "c"])
    }

    @Test func statisticsMatchTheTextbook() throws {
        #expect(Statistics.mean([1, 2, 3, 4]) == 2.5)
        #expect(Statistics.mean([]) == nil)
        // Sample standard deviation of 2,4,4,4,5,5,7,9: variance 32/7.
        let s = try #require(Statistics.stdev([2, 4, 4, 4, 5, 5, 7, 9]))
        #expect(abs(s - (32.0 / 7).squareRoot()) < 1e-12)
        #expect(Statistics.stdev([1]) == nil)
        #expect(Statistics.sum(Array(repeating: 0.1, count: 10)) == 1.0)
    }
}
