import Testing
@testable import GuideLang

struct DisplayTests {
    @Test(arguments: [
        (7.0, "7"), (-3.0, "-3"), (3.5, "3.5"), (0.1, "0.1"), (1e-5, "1e-05"), (1e16, "10000000000000000"),
        (-9.223372036854776e18, "-9223372036854775808"), (1e20 + 16384, "100000000000000016384"),
        (1e21, "1e+21"), (-1.5e21, "-1.5e+21"), (9007199254740993.0, "9007199254740992"),
        (123456789.0, "123456789"), (2.0 / 3.0, "0.6666666666666666"), (-0.0, "0"),
        (Double.nan, "nan"), (Double.infinity, "inf"), (-Double.infinity, "-inf"),
    ])
    func numbers(_ value: Double, _ text: String) {
        #expect(Value.number(value).description == text)
        if value.isFinite { #expect(Double(text) == value) }
    }

    @Test func stringsAreRawAtTopQuotedInside() {
        #expect(Value.string("fr").description == "fr")
        #expect(Value.list([1, 3.5, "fr"]).description == "[1, 3.5, \"fr\"]")
        #expect(Value.record(Record([("d", 1), ("lang", "fr")])).description == "{d: 1, lang: \"fr\"}")
        #expect(Value.record(Record([("a b", 1)])).description == "{\"a b\": 1}")
        #expect(Value.list(["a\"b\n"]).description == #"["a\"b\n"]"#)
    }

    @Test func recordsKeepKeyOrderAndCompareUnordered() {
        var r = Record([("z", 1), ("a", 2)])
        r["m"] = 3
        #expect(r.keys == ["z", "a", "m"])
        #expect(Record([("x", 1), ("y", 2)]) == Record([("y", 2), ("x", 1)]))
    }

    @Test func longListsAreCut() {
        let long = Value.list((0..<250).map { .number(Double($0)) })
        #expect(long.description.hasSuffix(", 99, … 150 more]"))
        #expect(long.displayText(.complete).hasSuffix("248, 249]"))
    }

    @Test func tablesAlign() {
        let t = Value.list([
            .record(Record([("model", "smollm2"), ("delta", 0), ("french", 0.125)])),
            .record(Record([("model", "qwen"), ("delta", 10), ("note", "ok")])),
        ])
        #expect(t.description == """
        model    delta  french  note
        -------  -----  ------  ----
        smollm2      0   0.125
        qwen        10          ok
        """)
        let rows = Value.list((0..<60).map { .record(Record([("i", .number(Double($0)))])) })
        #expect(rows.description.hasSuffix("… 10 more rows"))
    }

    @Test func nativeValuesUseTheirDisplay() {
        #expect(Value.native(FakeModel(name: "m")).description == "<model m>")
        #expect(Value.list([.native(FakeModel(name: "m"))]).description == "[<model m>]")
    }

    @Test func sharedStructuresAreCutNotExpanded() {
        var x: Value = [1]
        for _ in 0..<40 { x = .list([x, x]) }
        let text = x.displayText(.complete)
        #expect(text.utf8.count <= DisplayOptions.complete.maxLength + 8)
    }
}

struct RecordTests {
    @Test func largeRecordsKeepOrderAndFindKeys() {
        var r = Record()
        for i in 0..<1000 { r["k\(i)"] = .number(Double(i)) }
        #expect(r.count == 1000)
        #expect(r["k500"] == .number(500))
        #expect(r.keys.prefix(3) == ["k0", "k1", "k2"])
        r["k3"] = nil
        #expect(r["k3"] == nil)
        #expect(r["k999"] == .number(999))
        #expect(r.count == 999)
        var small = Record([("a", 1), ("b", 2)])
        small["a"] = nil
        #expect(small.keys == ["b"])
    }
}

struct RendererTests {
    @Test func colourOnlyWhenAsked() {
        let file = SourceFile(name: "r.guide", text: "let x = 1\nprint(y)")
        let diagnostic = Diagnostic(.undefinedName, "undefined name 'y'", file: file,
                                    range: SourceRange(SourceLocation(line: 2, column: 7), SourceLocation(line: 2, column: 8)))
        let plain = DiagnosticRenderer().render(diagnostic)
        #expect(plain == "r.guide:2:7: error: undefined name 'y'\n    print(y)\n          ^\n")
        #expect(!plain.contains("\u{1B}["))
        #expect(DiagnosticRenderer(colored: true).render(diagnostic).contains("\u{1B}["))
    }

    @Test func diagnosticsWithoutSourceStillRender() {
        let text = DiagnosticRenderer().render(Diagnostic(.unknownParameter, "unknown parameter 'x'"))
        #expect(text == "error: unknown parameter 'x'\n")
    }
}
