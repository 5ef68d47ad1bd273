import GuideLang
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A host value whose text a builtin may have streamed to the terminal while producing it
/// (a generation): displayed right after its stream, only the rest of its terminal form is
/// shown.
protocol StreamedDisplayable: TerminalDisplayable {
    /// What the terminal form adds to the streamed text ("" when nothing).
    func terminalTextAfterStreaming(colored: Bool) -> String
}

/// Where `TerminalOutput` is in a stream of text.
struct StreamState {
    /// Whether the pieces written so far end the line (or none was written).
    var atLineStart = true
    /// Whether any piece of the current stream was written.
    var wroteText = false
    /// The value whose text the last stream wrote, until anything else is written.
    var streamedResult: AnyObject?
}

extension TerminalOutput {
    public var showsStreamedText: Bool { streaming }

    /// Writes `piece` at once, without a newline of its own.
    public func streamText(_ piece: String) {
        guard streaming, !piece.isEmpty else { return }
        stream.streamedResult = nil
        stream.wroteText = true
        stream.atLineStart = piece.hasSuffix("\n")
        fputs(piece, stdout)
        fflush(stdout)
    }

    /// Ends the streamed text's line, and remembers `result` so that displaying it next
    /// does not repeat the text.
    public func endStream(result: Value?) {
        guard streaming else { return }
        if !stream.atLineStart { write("") }
        if stream.wroteText, case .native(let native)? = result, native is StreamedDisplayable {
            stream.streamedResult = native
        }
        stream = StreamState(streamedResult: stream.streamedResult)
    }

    /// For the value whose text was just streamed, what its display adds to that text
    /// ("" when nothing); nil for any other value, which displays in full.
    func textNotYetStreamed(of value: Value) -> String? {
        guard case .native(let native) = value, let streamed = stream.streamedResult, streamed === native,
              let shown = native as? StreamedDisplayable else { return nil }
        stream.streamedResult = nil
        return shown.terminalTextAfterStreaming(colored: colored)
    }
}
