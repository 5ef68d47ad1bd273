import Testing
@testable import Runtime

struct JSONExtractionTests {
    func value(_ text: String) -> DataValue? {
        if case .found(let value, _) = JSONExtraction.extract(text) { return value }
        return nil
    }

    @Test func bareValues() throws {
        #expect(value(#"{"title": "Emma", "year": 1815}"#) == .record(DataRecord([("title", .string("Emma")), ("year", .number(1815))])))
        #expect(value("  [1, 2]  ") == .list([.number(1), .number(2)]))
        #expect(value("42") == .number(42))
        #expect(value(#""just a string""#) == .string("just a string"))
    }

    @Test func valueInsideProse() throws {
        let text = #"Sure! Here is the JSON you asked for: {"a": {"b": [1, "}"]}} I hope it helps {"c": 2}"#
        #expect(JSONExtraction.extract(text) == .found(
            .record(DataRecord([("a", .record(DataRecord([("b", .list([.number(1), .string("}")]))])))])), at: 39))
    }

    @Test func fencedBlockWins() throws {
        let text = """
            The answer {is} below.
            ```json
            {"title": "Persuasion", "characters": [{"name": "Anne Elliot"}]}
            ```
            Also {"other": 1}
            """
        #expect(value(text)?.record?["title"] == .string("Persuasion"))
        // A plain fence counts when no json fence holds a value; a fence of code does not.
        #expect(value("```python\nprint(1)\n```\n```\n[true]\n```") == .list([.bool(true)]))
        // An unclosed fence (generation cut off) still yields its value.
        #expect(value("```json\n{\"a\": 1}\n") == .record(DataRecord([("a", .number(1))])))
    }

    @Test func failedBracketsAreSkippedForALaterValue() throws {
        #expect(value(#"See [the notes] and {"ok": true}"#) == .record(DataRecord([("ok", .bool(true))])))
    }

    @Test func failuresSayWhatAndWhere() throws {
        #expect(JSONExtraction.extract("No JSON here, sorry.") == .failed("no JSON object or array found", at: nil))
        // Truncated output (max_tokens reached): the error points at the end.
        let truncated = #"{"title": "Emma", "author": "Jane"#
        guard case .failed(let message, let at?) = JSONExtraction.extract(truncated) else {
            Issue.record("a truncated object parsed")
            return
        }
        #expect(message.hasPrefix("invalid JSON:"))
        #expect(at == truncated.unicodeScalars.count + 1)
        // Positions count characters, not bytes.
        guard case .failed(_, let position?) = JSONExtraction.extract(#"é {"a": tru}"#) else {
            Issue.record("bad literal parsed")
            return
        }
        #expect(position == 9)
        let record = JSONExtraction.extract("nothing").record
        #expect(record["ok"] == .bool(false) && record["at"] == .null && record["error"] != nil)
        #expect(JSONExtraction.extract("[1]").record == DataRecord([("ok", .bool(true)), ("value", .list([.number(1)]))]))
    }

    @Test func pathologicalInputStaysBounded() throws {
        let brackets = String(repeating: "[", count: 100_000)
        guard case .failed = JSONExtraction.extract(brackets) else {
            Issue.record("unbalanced brackets parsed")
            return
        }
        let manyCandidates = String(repeating: "{x} ", count: 10_000) + #"{"late": 1}"#
        // Only the first 64 opening brackets are tried.
        guard case .failed = JSONExtraction.extract(manyCandidates) else {
            Issue.record("a value past the candidate limit was found")
            return
        }
    }
}

struct JSONScoreTests {
    /// The paper's schema: title, genre, characters [{name, description}], author, summary, date, scenery.
    static let paperSchema = """
        {"type": "object", "properties": {
          "title": {"type": "string"}, "genre": {"type": "string"},
          "characters": {"type": "array", "items": {"type": "object", "properties": {
             "name": {"type": "string"}, "description": {"type": "string"}}}},
          "author": {"type": "string"}, "summary": {"type": "string"}, "date": {"type": "string"},
          "scenery": {"type": "string"}}}
        """

    func schema() throws -> JSONSchema { try JSONSchema(try JSON.decode(Self.paperSchema)) }

    @Test func completeAnswerScoresOne() throws {
        let answer = try JSON.decode("""
            {"title": "Emma", "genre": "novel", "characters": [{"name": "Emma", "description": "clever"}],
             "author": "Jane Austen", "summary": "A match-maker learns.", "date": "1815", "scenery": "Highbury"}
            """)
        let score = JSONScore.score(answer, schema: try schema())
        #expect(score.valid && score.keyJaccard == 1 && score.pathJaccard == 1)
        #expect(score.missing.isEmpty && score.extra.isEmpty && score.typeErrors.isEmpty)
    }

    @Test func paperScoreIsIntersectionOverTheLargerSet() throws {
        // 5 of the 7 keys with the right type, one of the wrong type, one missing, 2 extra keys:
        // the paper's score_json gives 5 / max(7, 8) = 0.625.
        let answer = try JSON.decode("""
            {"title": "Emma", "genre": "novel", "characters": "Emma and Mr Knightley", "author": "Austen",
             "summary": "s", "date": "1815", "pages": 400, "publisher": {"name": "Murray"}}
            """)
        let score = JSONScore.score(answer, schema: try schema())
        #expect(score.keyJaccard == 5.0 / 8.0)
        #expect(!score.valid)
        #expect(score.missing == ["characters[].name", "characters[].description", "scenery"])
        #expect(score.extra == ["pages", "publisher", "publisher.name"])
        #expect(score.typeErrors == [.init(path: "characters", expected: "array", found: "string")])
        // Paths: 9 in the schema, 9 in the value, 6 shared (characters included) → 6 / 12.
        #expect(score.pathJaccard == 0.5)
    }

    @Test func nestedTypeErrorsCarryIndices() throws {
        let answer = try JSON.decode("""
            {"title": "Emma", "genre": "novel", "characters": [{"name": "Emma", "description": "clever"}, {"name": 3}],
             "author": "Jane Austen", "summary": "s", "date": "1815", "scenery": "Highbury"}
            """)
        let score = JSONScore.score(answer, schema: try schema())
        #expect(score.typeErrors == [.init(path: "characters[1].name", expected: "string", found: "number")])
        #expect(!score.valid)
        // The paper's score does not look inside characters.
        #expect(score.keyJaccard == 1)
        #expect(score.missing.isEmpty)
    }

    @Test func requiredAndTypeUnionsAndNonObjects() throws {
        let schema = try JSONSchema(try JSON.decode("""
            {"properties": {"year": {"type": ["integer", "string"]}, "note": {"type": "string"}}, "required": ["year"]}
            """))
        #expect(JSONScore.score(try JSON.decode(#"{"year": 1815}"#), schema: schema).valid)
        #expect(JSONScore.score(try JSON.decode(#"{"year": "1815"}"#), schema: schema).valid)
        #expect(!JSONScore.score(try JSON.decode(#"{"year": 18.15}"#), schema: schema).valid)
        #expect(!JSONScore.score(try JSON.decode(#"{"note": "x"}"#), schema: schema).valid)
        let list = JSONScore.score(.list([]), schema: schema)
        #expect(!list.valid && list.keyJaccard == 0)
        #expect(list.typeErrors == [.init(path: "$", expected: "object", found: "array")])
        let unparsed = JSONScore.unparsed(schema: schema)
        #expect(unparsed.missing == ["year", "note"] && unparsed.keyJaccard == 0 && !unparsed.valid)
    }

    @Test func badSchemasAreNamed() throws {
        #expect(throws: JSONSchemaError("schema.properties.title.type: unknown type \"text\"; known: array, boolean, integer, null, number, object, string")) {
            try JSONSchema(try JSON.decode(#"{"properties": {"title": {"type": "text"}}}"#))
        }
        #expect(throws: JSONSchemaError("schema must be a record (a JSON object), found list")) {
            try JSONSchema(.list([]))
        }
        #expect(throws: JSONSchemaError("schema.required must be a list, found string")) {
            try JSONSchema(try JSON.decode(#"{"required": "title"}"#))
        }
    }
}
