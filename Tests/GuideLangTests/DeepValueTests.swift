import Testing
@testable import GuideLang

/// Values nested a million levels deep are built, copied, compared, ordered, displayed and
/// freed without overflowing the stack (a recursive walk or release crashes long before).
struct DeepValueTests {
    static let depth = 1_000_000

    /// `[[[…[innermost]…]]]`, `depth` lists deep.
    static func nestedLists(_ depth: Int, innermost: Value = 0) -> Value {
        var value = innermost
        for _ in 0..<depth { value = .list([value]) }
        return value
    }

    /// `{a: {a: … {a: innermost} …}}`, `depth` records deep.
    static func nestedRecords(_ depth: Int, innermost: Value = 0) -> Value {
        var value = innermost
        for _ in 0..<depth { value = .record(Record([("a", value)])) }
        return value
    }

    /// The innermost value and the number of levels above it, walking down first elements and fields.
    static func bottom(of value: Value) -> (value: Value, levels: Int) {
        var current = value
        var levels = 0
        while true {
            switch current {
            case .list(let items) where !items.isEmpty: current = items[0]
            case .record(let record) where record.count > 0: current = record.values[0]
            default: return (current, levels)
            }
            levels += 1
        }
    }

    @Test func aMillionLevelsOfListsOrRecordsAreFreed() {
        var lists = Self.nestedLists(Self.depth)
        #expect(Self.bottom(of: lists).levels == Self.depth)
        lists = .nil
        var records = Self.nestedRecords(Self.depth)
        #expect(Self.bottom(of: records).levels == Self.depth)
        records = .nil
        var mixed: Value = 0
        for i in 0..<Self.depth {
            mixed = i.isMultiple(of: 2) ? .list([mixed, "x", [1, 2]]) : .record(Record([("b", 1), ("a", mixed)]))
        }
        mixed = .nil
        #expect(lists.isNil && records.isNil && mixed.isNil)
    }

    @Test func freeingOneCopyKeepsWhatOthersShare() {
        let shared = Self.nestedLists(100_000, innermost: "bottom")
        var first: Value = .list([shared])
        let second: Value = .record(Record([("a", shared)]))
        let array = ValueList([shared, first]).array
        first = .nil
        #expect(Self.bottom(of: second).value == "bottom")
        #expect(Self.bottom(of: second).levels == 100_001)
        #expect(Self.bottom(of: array[0]).levels == 100_000)

        // A copy of a list shares its storage until one side changes.
        var original = Self.nestedLists(100_000, innermost: 7)
        var copy = original
        if case .list(var items) = copy {
            items.append(8)
            copy = .list(items)
        }
        original = .nil
        #expect(Self.bottom(of: copy).value == 7)
    }

    @Test func deepValuesCompare() throws {
        let a = Self.nestedLists(Self.depth, innermost: 1)
        let b = Self.nestedLists(Self.depth, innermost: 1)
        let c = Self.nestedLists(Self.depth, innermost: 2)
        #expect(a == b)
        #expect(a != c)
        #expect(a != .list([c]))
        let records = Self.nestedRecords(Self.depth)
        #expect(records == Self.nestedRecords(Self.depth))
        #expect(records != Self.nestedRecords(Self.depth, innermost: "z"))
        #expect(try Operators.ordering(a, c) == -1)
        #expect(try Operators.ordering(c, a) == 1)
        #expect(try Operators.ordering(a, b) == 0)
        // A shorter list that is a prefix orders first, at any depth.
        #expect(try Operators.ordering(Self.nestedLists(1000, innermost: []), Self.nestedLists(1000, innermost: [0])) == -1)
        #expect(throws: Diagnostic.self) { try Operators.ordering(a, Self.nestedLists(Self.depth / 10, innermost: "s")) }
    }

    @Test func valuesSharingPartsCompareInTimeOfTheirDistinctParts() throws {
        // Each is 2^60 elements when expanded; the two share nothing with each other.
        var a: Value = 1, b: Value = 1, c: Value = 2
        for _ in 0..<60 {
            a = .list([a, a])
            b = .list([b, b])
            c = .list([c, c])
        }
        #expect(a == b)
        #expect(a != c)
        #expect(try Operators.ordering(a, b) == 0)
        #expect(try Operators.ordering(a, c) == -1)
    }

    @Test func shallowComparisonsKeepTheirMeaning() throws {
        #expect(Value.list([1, [2, .record(Record([("x", 3)]))]]) == [1, [2, .record(Record([("x", 3)]))]])
        #expect(Value.record(Record([("x", [1]), ("y", 2)])) == .record(Record([("y", 2), ("x", [1])])))
        #expect(Value.list([1, [2]]) != [1, [3]])
        #expect(Value.list([.number(.nan)]) != [.number(.nan)])
        #expect(Value.list([1, 2]) != [1, 2, 3])
        #expect(Value.record(Record([("x", 1)])) != .record(Record([("y", 1)])))
        #expect(try Operators.ordering([1, [2, 3]], [1, [2, 4]]) == -1)
        #expect(try Operators.ordering([1, 2], [1]) == 1)
        #expect(try Operators.ordering([], []) == 0)
    }

    @Test func deepValuesDisplayCutAtSixtyFourLevels() {
        let text = Self.nestedLists(Self.depth).description
        #expect(text == String(repeating: "[", count: 64) + "[…]" + String(repeating: "]", count: 64))
        let record = Self.nestedRecords(Self.depth).displayText(.complete)
        #expect(record.hasPrefix("{a: {a: ") && record.contains("{…}"))
    }

    @Test func aScriptBuildsComparesShowsAndDropsADeepValue() throws {
        let interpreter = Interpreter(options: InterpreterOptions(stepLimit: 20_000_000))
        let output = RecordingOutput()
        interpreter.output = output
        let program = try interpreter.load(SourceFile(name: "deep.guide", text: """
            var x = []
            var y = []
            for i in 0..<1000000 {
                x = [x]
                y = [y]
            }
            print(x == y, x < [x], len(str(x)))
            var r = {}
            for i in 0..<1000000 { r = {inner: r, i} }
            print(r == r, r.inner.i)
            x = 0
            r = 0
            print("freed")
            """))
        try interpreter.run(program)
        #expect(output.lines == ["true true 131", "true 999998", "freed"])
    }
}
