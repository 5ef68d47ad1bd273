import CZeroMQ
import Foundation

/// A libzmq failure: what was being done and libzmq's own explanation.
public struct ZMQError: Error, CustomStringConvertible {
    /// The operation that failed ("bind tcp://127.0.0.1:5555").
    public var operation: String
    /// libzmq's `errno` for it.
    public var code: Int32

    init(_ operation: String, code: Int32 = zmq_errno()) {
        self.operation = operation
        self.code = code
    }

    public var description: String { "\(operation): \(String(cString: zmq_strerror(code)))" }
}

/// A ZeroMQ context: owns the I/O thread every socket of the kernel uses.
public final class ZMQContext {
    let handle: UnsafeMutableRawPointer

    /// Creates a context.
    public init() throws {
        guard let handle = zmq_ctx_new() else { throw ZMQError("create a ZeroMQ context") }
        self.handle = handle
    }

    /// Ends the context once its sockets are closed (waits at most for their linger time).
    public func terminate() {
        while zmq_ctx_term(handle) != 0 && zmq_errno() == EINTR {}
    }
}

/// One ZeroMQ socket sending and receiving multipart messages (a list of frames).
///
/// Like every libzmq socket it belongs to one thread at a time; a socket used from two
/// threads (iopub) is guarded by its owner's lock. Calls interrupted by a signal (`EINTR`,
/// e.g. SIGINT during a poll) are retried.
public final class ZMQSocket {
    /// The socket kinds the kernel and its tests use.
    public enum Kind {
        case router, publisher, subscriber, reply, dealer, request

        var rawValue: Int32 {
            switch self {
            case .router: return ZMQ_ROUTER
            case .publisher: return ZMQ_PUB
            case .subscriber: return ZMQ_SUB
            case .reply: return ZMQ_REP
            case .dealer: return ZMQ_DEALER
            case .request: return ZMQ_REQ
            }
        }
    }

    private var handle: UnsafeMutableRawPointer?

    /// Opens a socket of `kind` in `context`. `lingerMilliseconds` bounds how long closing
    /// waits for unsent messages (so a last reply still leaves at shutdown).
    public init(_ context: ZMQContext, kind: Kind, lingerMilliseconds: Int32 = 1000) throws {
        guard let handle = zmq_socket(context.handle, kind.rawValue) else {
            throw ZMQError("open a ZeroMQ socket")
        }
        self.handle = handle
        try setOption(ZMQ_LINGER, lingerMilliseconds)
    }

    deinit { close() }

    /// Binds to `endpoint` (`tcp://127.0.0.1:5555`, or port `*` for any free one) and
    /// returns the endpoint actually bound.
    @discardableResult
    public func bind(_ endpoint: String) throws -> String {
        guard zmq_bind(try open(), endpoint) == 0 else { throw ZMQError("bind \(endpoint)") }
        return try lastEndpoint()
    }

    /// Connects to `endpoint`.
    public func connect(_ endpoint: String) throws {
        guard zmq_connect(try open(), endpoint) == 0 else { throw ZMQError("connect \(endpoint)") }
    }

    /// For a subscriber: receive every message whose first frame starts with `prefix`.
    public func subscribe(_ prefix: String = "") throws {
        let socket = try open()
        let status = prefix.withCString { zmq_setsockopt(socket, ZMQ_SUBSCRIBE, $0, strlen($0)) }
        guard status == 0 else { throw ZMQError("subscribe") }
    }

    /// Sends `frames` as one multipart message.
    public func send(_ frames: [Data]) throws {
        let socket = try open()
        for (index, frame) in frames.enumerated() {
            let flags = index == frames.count - 1 ? 0 : ZMQ_SNDMORE
            while true {
                let sent = frame.withUnsafeBytes { zmq_send(socket, $0.baseAddress, frame.count, flags) }
                if sent >= 0 { break }
                guard zmq_errno() == EINTR else { throw ZMQError("send a message") }
            }
        }
    }

    /// Receives one multipart message, waiting as long as it takes.
    public func receive() throws -> [Data] {
        let socket = try open()
        var frames: [Data] = []
        var message = zmq_msg_t()
        zmq_msg_init(&message)
        defer { zmq_msg_close(&message) }
        repeat {
            while zmq_msg_recv(&message, socket, 0) < 0 {
                guard zmq_errno() == EINTR else { throw ZMQError("receive a message") }
            }
            let size = zmq_msg_size(&message)
            frames.append(size == 0 ? Data() : Data(bytes: zmq_msg_data(&message), count: size))
        } while zmq_msg_more(&message) != 0
        return frames
    }

    /// Waits up to `milliseconds` for a message; returns whether one can be received.
    /// A signal ends the wait early (returning false), so the caller can look at its flags.
    public func waitForMessage(milliseconds: Int) throws -> Bool {
        var item = zmq_pollitem_t(socket: try open(), fd: 0, events: Int16(ZMQ_POLLIN), revents: 0)
        let ready = zmq_poll(&item, 1, milliseconds)
        if ready < 0 {
            guard zmq_errno() == EINTR else { throw ZMQError("poll a socket") }
            return false
        }
        return ready > 0 && (item.revents & Int16(ZMQ_POLLIN)) != 0
    }

    /// Closes the socket; later calls throw.
    public func close() {
        if let handle { zmq_close(handle) }
        handle = nil
    }

    private func open() throws -> UnsafeMutableRawPointer {
        guard let handle else { throw ZMQError("use a closed socket", code: ENOTSOCK) }
        return handle
    }

    private func setOption(_ option: Int32, _ value: Int32) throws {
        var value = value
        guard zmq_setsockopt(try open(), option, &value, MemoryLayout<Int32>.size) == 0 else {
            throw ZMQError("set socket option \(option)")
        }
    }

    private func lastEndpoint() throws -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        var size = buffer.count
        guard zmq_getsockopt(try open(), ZMQ_LAST_ENDPOINT, &buffer, &size) == 0 else {
            throw ZMQError("read the bound endpoint")
        }
        return String(cString: buffer)
    }
}
