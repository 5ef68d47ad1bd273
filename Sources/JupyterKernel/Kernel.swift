import Foundation
import GuideLang
import Runtime

/// A Jupyter kernel for GuideLang (messaging protocol 5.3 over ZeroMQ).
///
/// The five sockets of the connection file are bound at creation. `run()` then serves until
/// a `shutdown_request`: the calling thread runs the shell socket (every cell, in one
/// `Session`, so definitions carry over from cell to cell as in the REPL), and two threads
/// of their own answer the heartbeat and the control socket, so an `interrupt_request` or
/// a `shutdown_request` is seen while a cell runs. Every incoming message's HMAC is checked;
/// a message that fails is logged and dropped.
///
///     let kernel = try Kernel(connection: try ConnectionInfo.read(path: file), version: "0.1.0")
///     kernel.run()
public final class Kernel {
    /// The addresses the sockets actually bound (differ from the connection file's only
    /// where it asked for port 0).
    public struct Endpoints: Sendable {
        public var shell, iopub, stdin, control, heartbeat: String
    }

    /// The session that runs the cells; its `cancellation` is what an interrupt raises.
    public let session: Session
    /// Where the sockets listen.
    public let endpoints: Endpoints
    /// The GuideLang version reported in `kernel_info_reply`.
    let version: String
    let signer: MessageSigner
    /// This kernel's session id, in the header of every message it sends.
    let kernelSession = UUID().uuidString.lowercased()
    let iopub: IOPubChannel
    let output: KernelOutput
    /// The `execution_count` of the last cell that counted.
    var executionCount = 0
    /// Writes one line to the kernel's log (standard error).
    let log: (String) -> Void

    private let context: ZMQContext
    private let shell: ZMQSocket
    private let control: ZMQSocket
    private let stdin: ZMQSocket
    private let heartbeat: ZMQSocket
    private let iopubSocket: ZMQSocket
    private let stopLock = NSLock()
    private var stopRequested = false

    /// Binds the sockets of `connection` and prepares a session for the cells.
    /// - Parameters:
    ///   - version: the GuideLang version to report.
    ///   - session: runs the cells; its diagnostics and outputs are routed to the client.
    ///   - log: receives the kernel's log lines (refused messages, socket errors).
    public init(connection: ConnectionInfo, version: String, session: Session = Session(options: .init(color: false)),
                log: @escaping (String) -> Void = { FileHandle.standardError.write(Data("guide kernel: \($0)\n".utf8)) }) throws {
        self.session = session
        self.version = version
        self.log = log
        signer = MessageSigner(key: connection.key)
        context = try ZMQContext()
        shell = try ZMQSocket(context, kind: .router)
        control = try ZMQSocket(context, kind: .router)
        stdin = try ZMQSocket(context, kind: .router)
        heartbeat = try ZMQSocket(context, kind: .reply)
        iopubSocket = try ZMQSocket(context, kind: .publisher)
        endpoints = Endpoints(
            shell: try shell.bind(connection.endpoint(port: connection.shellPort)),
            iopub: try iopubSocket.bind(connection.endpoint(port: connection.iopubPort)),
            stdin: try stdin.bind(connection.endpoint(port: connection.stdinPort)),
            control: try control.bind(connection.endpoint(port: connection.controlPort)),
            heartbeat: try heartbeat.bind(connection.endpoint(port: connection.heartbeatPort)))
        iopub = IOPubChannel(socket: iopubSocket, signer: signer, session: kernelSession, log: log)
        output = KernelOutput(iopub: iopub)
        session.interpreter.output = output
        session.host.options.progressIsTerminal = true
        session.host.options.progress = { [output] text in output.progress(text) }
        if !signer.isSigning { log("the connection file has no key: messages are not signed") }
    }

    /// Whether a shutdown was asked for.
    var isStopping: Bool {
        stopLock.lock()
        defer { stopLock.unlock() }
        return stopRequested
    }

    /// Asks `run()` to return: the running cell is cancelled and the loops end within a poll.
    public func stop() {
        stopLock.lock()
        stopRequested = true
        stopLock.unlock()
        session.cancellation.cancel()
    }

    /// Serves the client until a shutdown is requested (or `stop()` is called), then closes
    /// the sockets.
    public func run() {
        let threads = DispatchGroup()
        startThread(threads) { [heartbeat] in
            Heartbeat(socket: heartbeat).run(isStopping: { self.isStopping }, log: self.log)
        }
        startThread(threads) { self.serve(self.control, channel: "control") }
        iopub.status("starting", parent: nil)
        serve(shell, channel: "shell")
        threads.wait()
        for socket in [shell, control, stdin, heartbeat, iopubSocket] { socket.close() }
        context.terminate()
    }

    private func startThread(_ group: DispatchGroup, _ body: @escaping () -> Void) {
        group.enter()
        let thread = Thread {
            body()
            group.leave()
        }
        thread.start()
    }

    /// Receives and handles messages on `socket` until the kernel stops.
    private func serve(_ socket: ZMQSocket, channel: String) {
        while !isStopping {
            do {
                guard try socket.waitForMessage(milliseconds: 100) else { continue }
                let frames = try socket.receive()
                let request: JupyterMessage
                do {
                    request = try JupyterMessage(frames: frames, verifiedBy: signer)
                } catch {
                    log("refused a message on \(channel): \(error)")
                    continue
                }
                handle(request, on: socket, channel: channel)
            } catch {
                log("the \(channel) socket failed: \(error); stopping")
                stop()
            }
        }
    }

    /// Publishes busy, answers `request`, publishes idle.
    private func handle(_ request: JupyterMessage, on socket: ZMQSocket, channel: String) {
        iopub.status("busy", parent: request)
        defer { iopub.status("idle", parent: request) }
        let type = request.type
        let content: DataRecord
        switch (type, channel) {
        case ("kernel_info_request", _): content = kernelInfo()
        case ("shutdown_request", _): content = shutdown(request)
        case ("interrupt_request", _): content = interrupt()
        case ("execute_request", "shell"): content = execute(request)
        case ("complete_request", "shell"): content = complete(request)
        case ("inspect_request", "shell"): content = inspect(request)
        case ("is_complete_request", "shell"): content = isComplete(request)
        case ("comm_info_request", "shell"): content = ok([("comms", .record(DataRecord()))])
        case ("history_request", "shell"): content = ok([("history", .list([]))])
        default:
            log("ignored a \(type.isEmpty ? "message without msg_type" : type) on \(channel)")
            return
        }
        let replyType = String(type.dropLast("_request".count)) + "_reply"
        do {
            try socket.send(request.reply(replyType, session: kernelSession, content: content).frames(signedBy: signer))
        } catch {
            log("cannot send \(replyType): \(error)")
        }
    }

    /// A reply content with `status: ok` and `fields`.
    func ok(_ fields: [(String, DataValue)]) -> DataRecord {
        DataRecord([("status", .string("ok"))] + fields)
    }
}
