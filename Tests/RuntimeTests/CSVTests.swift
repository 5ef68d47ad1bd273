import Testing
@testable import Runtime

@Suite struct CSVTests {
    @Test func readsRFC4180QuotingAndTypes() throws {
        let text = "name,score,ok,note\r\n\"Smith, J\",3.5,true,\"said \"\"hi\"\"\nthen left\"\r\nLee,,false,\"\"\r\n"
        let rows = try CSV.read(text)
        #expect(rows.count == 2)
        #expect(rows[0]["name"] == .string("Smith, J"))
        #expect(rows[0]["score"] == .number(3.5))
        #expect(rows[0]["ok"] == .bool(true))
        #expect(rows[0]["note"] == .string("said \"hi\"\nthen left"))
        #expect(rows[1]["score"] == .null)
        #expect(rows[1]["note"] == .string(""))
        #expect(rows[0].keys == ["name", "score", "ok", "note"])
    }

    @Test func acceptsLFAndMissingFinalNewlineAndBOM() throws {
        let rows = try CSV.read("\u{FEFF}a,b\n1,x\n2,y")
        #expect(rows.map { $0["a"] } == [.number(1), .number(2)])
        #expect(rows.map { $0["b"] } == [.string("x"), .string("y")])
    }

    @Test func keepsNumberLikeTextThatIsNotANumberAsText() throws {
        let rows = try CSV.read("v\n1e3\nnan\ninf\n0x10\n007\n")
        #expect(rows.map { $0["v"] } == [.number(1000), .string("nan"), .string("inf"), .string("0x10"), .number(7)])
    }

    @Test func writesAndReadsBack() throws {
        let records = [
            DataRecord([("text", .string("a, \"b\"\nc")), ("n", .number(2)), ("x", .null)]),
            DataRecord([("n", .number(0.25)), ("extra", .list([.number(1), .string("z")]))]),
        ]
        let text = CSV.write(records)
        #expect(text.hasPrefix("text,n,x,extra\r\n"))
        let back = try CSV.read(text)
        #expect(back[0]["text"] == .string("a, \"b\"\nc"))
        #expect(back[0]["n"] == .number(2))
        #expect(back[0]["x"] == .null)
        #expect(back[1]["text"] == .null)
        #expect(back[1]["extra"] == .string("[1,\"z\"]"))
    }

    @Test(arguments: [
        ("a,b\n1,2,3\n", 2), ("a,b\n\"1,2\n", 2), ("a\nx\"y\n", 2), ("a\n\"x\"y\n", 2), ("a,a\n1,2\n", 1),
    ])
    func reportsTheLineOfMalformedInput(_ text: String, line: Int) {
        do {
            _ = try CSV.read(text)
            Issue.record("accepted malformed CSV \(text.debugDescription)")
        } catch let error as CSVError {
            #expect(error.line == line, "\(error)")
        } catch { Issue.record("unexpected error \(error)") }
    }
}
