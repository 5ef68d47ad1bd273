import Foundation
import Runtime
import Testing
@testable import JupyterKernel

/// The kernel driven over ZeroMQ as a notebook drives it: signed messages on shell and
/// control, outputs read back from iopub. No model is needed: the cells use the language
/// and the runtime's tables and charts only.
@Suite(.serialized) struct KernelEndToEndTests {
    private func types(_ messages: [JupyterMessage]) -> [String] { messages.map(\.type) }

    private func text(_ message: JupyterMessage?, _ mime: String = "text/plain") -> String? {
        message?.content["data"]?.record?[mime]?.string
    }

    @Test func cellsShareStateAndSendTheirOutputs() throws {
        let client = try KernelTestClient()
        defer { client.close() }

        let first = try client.execute("let answer = 41\nprint(\"defined\")")
        #expect(first.reply.type == "execute_reply")
        #expect(first.reply.content["status"] == .string("ok"))
        #expect(first.reply.content["execution_count"] == .number(1))
        #expect(types(first.published) == ["status", "execute_input", "stream", "status"])
        #expect(first.published[1].content["code"] == .string("let answer = 41\nprint(\"defined\")"))
        #expect(first.published[2].content["name"] == .string("stdout"))
        #expect(first.published[2].content["text"] == .string("defined\n"))

        let second = try client.execute("show answer * 2\nanswer + 1")
        #expect(second.reply.content["execution_count"] == .number(2))
        #expect(types(second.published) == ["status", "execute_input", "display_data", "execute_result", "status"])
        #expect(text(second.published[2]) == "82")
        #expect(text(second.published[3]) == "42")
        #expect(second.published[3].content["execution_count"] == .number(2))
    }

    @Test func anErrorCellSendsTheDiagnosticAndTheKernelCarriesOn() throws {
        let client = try KernelTestClient()
        defer { client.close() }

        _ = try client.execute("let y = 1")
        let failed = try client.execute("y + undefined_name")
        #expect(failed.reply.content["status"] == .string("error"))
        #expect(failed.reply.content["execution_count"] == .number(2))
        let error = try #require(failed.published.first { $0.type == "error" })
        #expect(error.content["ename"] == failed.reply.content["ename"])
        #expect(error.content["evalue"]?.string?.contains("undefined_name") == true)
        guard case .list(let entries)? = error.content["traceback"] else {
            Issue.record("no traceback list: \(error.content)")
            return
        }
        let lines = entries.compactMap(\.string)
        #expect(lines.count >= 3, "the message, the source line and the caret line: \(lines)")
        #expect(lines.contains { $0.contains("y + undefined_name") })
        #expect(lines.contains { $0.contains("^") })

        let next = try client.execute("y + 1")
        #expect(next.reply.content["status"] == .string("ok"), "the definitions before the error stay")
        #expect(next.reply.content["execution_count"] == .number(3))
        #expect(text(next.published.first { $0.type == "execute_result" }) == "2")
    }

    @Test func aTableCellCarriesAnHTMLTable() throws {
        let client = try KernelTestClient()
        defer { client.close() }

        let table = try client.execute(#"[{model: "a", p: 0.25}, {model: "b<c", p: 0.75}]"#)
        let result = try #require(table.published.first { $0.type == "execute_result" })
        let html = try #require(text(result, "text/html"))
        #expect(html.hasPrefix("<table"))
        #expect(html.contains(">model</th><th") && html.contains(">p</th></tr>"))
        #expect(html.contains(">b&lt;c</td><td"), "cells are escaped")
        #expect(html.contains("text-align:left"), "notebooks right-align cells unless told")
        #expect(!html.contains("<style"), "notebooks drop style elements")
        #expect(text(result)?.contains("0.25") == true)
    }

    @Test func aTableAndARecordCarryTheirJSON() throws {
        let client = try KernelTestClient()
        defer { client.close() }

        let table = try client.execute(#"[{model: "a", p: 0.25}, {model: "b", p: 0.75}]"#)
        let rows = try #require(table.published.first { $0.type == "execute_result" }?.content["data"]?.record)
        #expect(rows["application/vnd.guidelang.table+json"].map(JSON.encode) == #"[{"model":"a","p":0.25},{"model":"b","p":0.75}]"#)
        #expect(rows["application/json"] == nil, "JupyterLab would show a JSON tree instead of the table")
        let record = try client.execute("{delta: 2, french: true}")
        let data = try #require(record.published.first { $0.type == "execute_result" }?.content["data"]?.record)
        #expect(data["application/json"].map(JSON.encode) == #"{"delta":2,"french":true}"#)
    }

    @Test func experimentProgressIsOneDisplayUpdatedInPlace() throws {
        let client = try KernelTestClient()
        defer { client.close() }
        let results = FileManager.default.temporaryDirectory.appendingPathComponent("kernel-progress-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: results) }
        client.kernel.session.host.options.resultsDirectory = results.path

        let run = try client.execute("""
            let rows = experiment "squares" over grid(x: [1, 2, 3]) as row {
                record {x: row.x, y: row.x * row.x}
            }
            len(rows)
            """)
        #expect(run.reply.content["status"] == .string("ok"), "\(run.reply.content)")
        let frames = run.published.filter { $0.type == "display_data" || $0.type == "update_display_data" }
        // Three rows and the final frame: one display, then an update per frame.
        #expect(frames.map(\.type) == ["display_data", "update_display_data", "update_display_data", "update_display_data"])
        let ids = Set(frames.compactMap { $0.content["transient"]?.record?["display_id"]?.string })
        #expect(ids.count == 1 && ids.first?.hasPrefix("guide-progress-") == true, "\(ids)")
        let last = try #require(text(frames.last))
        #expect(last.contains("squares 3/3 rows"), "\(last)")
        #expect(!last.contains("\r") && !last.contains("\u{1B}"), "no terminal control characters: \(last.debugDescription)")
        #expect(text(run.published.first { $0.type == "execute_result" }) == "3")

        // The next experiment draws a display of its own.
        let again = try client.execute(#"len(experiment "cubes" over grid(x: [1]) as row { record {y: row.x * row.x * row.x} })"#)
        let next = again.published.filter { $0.type == "display_data" || $0.type == "update_display_data" }
        #expect(next.first?.type == "display_data")
        #expect(next.first?.content["transient"]?.record?["display_id"]?.string.map { !ids.contains($0) } == true)
    }

    @Test func aChartCellCarriesSVG() throws {
        let client = try KernelTestClient()
        defer { client.close() }

        let chart = try client.execute("plot([{x: 1, y: 2}, {x: 2, y: 3}, {x: 3, y: 5}], x: .x, y: .y)")
        #expect(chart.reply.content["status"] == .string("ok"), "\(chart.reply.content)")
        let result = try #require(chart.published.first { $0.type == "execute_result" })
        let svg = try #require(text(result, "image/svg+xml"))
        #expect(svg.hasPrefix("<svg"))
        #expect(svg.contains("<path") || svg.contains("<polyline"))
    }

    @Test func completionInspectionAndTheMultiLineRule() throws {
        let client = try KernelTestClient()
        defer { client.close() }
        _ = try client.execute("let record_one = {alpha: 1, beta: 2}")

        let names = try client.reply(to: client.send("complete_request", DataRecord([
            ("code", .string("print(record_")), ("cursor_pos", .number(13)),
        ])))
        #expect(names.content["matches"] == .list([.string("record_one")]))
        #expect(names.content["cursor_start"] == .number(6))
        #expect(names.content["cursor_end"] == .number(13))

        let members = try client.reply(to: client.send("complete_request", DataRecord([
            ("code", .string("record_one.")), ("cursor_pos", .number(11)),
        ])))
        #expect(members.content["matches"] == .list([.string("alpha"), .string("beta")]))

        let docs = try client.reply(to: client.send("inspect_request", DataRecord([
            ("code", .string("len(x)")), ("cursor_pos", .number(1)), ("detail_level", .number(0)),
        ])))
        #expect(docs.content["found"] == .bool(true))
        #expect(docs.content["data"]?.record?["text/plain"]?.string?.contains("len") == true)

        let open = try client.reply(to: client.send("is_complete_request", DataRecord([("code", .string("fn f() {"))])))
        #expect(open.content["status"] == .string("incomplete"))
        let closed = try client.reply(to: client.send("is_complete_request", DataRecord([("code", .string("fn f() { 1 }"))])))
        #expect(closed.content["status"] == .string("complete"))
    }

    @Test func kernelInfoNamesTheLanguage() throws {
        let client = try KernelTestClient()
        defer { client.close() }
        let info = try client.reply(to: client.send("kernel_info_request"))
        #expect(info.content["protocol_version"] == .string("5.3"))
        #expect(info.content["language_info"]?.record?["name"] == .string("guide"))
        #expect(info.content["language_info"]?.record?["file_extension"] == .string(".guide"))
    }

    @Test func aBadlySignedMessageIsRefusedAndLogged() throws {
        let client = try KernelTestClient()
        defer { client.close() }

        let forged = JupyterMessage(type: "execute_request", session: client.session,
                                    content: DataRecord([("code", .string("print(\"forged\")"))]))
        try client.shell.send(forged.frames(signedBy: MessageSigner(key: "not-the-key")))
        #expect(throws: KernelTestClient.Timeout.self) { try client.receive(on: client.shell, within: 1) }
        #expect(client.log.contains { $0.contains("refused a message on shell") && $0.contains("signature") },
                "\(client.log)")

        let honest = try client.execute("1 + 1")
        #expect(honest.reply.content["execution_count"] == .number(1), "the forged cell did not run")
    }

    @Test func interruptStopsALongLoop() throws {
        let client = try KernelTestClient()
        defer { client.close() }

        _ = try client.execute("var n = 0")
        let loop = try client.send("execute_request", DataRecord([("code", .string("while true { n = n + 1 }"))]))
        Thread.sleep(forTimeInterval: 0.5)
        let interrupt = try client.send("interrupt_request", on: client.control)
        #expect(try client.reply(to: interrupt, on: client.control).content["status"] == .string("ok"))
        let reply = try client.reply(to: loop, within: 10)
        #expect(reply.content["status"] == .string("error"))
        #expect(reply.content["ename"] == .string("interrupted"))

        let after = try client.execute("n > 0")
        #expect(text(after.published.first { $0.type == "execute_result" }) == "true", "the loop ran, then stopped")
    }

    @Test func heartbeatEchoes() throws {
        let client = try KernelTestClient()
        defer { client.close() }
        try client.heartbeat.send([Data("ping".utf8)])
        #expect(try client.heartbeat.waitForMessage(milliseconds: 5000))
        #expect(try client.heartbeat.receive() == [Data("ping".utf8)])
    }

    @Test func shutdownEndsTheKernel() throws {
        let client = try KernelTestClient()
        defer { client.close() }
        let shutdown = try client.send("shutdown_request", DataRecord([("restart", .bool(false))]), on: client.control)
        let reply = try client.reply(to: shutdown, on: client.control)
        #expect(reply.type == "shutdown_reply")
        #expect(reply.content["restart"] == .bool(false))
        #expect(client.kernelFinished(within: 10))
    }
}
