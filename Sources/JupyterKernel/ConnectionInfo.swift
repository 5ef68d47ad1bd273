import Foundation
import Runtime

/// What a Jupyter connection file says: where the kernel's five sockets listen and the key
/// that signs every message (written by the client that starts the kernel).
///
///     {"transport": "tcp", "ip": "127.0.0.1", "shell_port": 53794, "iopub_port": 53795,
///      "stdin_port": 53796, "control_port": 53797, "hb_port": 53798,
///      "key": "a0436f6c-…", "signature_scheme": "hmac-sha256"}
public struct ConnectionInfo: Equatable, Sendable {
    /// `tcp` (or `ipc`).
    public var transport: String
    /// The address the sockets bind to.
    public var ip: String
    /// The ports of the shell, iopub, stdin, control and heartbeat sockets; 0 asks for any free one.
    public var shellPort: Int
    public var iopubPort: Int
    public var stdinPort: Int
    public var controlPort: Int
    public var heartbeatPort: Int
    /// The HMAC key; empty means messages are not signed.
    public var key: String
    /// Only `hmac-sha256` is supported.
    public var signatureScheme: String

    public init(transport: String = "tcp", ip: String = "127.0.0.1", shellPort: Int = 0, iopubPort: Int = 0,
                stdinPort: Int = 0, controlPort: Int = 0, heartbeatPort: Int = 0, key: String,
                signatureScheme: String = "hmac-sha256") {
        self.transport = transport
        self.ip = ip
        self.shellPort = shellPort
        self.iopubPort = iopubPort
        self.stdinPort = stdinPort
        self.controlPort = controlPort
        self.heartbeatPort = heartbeatPort
        self.key = key
        self.signatureScheme = signatureScheme
    }

    /// A connection file that cannot be used, with the reason.
    public struct Problem: Error, CustomStringConvertible {
        public var description: String
    }

    /// Reads the connection file at `path`.
    public static func read(path: String) throws -> ConnectionInfo {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Problem(description: "cannot read the connection file '\(path)'")
        }
        do {
            return try parse(String(decoding: data, as: UTF8.self))
        } catch let problem as Problem {
            throw Problem(description: "\(path): \(problem.description)")
        }
    }

    /// Parses a connection file's text.
    public static func parse(_ text: String) throws -> ConnectionInfo {
        let document: DataValue
        do {
            document = try JSON.decode(text)
        } catch {
            throw Problem(description: "not JSON (\(error))")
        }
        guard let fields = document.record else { throw Problem(description: "expected a JSON object") }

        func port(_ name: String) throws -> Int {
            guard let number = fields[name]?.number else { throw Problem(description: "missing the number '\(name)'") }
            guard number == number.rounded(), (0...65535).contains(number) else {
                throw Problem(description: "'\(name)' is not a port number: \(JSON.formatNumber(number))")
            }
            return Int(number)
        }
        let scheme = fields["signature_scheme"]?.string ?? "hmac-sha256"
        guard scheme == "hmac-sha256" else {
            throw Problem(description: "unsupported signature_scheme '\(scheme)' (only hmac-sha256)")
        }
        return ConnectionInfo(
            transport: fields["transport"]?.string ?? "tcp", ip: fields["ip"]?.string ?? "127.0.0.1",
            shellPort: try port("shell_port"), iopubPort: try port("iopub_port"), stdinPort: try port("stdin_port"),
            controlPort: try port("control_port"), heartbeatPort: try port("hb_port"),
            key: fields["key"]?.string ?? "", signatureScheme: scheme)
    }

    /// The endpoint for `port`: `tcp://127.0.0.1:5555`, `tcp://127.0.0.1:*` for port 0, or
    /// `ipc://ip-port` for the ipc transport (as jupyter_client names those files).
    func endpoint(port: Int) -> String {
        if transport == "ipc" { return "ipc://\(ip)-\(port)" }
        return "\(transport)://\(ip):\(port == 0 ? "*" : String(port))"
    }
}
