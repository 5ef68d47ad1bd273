import Testing
@testable import JupyterKernel

/// Reading Jupyter connection files.
@Suite struct ConnectionInfoTests {
    @Test func readsWhatJupyterClientWrites() throws {
        let text = """
        {"shell_port": 53794, "iopub_port": 53795, "stdin_port": 53796, "control_port": 53797,
         "hb_port": 53798, "ip": "127.0.0.1", "key": "a0436f6c-1916-498b-8eb9-e81ab9368e84",
         "transport": "tcp", "signature_scheme": "hmac-sha256", "kernel_name": "guide"}
        """
        let info = try ConnectionInfo.parse(text)
        #expect(info.shellPort == 53794 && info.heartbeatPort == 53798)
        #expect(info.key == "a0436f6c-1916-498b-8eb9-e81ab9368e84")
        #expect(info.endpoint(port: info.controlPort) == "tcp://127.0.0.1:53797")
        #expect(info.endpoint(port: 0) == "tcp://127.0.0.1:*")
    }

    @Test(arguments: [
        (#"{"shell_port": 1}"#, "missing the number 'iopub_port'"),
        ("[]", "expected a JSON object"),
        ("{", "not JSON"),
        (#"{"shell_port": 1, "iopub_port": 70000, "stdin_port": 3, "control_port": 4, "hb_port": 5}"#,
         "'iopub_port' is not a port number: 70000"),
        (#"{"shell_port": 1, "iopub_port": 2, "stdin_port": 3, "control_port": 4, "hb_port": 5, "signature_scheme": "hmac-md5"}"#,
         "unsupported signature_scheme 'hmac-md5'"),
    ])
    func refusesABadFileWithTheReason(text: String, reason: String) {
        do {
            _ = try ConnectionInfo.parse(text)
            Issue.record("accepted \(text)")
        } catch {
            #expect("\(error)".contains(reason), "\(error)")
        }
    }

    @Test func aMissingFileIsNamed() {
        #expect(throws: ConnectionInfo.Problem.self) { try ConnectionInfo.read(path: "/nonexistent/kernel-1.json") }
    }
}
