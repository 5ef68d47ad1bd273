import Foundation
import Runtime
@testable import JupyterKernel

/// A Jupyter client for tests, over libzmq like jupyter_client: a DEALER on shell and
/// control, a SUB on iopub, a REQ on the heartbeat. It runs a `Kernel` on a thread of this
/// process, bound to free ports, and collects what the kernel logs.
final class KernelTestClient {
    /// Raised when the kernel does not answer in time.
    struct Timeout: Error, CustomStringConvertible {
        var description: String
    }

    let kernel: Kernel
    let signer: MessageSigner
    let session = UUID().uuidString.lowercased()
    private let context: ZMQContext
    let shell: ZMQSocket
    let control: ZMQSocket
    let iopub: ZMQSocket
    let heartbeat: ZMQSocket
    private let finished = DispatchSemaphore(value: 0)
    private let logSource = LogLines()

    /// Starts a kernel with `key` on free loopback ports and connects to it.
    init(key: String = "test-key-\(UUID().uuidString)") throws {
        signer = MessageSigner(key: key)
        let lines = logSource
        kernel = try Kernel(connection: ConnectionInfo(key: key), version: "test", log: { lines.append($0) })
        context = try ZMQContext()
        shell = try ZMQSocket(context, kind: .dealer, lingerMilliseconds: 0)
        control = try ZMQSocket(context, kind: .dealer, lingerMilliseconds: 0)
        iopub = try ZMQSocket(context, kind: .subscriber, lingerMilliseconds: 0)
        heartbeat = try ZMQSocket(context, kind: .request, lingerMilliseconds: 0)
        try shell.connect(kernel.endpoints.shell)
        try control.connect(kernel.endpoints.control)
        try iopub.subscribe()
        try iopub.connect(kernel.endpoints.iopub)
        try heartbeat.connect(kernel.endpoints.heartbeat)
        let kernel = self.kernel
        let finished = self.finished
        Thread {
            kernel.run()
            finished.signal()
        }.start()
        try waitUntilIOPubIsConnected()
    }

    /// What the kernel logged so far.
    var log: [String] { logSource.lines }

    /// Sends a `type` request with `content` on `socket`; returns it (for its msg_id).
    @discardableResult
    func send(_ type: String, _ content: DataRecord = DataRecord(), on socket: ZMQSocket? = nil) throws -> JupyterMessage {
        let message = JupyterMessage(type: type, session: session, content: content)
        try (socket ?? shell).send(message.frames(signedBy: signer))
        return message
    }

    /// The next message on `socket`, checked with the key, within `seconds`.
    func receive(on socket: ZMQSocket, within seconds: Double = 20) throws -> JupyterMessage {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try socket.waitForMessage(milliseconds: 50) {
                // On iopub the topic frame stands where a ROUTER puts identities.
                return try JupyterMessage(frames: try socket.receive(), verifiedBy: signer)
            }
        }
        throw Timeout(description: "no message within \(seconds) s")
    }

    /// The reply on `socket` to `request`.
    func reply(to request: JupyterMessage, on socket: ZMQSocket? = nil, within seconds: Double = 20) throws -> JupyterMessage {
        let reply = try receive(on: socket ?? shell, within: seconds)
        guard reply.parentHeader["msg_id"] == request.header["msg_id"] else {
            throw Timeout(description: "a reply to another request: \(reply.type)")
        }
        return reply
    }

    /// The iopub messages that `request` caused, from its `busy` to its `idle` status.
    func published(by request: JupyterMessage, within seconds: Double = 20) throws -> [JupyterMessage] {
        var messages: [JupyterMessage] = []
        while true {
            let message = try receive(on: iopub, within: seconds)
            guard message.parentHeader["msg_id"] == request.header["msg_id"] else { continue }
            messages.append(message)
            if message.type == "status", message.content["execution_state"] == .string("idle") { return messages }
        }
    }

    /// Runs `code`: the reply and the iopub messages between busy and idle.
    func execute(_ code: String) throws -> (reply: JupyterMessage, published: [JupyterMessage]) {
        let request = try send("execute_request", DataRecord([
            ("code", .string(code)), ("silent", .bool(false)), ("store_history", .bool(true)),
            ("user_expressions", .record(DataRecord())), ("allow_stdin", .bool(false)),
        ]))
        let reply = try reply(to: request)
        return (reply, try published(by: request))
    }

    /// Whether the kernel's `run()` returned within `seconds`.
    func kernelFinished(within seconds: Double) -> Bool {
        finished.wait(timeout: .now() + seconds) == .success
    }

    /// A PUB socket drops what it publishes before a subscriber is connected: ask for
    /// kernel_info until its status messages arrive on iopub, then forget them.
    private func waitUntilIOPubIsConnected() throws {
        for _ in 0..<100 {
            let request = try send("kernel_info_request")
            _ = try reply(to: request)
            if try iopub.waitForMessage(milliseconds: 100) {
                while try iopub.waitForMessage(milliseconds: 200) { _ = try iopub.receive() }
                return
            }
        }
        throw Timeout(description: "iopub never delivered a message")
    }

    /// Stops the kernel if a test left it running, and closes the client's sockets.
    func close() {
        kernel.stop()
        _ = kernelFinished(within: 10)
        for socket in [shell, control, iopub, heartbeat] { socket.close() }
        context.terminate()
    }
}

/// Log lines written by the kernel's thread and read by the test's.
final class LogLines: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []

    func append(_ line: String) {
        lock.lock()
        stored.append(line)
        lock.unlock()
    }

    var lines: [String] {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }
}
