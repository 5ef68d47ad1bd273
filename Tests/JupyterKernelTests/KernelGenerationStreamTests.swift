import Foundation
import Runtime
import Testing
@testable import JupyterKernel

/// A generation's text reaches the notebook as it is produced, as `stream` messages on
/// stdout; an experiment's rows generate quietly. Needs `smollm2-135m-instruct` in the model
/// cache (`guide model fetch smollm2-135m-instruct`; `scripts/test` fetches it).
@Suite(.serialized) struct KernelGenerationStreamTests {
    private func streamed(_ published: [JupyterMessage]) -> [String] {
        published.filter { $0.type == "stream" && $0.content["name"] == .string("stdout") }
            .compactMap { $0.content["text"]?.string }
    }

    @Test func aGenerationStreamsItsTextThenShowsItsValue() throws {
        let client = try KernelTestClient()
        defer { client.close() }

        let load = try client.execute(#"let m = model("smollm2-135m-instruct")"#)
        #expect(load.reply.content["status"] == .string("ok"), "needs smollm2-135m-instruct cached: \(load.reply.content)")
        let run = try client.execute(#"let g = generate(m, chat(m, "Name three colours."), max_tokens: 12)"#)
        #expect(run.reply.content["status"] == .string("ok"), "\(run.reply.content)")
        let pieces = streamed(run.published)
        #expect(pieces.count >= 3, "one message per piece of text, then a line break: \(pieces)")
        #expect(pieces.last == "\n")
        let literal = String(pieces.joined().dropLast()).replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
            .replacingOccurrences(of: "\t", with: "\\t")
        let same = try client.execute("g.text == \"\(literal)\"")
        let value = same.published.first { $0.type == "execute_result" }?.content["data"]?.record?["text/plain"]?.string
        #expect(value == "true", "the streamed pieces are the generation's text: \(pieces)")
    }

    @Test func experimentRowsGenerateQuietly() throws {
        let client = try KernelTestClient()
        defer { client.close() }
        let results = FileManager.default.temporaryDirectory.appendingPathComponent("kernel-stream-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: results) }
        client.kernel.session.host.options.resultsDirectory = results.path

        let run = try client.execute("""
            let m = model("smollm2-135m-instruct")
            let rows = experiment "quiet" over grid(d: [0, 1]) as row {
                record {text: generate(m, "<!-> Count: <-!> one, two,", guide: delta(row.d), max_tokens: 4).text}
            }
            len(rows)
            """)
        #expect(run.reply.content["status"] == .string("ok"), "needs smollm2-135m-instruct cached: \(run.reply.content)")
        #expect(streamed(run.published).isEmpty)
        let after = try client.execute(#"generate(m, "one, two,", max_tokens: 2).text"#)
        #expect(!streamed(after.published).isEmpty, "streaming is back after the experiment")
    }
}
