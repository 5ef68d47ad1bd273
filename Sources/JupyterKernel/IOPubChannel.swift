import Foundation
import Runtime

/// The iopub socket: broadcasts status, inputs, outputs and errors to every client. Both
/// the shell thread and the control thread publish, so sends are serialised by a lock
/// (which is also the memory barrier libzmq asks for when a socket changes threads).
final class IOPubChannel {
    private let socket: ZMQSocket
    private let signer: MessageSigner
    private let session: String
    private let lock = NSLock()
    /// Receives a line when a message cannot be sent (the kernel's log).
    private let log: (String) -> Void

    init(socket: ZMQSocket, signer: MessageSigner, session: String, log: @escaping (String) -> Void) {
        self.socket = socket
        self.signer = signer
        self.session = session
        self.log = log
    }

    /// Publishes a `type` message with `content`, as a child of `parent` when given.
    func publish(_ type: String, _ content: DataRecord, parent: JupyterMessage?) {
        let topic = Data("kernel.\(session).\(type)".utf8)
        let message = JupyterMessage(type: type, session: session, content: content, parent: parent,
                                     identities: [topic])
        lock.lock()
        defer { lock.unlock() }
        do {
            try socket.send(message.frames(signedBy: signer))
        } catch {
            log("cannot publish \(type): \(error)")
        }
    }

    /// Publishes `status` with `execution_state` busy, idle or starting.
    func status(_ state: String, parent: JupyterMessage?) {
        publish("status", DataRecord([("execution_state", .string(state))]), parent: parent)
    }
}
