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
        let data = MimeBundle.data(for: .record(Record([("a", .number(1))])))
        #expect(data.keys == ["text/plain"])
    }

    @Test func aTableHasTextAndHTML() {
        let rows = Value.list(ValueList([.record(Record([("n", .number(1))])), .record(Record([("n", .number(2))]))]))
        let data = MimeBundle.data(for: rows)
        #expect(data.keys == ["text/plain", "text/html"])
        #expect(data["text/html"]?.string?.contains(">2</td>") == true)
    }
}
