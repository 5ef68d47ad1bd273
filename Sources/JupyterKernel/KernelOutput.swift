import GuideLang
import Runtime

/// Where a cell's output goes in a notebook: `print` lines as `stream` messages on stdout,
/// `show` as `display_data`, the cell's value as `execute_result`, experiment progress as
/// `stream` on stderr, each a child of the `execute_request` being run.
final class KernelOutput: OutputSink {
    private let iopub: IOPubChannel
    /// The request being run; nil between requests (then nothing is sent).
    var request: JupyterMessage?
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

    /// Sends `text` as a `stream` message named `name` (stdout or stderr).
    func stream(_ name: String, _ text: String) {
        guard let request, !silent else { return }
        iopub.publish("stream", DataRecord([("name", .string(name)), ("text", .string(text))]), parent: request)
    }
}
