import Foundation
import GuideLang
import Testing
@testable import Runtime

@Suite struct TableBuiltinTests {
    let runner = ScriptRunner()

    let rows = """
        let t = [{m: "a", d: 0, fr: true, s: 1}, {m: "b", d: 0, fr: false, s: 3},
                 {m: "a", d: 1, fr: true, s: 5}, {m: "a", d: 1, fr: false, s: nil}]

        """

    @Test func gridIsTheCartesianProduct() throws {
        let value = try runner.evaluate(#"grid(delta: [0, 1], doc: ["x", "y"], seed: 7)"#)
        let expected = try runner.evaluate("""
            [{delta: 0, doc: "x", seed: 7}, {delta: 0, doc: "y", seed: 7},
             {delta: 1, doc: "x", seed: 7}, {delta: 1, doc: "y", seed: 7}]
            """)
        #expect(value == expected)
        #expect(try runner.evaluate("len(grid(a: 0..<3, b: [1, 2]))") == .number(6))
    }

    @Test func groupThenAggregate() throws {
        let value = try runner.evaluate(rows + """
            t |> group(by: .d) |> agg(n: count, french: fn(r) => mean(r, .fr), s: fn(r) => mean(r, .s))
            """)
        #expect(value == (try runner.evaluate("[{d: 0, n: 2, french: 0.5, s: 2}, {d: 1, n: 2, french: 0.5, s: 5}]")))
    }

    @Test func groupByTwoKeysAndByAFunction() throws {
        let two = try runner.evaluate(rows + "map(group(t, by: [.m, .d]), fn(g) => [g.m, g.d, len(g.rows)])")
        #expect(two == (try runner.evaluate(#"[["a", 0, 1], ["b", 0, 1], ["a", 1, 2]]"#)))
        let byFunction = try runner.evaluate(rows + "map(group(t, by: fn(r) => r.d > 0), fn(g) => g.key)")
        #expect(byFunction == [false, true])
    }

    @Test func aggOverAWholeTableGivesOneRow() throws {
        let value = try runner.evaluate(rows + "agg(t, n: count, sd: fn(r) => stdev(r, .s))")
        #expect(value == .list([.record(Record([("n", 4), ("sd", 2)]))]))
    }

    @Test func statistics() throws {
        #expect(try runner.evaluate("mean([1, 2, 3, 4])") == 2.5)
        #expect(try runner.evaluate("mean([])") == .nil)
        #expect(try runner.evaluate("mean([true, false, true, true])") == 0.75)
        #expect(try runner.evaluate("stdev([2, 4, 4, 4, 5, 5, 7, 9])") == .number((32.0 / 7).squareRoot()))
        #expect(try runner.evaluate("stdev([3])") == .nil)
        #expect(try runner.evaluate("count([1, 2, 3, 4, 5], fn(x) => x % 2 == 1)") == 3)
        #expect(try runner.evaluate("count(0..<7)") == 7)
    }

    @Test func badArgumentsSayWhich() throws {
        #expect(runner.errorMessage(#"mean(["a"])"#) == "bad argument #1 to 'mean': expected numbers or booleans, found string")
        #expect(runner.errorMessage("group([{a: 1}], by: 3)")?.hasPrefix("bad argument #2 to 'group'") == true)
        #expect(runner.errorMessage("count([1], fn(x) => 5)")?.hasPrefix("bad argument #2 to 'count'") == true)
        #expect(runner.errorMessage("agg([{a: 1}])")?.hasPrefix("bad argument #1 to 'agg'") == true)
    }
}

@Suite struct DataBuiltinTests {
    @Test func writesAndReadsCSVAndJSONL() throws {
        let dir = try makeTemporaryDirectory()
        let runner = ScriptRunner()
        let table = #"[{name: "Smith, J", score: 3.5, note: "said \"hi\""}, {name: "Lee", score: 2, note: nil}]"#
        _ = try runner.evaluate("write(\(table), \"\(dir)/t.csv\")")
        _ = try runner.evaluate("write(\(table), \"\(dir)/t.jsonl\")")
        #expect(try FileIO.readText(dir + "/t.csv") == "name,score,note\r\n\"Smith, J\",3.5,\"said \"\"hi\"\"\"\r\nLee,2,\r\n")
        #expect(try FileIO.readText(dir + "/t.jsonl")
            == "{\"name\":\"Smith, J\",\"score\":3.5,\"note\":\"said \\\"hi\\\"\"}\n{\"name\":\"Lee\",\"score\":2,\"note\":null}\n")
        let original = try runner.evaluate(table)
        #expect(try runner.evaluate("read_csv(\"\(dir)/t.csv\")") == original)
        #expect(try runner.evaluate("read_jsonl(\"\(dir)/t.jsonl\")") == original)
        #expect(try runner.evaluate("read(\"\(dir)/t.jsonl\")") == .string(try FileIO.readText(dir + "/t.jsonl")))
    }

    @Test func writesMarkdownTablesAndText() throws {
        let dir = try makeTemporaryDirectory()
        let runner = ScriptRunner()
        _ = try runner.evaluate(#"write([{delta: 0, p: 0.123456, note: "a|b"}, {delta: 2, p: 1, note: nil}], "\#(dir)/t.md")"#)
        #expect(try FileIO.readText(dir + "/t.md")
            == "| delta | p | note |\n|---:|---:|---|\n| 0 | 0.1235 | a\\|b |\n| 2 | 1 |  |\n")
        _ = try runner.evaluate(##"write("# Results\n", "\##(dir)/r.md")"##)
        #expect(try FileIO.readText(dir + "/r.md") == "# Results\n")
        #expect(runner.errorMessage(#"write("text", "\#(dir)/r.csv")"#)?.contains(".md or .txt") == true)
        #expect(runner.errorMessage(#"write([1, 2], "\#(dir)/r.md")"#)?.contains("item 1 is a number") == true)
        #expect(try runner.evaluate(#"markdown([{x: 3.14159}], digits: 2)"#) == .string("| x |\n|---:|\n| 3.1 |\n"))
    }

    @Test func fileErrorsNameThePath() throws {
        let dir = try makeTemporaryDirectory()
        let runner = ScriptRunner()
        try FileIO.writeText("{\"a\": 1}\n{\"a\": \n", to: dir + "/bad.jsonl")
        #expect(runner.errorMessage("read(\"\(dir)/none.txt\")") == "bad argument #1 to 'read': \(dir)/none.txt: no such file")
        #expect(runner.errorMessage("read_jsonl(\"\(dir)/bad.jsonl\")")?.contains("bad.jsonl:2: invalid JSON") == true)
        #expect(runner.errorMessage("write([1], \"\(dir)/x.csv\")")?.contains("CSV needs a table of records") == true)
        #expect(runner.errorMessage("write([1], \"\(dir)/x.txt\")")?.hasPrefix("bad argument #2 to 'write'") == true)
    }
}

@Suite struct MetricBuiltinTests {
    let runner = ScriptRunner()

    @Test func languageChecks() throws {
        #expect(try runner.evaluate(#"language("Il était une fois une princesse qui vivait dans un château.").code"#) == "fr")
        #expect(try runner.evaluate(#"language("123 !!")"#) == .record(Record([("code", "unknown"), ("probability", 0)])))
        #expect(try runner.evaluate(#"len(languages("Il était une fois une princesse qui vivait dans un château."))"#) == 1)
        #expect(try runner.evaluate(#"is_language("It is a truth universally acknowledged, that a single man", "fr")"#) == false)
        #expect(try runner.evaluate(#"is_language("It is a truth universally acknowledged, that a single man", "en")"#) == true)
        #expect(runner.errorMessage(#"is_language("Hello", "xx")"#)?.contains("unknown language code \"xx\"") == true)
    }

    @Test func jaccardOfStringsAndLists() throws {
        #expect(try runner.evaluate(#"jaccard("a b c", "b c d")"#) == 0.5)
        #expect(try runner.evaluate(#"jaccard([1, 2], [2, 3, 4])"#) == .number(0.25))
    }
}
