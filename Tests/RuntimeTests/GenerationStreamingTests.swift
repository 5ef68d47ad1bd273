import Engine
import Foundation
import GuideLang
import Registry
import Testing
@testable import Runtime

/// `generate` through an output that shows streamed text, on the real
/// `smollm2-135m-instruct`: the pieces make up the text, the stream ends with the value, and
/// a stop request (raised by the output itself after a few pieces, as a Ctrl-C would be)
/// keeps the text so far only where the host says so.
@Suite(.serialized) struct GenerationStreamingTests {
    /// An output that shows streamed text, records it, and can raise a stop request after
    /// `stopAfterPieces` pieces.
    final class StreamRecorder: OutputSink {
        var pieces: [String] = []
        var endings: [Value?] = []
        var displayed: [Value] = []
        var stopAfterPieces: Int?
        var cancellation: CancellationFlag?

        var showsStreamedText: Bool { true }
        func streamText(_ piece: String) {
            pieces.append(piece)
            if let limit = stopAfterPieces, pieces.count >= limit { cancellation?.cancel() }
        }
        func endStream(result: Value?) { endings.append(result) }
        func beginCell(_ cell: CellInfo) {}
        func display(_ value: Value, reason: DisplayReason) { displayed.append(value) }
        func print(_ text: String) {}
        func endCell(_ cell: CellInfo) {}
    }

    /// A counting prompt: the greedy continuation goes on well past a few pieces.
    static let call = #"generate(m, "1, 2, 3, 4, 5, 6,", max_tokens: 200)"#

    /// An interpreter with the runtime's builtins, `m` loaded, and `output` as its output.
    static func interpreter(keepingInterrupted: Bool, output: StreamRecorder) throws -> (Interpreter, RuntimeHost) {
        _ = try ModelCache().cachedPath(of: ModelBuiltinTests.modelName)  // fails saying how to fetch it
        let interpreter = Interpreter()
        var options = RuntimeHost.Options(progress: nil, progressIsTerminal: false)
        options.keepsInterruptedGenerations = keepingInterrupted
        let host = RuntimeHost(options: options)
        host.install(in: interpreter)
        _ = try interpreter.evaluate("let m = model(\"\(ModelBuiltinTests.modelName)\")")
        interpreter.output = output
        output.cancellation = interpreter.cancellation
        return (interpreter, host)
    }

    @Test func thePiecesAreTheTextAndTheStreamEndsWithTheValue() throws {
        let output = StreamRecorder()
        let (interpreter, _) = try Self.interpreter(keepingInterrupted: false, output: output)
        let value = try interpreter.evaluate(#"generate(m, "The capital of France is", max_tokens: 12)"#)
        let generation = try #require(value.nativeValue as? GenerationValue)
        #expect(!output.pieces.isEmpty)
        #expect(output.pieces.joined() == generation.text)
        try #require(output.endings.count == 1)
        #expect((output.endings[0]?.nativeValue as? GenerationValue) === generation, "the stream ends with the returned value")
    }

    @Test func aStopKeepsTheTextSoFarWhereTheHostSaysSo() throws {
        let output = StreamRecorder()
        output.stopAfterPieces = 3
        let (interpreter, host) = try Self.interpreter(keepingInterrupted: true, output: output)
        let value = try interpreter.evaluate(Self.call)
        let generation = try #require(value.nativeValue as? GenerationValue)
        #expect(generation.generation.stopReason == .interrupted)
        #expect(try generation.member("stop_reason") == .string("interrupted"))
        #expect(output.pieces.count == 3 && generation.text == output.pieces.joined())
        #expect(generation.generation.tokens.count < 200)
        #expect(host.keptInterruptedGenerations == 1)
        #expect(interpreter.cancellation.isCancelled, "the stop request stays up, so the program stops at its next check")
    }

    @Test func aStopStopsTheProgramOtherwise() throws {
        let output = StreamRecorder()
        output.stopAfterPieces = 3
        let (interpreter, host) = try Self.interpreter(keepingInterrupted: false, output: output)
        do {
            _ = try interpreter.evaluate(Self.call)
            Issue.record("a stop request must stop the program")
        } catch let diagnostic as Diagnostic {
            #expect(diagnostic.code == .cancelled)
        }
        #expect(output.pieces.count == 3)
        #expect(output.endings.count == 1 && output.endings[0] == nil, "the stream ends without a value")
        #expect(host.keptInterruptedGenerations == 0)
    }

    @Test func experimentRowsNeitherStreamNorKeepStoppedText() throws {
        let output = StreamRecorder()
        output.stopAfterPieces = 1  // only reached if a row streamed
        let (interpreter, host) = try Self.interpreter(keepingInterrupted: true, output: output)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("streaming-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        host.options.resultsDirectory = directory.path
        let value = try interpreter.evaluate("""
            experiment "quiet" over [1, 2] as row {
                record {text: generate(m, "Hi", max_tokens: 3).text}
            }
            """)
        guard case .list(let rows) = value else { Issue.record("the experiment gave \(value.typeName)"); return }
        #expect(rows.count == 2)
        #expect(output.pieces.isEmpty && output.endings.isEmpty, "the progress bar owns the terminal during an experiment")
        #expect(!interpreter.cancellation.isCancelled)
    }
}

extension Value {
    /// The host value inside, if any.
    var nativeValue: NativeValue? {
        if case .native(let native) = self { return native }
        return nil
    }
}
