import GuideLang
import Runtime
import Testing
@testable import JupyterKernel

/// How values look in a notebook: the HTML carries inline styles only.
@Suite struct MimeBundleTests {
    @Test func promptSpansAreMarkedByLevel() {
        let html = MimeBundle.html(.prompt([
            .init(text: "Summarize in French:", level: 1), .init(text: " the <text>", level: nil),
            .init(text: "question", level: 0),
        ]))
        #expect(html.contains("<mark style=\"background:#ffe08a;color:inherit;padding:0\" title=\"GUIDE level 1\">Summarize in French:</mark>"))
        #expect(html.contains(" the &lt;text&gt;"))
        #expect(html.contains("title=\"measured span\">question</mark>"))
        #expect(!html.contains("class="), "no classes: notebooks drop the styles they would need")
    }

    @Test func plainValuesHaveOnlyText() {
        for value: Value in [.number(1.5), .string("a"), .list(ValueList([.number(1), .string("b")])), .bool(true)] {
            #expect(MimeBundle.data(for: value).keys == ["text/plain"], "\(value.displayText())")
        }
    }

    @Test func aRecordHasTextAndJSONInItsKeyOrder() {
        let record = Value.record(Record([("z", .number(1)), ("a", .string("fr")), ("r", .range(RangeValue(lower: 0, upper: 3))),
                                          ("nested", .record(Record([("ok", .bool(true)), ("none", .nil)])))]))
        let data = MimeBundle.data(for: record)
        #expect(data.keys == ["text/plain", "application/json"])
        #expect(data["application/json"].map(JSON.encode) == #"{"z":1,"a":"fr","r":[0,1,2],"nested":{"ok":true,"none":null}}"#)
    }

    @Test func aTableHasTextHTMLAndItsRowsAsJSON() {
        let rows = Value.list(ValueList([.record(Record([("n", .number(1))])), .record(Record([("n", .number(2)), ("x", .string("<b>"))]))]))
        let data = MimeBundle.data(for: rows)
        // Not `application/json`: JupyterLab would show that instead of the HTML table.
        #expect(data.keys == ["text/plain", "text/html", "application/vnd.guidelang.table+json"])
        #expect(data["text/html"]?.string?.contains(">2</td>") == true)
        #expect(data["application/vnd.guidelang.table+json"].map(JSON.encode) == #"[{"n":1},{"n":2,"x":"<b>"}]"#)
    }

    @Test func aRecordTooDeepForJSONStillDisplaysAsText() {
        var value = Value.number(0)
        for _ in 0...ValueData.maxDepth { value = .record(Record([("inner", value)])) }
        #expect(MimeBundle.data(for: value).keys == ["text/plain"])
    }
}
