import GuideLang
import Testing
@testable import Runtime

/// Prompts and schedules need no model.
@Suite struct PromptBuiltinTests {
    let runner = ScriptRunner()

    @Test func promptStripsTagsAndListsSpans() throws {
        // The whitespace just inside the tags goes with the tags.
        let p = #"let p = prompt("Read <!-> carefully <-!> and <?->this<-?>.")"# + "\n"
        #expect(try runner.evaluate(p + "p.text") == "Read carefully and this.")
        #expect(try runner.evaluate(p + "p.spans") == (try runner.evaluate(
            #"[{tag: "<!->", level: 1, text: "carefully"}, {tag: "<?->", level: 0, text: "this"}]"#)))
        #expect(try runner.evaluate(p + "p.tagged") == "Read <!->carefully<-!> and <?->this<-?>.")
    }

    @Test func spansTakeWholeOrPieces() throws {
        #expect(try runner.evaluate(#"prompt("a <!->b<-!>", spans: "pieces").text"#) == "a b")
        #expect(try runner.evaluate(#"prompt("a <!->b<-!>") == prompt("a <!->b<-!>", spans: "whole")"#) == true)
        #expect(try runner.evaluate(#"prompt("a <!->b<-!>") == prompt("a <!->b<-!>", spans: "pieces")"#) == false)
        let message = runner.errorMessage(#"prompt("a <!->b<-!>", spans: "bytes")"#)
        #expect(message?.hasPrefix("bad argument #2 to 'prompt'") == true, "\(message ?? "")")
        #expect(message?.contains("\"whole\" or \"pieces\"") == true)
    }

    @Test func badTagsAreBadArguments() {
        let message = runner.errorMessage(#"prompt("a <!-> b")"#)
        #expect(message?.hasPrefix("bad argument #1 to 'prompt':") == true, "\(message ?? "")")
        #expect(message?.contains("1:3") == true, "\(message ?? "")")
    }

    @Test func schedulesDescribeThemselves() throws {
        #expect(try runner.evaluate("delta(2).delta") == 2)
        #expect(try runner.evaluate("delta(2, layers: 0..<6).layers") == "0..<6")
        #expect(try runner.evaluate(#"delta(1, layers: "last", steps: "prefill").steps"#) == "prefill")
        #expect(try runner.evaluate("delta(1, layers: [1, 3]).layers") == "[1, 3]")
        #expect(try runner.evaluate("delta(fn(l) => l).layers") == "profile")
        #expect(runner.errorMessage(#"delta(1, steps: "decode")"#)?.hasPrefix("bad argument #3 to 'delta'") == true)
        #expect(runner.errorMessage(#"delta(1, layers: "middle")"#)?.hasPrefix("bad argument #2 to 'delta'") == true)
        #expect(runner.errorMessage(#"delta("x")"#)?.hasPrefix("bad argument #1 to 'delta'") == true)
    }

    @Test func insertPutsTheNeedleAtASentenceBoundary() throws {
        let text = #""One two. Three four. Five six.""#
        #expect(try runner.evaluate("insert(\(text), \"NEEDLE.\", depth: 0.5)") == "One two. Three four. NEEDLE. Five six.")
        #expect(try runner.evaluate("insert(\(text), \"N.\", depth: 0)") == "N. One two. Three four. Five six.")
        #expect(try runner.evaluate("insert(\(text), \"N.\", depth: 1)") == "One two. Three four. Five six. N.")
        #expect(runner.errorMessage("insert(\(text), \"N\", depth: 2)")?.hasPrefix("bad argument #3 to 'insert'") == true)
    }
}
