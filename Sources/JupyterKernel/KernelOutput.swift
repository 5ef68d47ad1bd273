import Foundation
import GuideLang
import Runtime

/// Where a cell's output goes in a notebook: `print` lines as `stream` messages on stdout,
/// `show` as `display_data`, the cell's value as `execute_result`, an experiment's progress
/// bar as one display updated in place, each a child of the `execute_request` being run.
final class KernelOutput: OutputSink {
    private let iopub: IOPubChannel
    /// The request being run; nil between requests (then nothing is sent).
    var request: JupyterMessage? {
        didSet { progressDisplayID = nil }
    }
    /// The `display_id` of the progress bar being drawn, if one is.
    private var progressDisplayID: String?
    /// The `execution_count` of the request being run.
    var executionCount = 0
    /// Whether the request asked for no output (`silent`).
    var silent = false

    init(iopub: IOPubChannel) {
        self.iopub = iopub
    }

    func beginCell(_ cell: CellInfo) {}

    func endCell(_ cell: CellInfo) {}

    func display(_ value: Value, reason: DisplayReason) {
        guard let request, !silent else { return }
        let data = DataValue.record(MimeBundle.data(for: value))
        switch reason {
        case .cellValue:
            iopub.publish("execute_result", DataRecord([
                ("execution_count", .number(Double(executionCount))), ("data", data), ("metadata", .record(DataRecord())),
            ]), parent: request)
        case .show:
            iopub.publish("display_data", DataRecord([
                ("data", data), ("metadata", .record(DataRecord())), ("transient", .record(DataRecord())),
            ]), parent: request)
        }
    }

    func print(_ text: String) {
        stream("stdout", text + "\n")
    }

    /// Progress from the runtime, written for a terminal: each frame of a bar (`\r`, a
    /// clear-line escape, the bar and its status) redraws one display in place, a
    /// `display_data` with a `display_id` and then `update_display_data` messages, and the
    /// line break after its last frame ends it. Other text (an experiment's start and
    /// failure summaries, model downloads) goes to stderr.
    func progress(_ text: String) {
        guard let request, !silent else { return }
        if text.hasPrefix("\r") {
            let frame = String(text.dropFirst()).replacingOccurrences(of: "\u{1B}[2K", with: "")
            let id = progressDisplayID ?? "guide-progress-" + UUID().uuidString.lowercased()
            iopub.publish(progressDisplayID == nil ? "display_data" : "update_display_data", DataRecord([
                ("data", .record(DataRecord([("text/plain", .string(frame))]))),
                ("metadata", .record(DataRecord())),
                ("transient", .record(DataRecord([("display_id", .string(id))]))),
            ]), parent: request)
            progressDisplayID = id
        } else if text == "\n", progressDisplayID != nil {
            progressDisplayID = nil
        } else {
            stream("stderr", text)
        }
    }

    /// A generation's text streams to the notebook as stdout while it is produced.
    var showsStreamedText: Bool { request != nil && !silent }

    func streamText(_ piece: String) {
        stream("stdout", piece)
    }

    /// Ends the streamed text's line; the cell then shows its value as usual.
    func endStream(result: Value?) {
        stream("stdout", "\n")
    }

    /// Sends `text` as a `stream` message named `name` (stdout or stderr).
    func stream(_ name: String, _ text: String) {
        guard let request, !silent else { return }
        iopub.publish("stream", DataRecord([("name", .string(name)), ("text", .string(text))]), parent: request)
    }
}
