import GuideLang

/// Sends every output event to several sinks in order (the terminal and a report).
final class TeeOutput: OutputSink {
    private let sinks: [OutputSink]

    init(_ sinks: [OutputSink]) { self.sinks = sinks }

    func beginCell(_ cell: CellInfo) { sinks.forEach { $0.beginCell(cell) } }
    func display(_ value: Value, reason: DisplayReason) { sinks.forEach { $0.display(value, reason: reason) } }
    func print(_ text: String) { sinks.forEach { $0.print(text) } }
    func endCell(_ cell: CellInfo) { sinks.forEach { $0.endCell(cell) } }

    var showsStreamedText: Bool { sinks.contains { $0.showsStreamedText } }
    func streamText(_ piece: String) { sinks.filter(\.showsStreamedText).forEach { $0.streamText(piece) } }
    func endStream(result: Value?) { sinks.filter(\.showsStreamedText).forEach { $0.endStream(result: result) } }
}
