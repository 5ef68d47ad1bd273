import Testing
@testable import Runtime

@Suite struct JSONTests {
    @Test(arguments: [
        "null", "true", "false", "7", "-3.5", "0.1", "1e-05", "\"a\\\"b\\\\c\\n\"", "[]", "{}",
        "[1,\"x\",[null,false]]", "{\"b\":1,\"a\":{\"z\":[2,3]}}", "\"\\u0001é😀\"",
    ])
    func roundTrips(_ text: String) throws {
        #expect(JSON.encode(try JSON.decode(text)) == text)
    }

    @Test func keepsKeyOrder() throws {
        let value = try JSON.decode(#"{"zeta": 1, "alpha": 2, "mid": 3}"#)
        #expect(value.record?.keys == ["zeta", "alpha", "mid"])
    }

    @Test func decodesEscapesAndSurrogates() throws {
        #expect(try JSON.decode(#""\ud83d\ude00 \u00e9\/""#) == .string("😀 é/"))
    }

    @Test func formatsNumbersLikeTheLanguage() {
        #expect(JSON.formatNumber(7) == "7")
        #expect(JSON.formatNumber(-0.0) == "0")
        #expect(JSON.formatNumber(3.5) == "3.5")
        #expect(JSON.formatNumber(.nan) == "null")
        #expect(JSON.formatNumber(1e300) == "1e+300")
    }

    @Test(arguments: [
        ("", 1), ("{", 2), ("[1,]", 4), ("{\"a\" 1}", 6), ("tru", 1), ("\"abc", 5),
        ("01x", 3), ("1.", 1), ("[1] 2", 5), ("\"\\q\"", 3), ("{\"a\":1,}", 8),
    ])
    func rejectsMalformedText(_ text: String, column: Int) {
        #expect(throws: JSONError.self) { try JSON.decode(text) }
        do { _ = try JSON.decode(text) } catch let error as JSONError {
            #expect(error.column == column, "\(text): \(error)")
        } catch { Issue.record("unexpected error \(error)") }
    }

    @Test func refusesDeepNestingWithoutCrashing() {
        let deep = String(repeating: "[", count: 100_000)
        #expect(throws: JSONError.self) { try JSON.decode(deep) }
    }
}
