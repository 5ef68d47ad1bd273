import Foundation
import Runtime
import Testing
@testable import JupyterKernel

/// The wire format of Jupyter messages and their HMAC-SHA256 signatures. Expected digests
/// come from Python's `hmac` module (what jupyter_client signs with).
@Suite struct WireFormatTests {
    let signer = MessageSigner(key: "secret-key")

    func frames(_ parts: [String], signature: String) -> [Data] {
        [Data("client-id".utf8), JupyterMessage.delimiter, Data(signature.utf8)] + parts.map { Data($0.utf8) }
    }

    @Test func signatureMatchesPythonsHMAC() {
        // RFC 4231 test case 2, split over the four parts the protocol signs.
        let rfc = MessageSigner(key: "Jefe")
        let parts = ["what do ", "ya want ", "for ", "nothing?"].map { Data($0.utf8) }
        #expect(rfc.signature(of: parts) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        // hmac.new(b"secret-key", header + parent + metadata + content, sha256).hexdigest()
        let header = #"{"msg_id":"1","msg_type":"kernel_info_request"}"#
        #expect(signer.signature(of: [header, "{}", "{}", "{}"].map { Data($0.utf8) })
            == "d24613c901272087168eb7a17b371d2f54d14044dca08737846f4baf86191b6a")
    }

    @Test func aMessageSignedByPythonIsRead() throws {
        let header = #"{"msg_id":"1","msg_type":"kernel_info_request"}"#
        let message = try JupyterMessage(
            frames: frames([header, "{}", "{}", "{}"], signature: "d24613c901272087168eb7a17b371d2f54d14044dca08737846f4baf86191b6a"),
            verifiedBy: signer)
        #expect(message.type == "kernel_info_request")
        #expect(message.identities == [Data("client-id".utf8)])
        #expect(message.content == DataRecord())
    }

    @Test func uppercaseHexSignatureIsAccepted() throws {
        let header = #"{"msg_id":"1","msg_type":"kernel_info_request"}"#
        let upper = "d24613c901272087168eb7a17b371d2f54d14044dca08737846f4baf86191b6a".uppercased()
        #expect(throws: Never.self) { try JupyterMessage(frames: frames([header, "{}", "{}", "{}"], signature: upper), verifiedBy: signer) }
    }

    @Test func aMessageRoundTripsThroughItsFrames() throws {
        let sent = JupyterMessage(type: "execute_request", session: "s1",
                                  content: DataRecord([("code", .string("let x = \"é\"\n")), ("silent", .bool(false))]),
                                  identities: [Data([0, 1, 2])])
        let received = try JupyterMessage(frames: sent.frames(signedBy: signer), verifiedBy: signer)
        #expect(received.header == sent.header)
        #expect(received.content == sent.content)
        #expect(received.identities == sent.identities)
        #expect(received.header["version"] == .string("5.3"))
    }

    @Test func aReplyAnswersItsRequest() {
        let request = JupyterMessage(type: "kernel_info_request", session: "client", content: DataRecord(),
                                     identities: [Data("id".utf8)])
        let reply = request.reply("kernel_info_reply", session: "kernel", content: DataRecord())
        #expect(reply.parentHeader == request.header)
        #expect(reply.identities == request.identities)
        #expect(reply.header["session"] == .string("kernel"))
        #expect(reply.header["msg_id"] != request.header["msg_id"])
    }

    @Test func aTamperedMessageIsRefused() throws {
        let sent = JupyterMessage(type: "execute_request", session: "s1", content: DataRecord([("code", .string("1"))]))
        var frames = sent.frames(signedBy: signer)
        frames[frames.count - 1] = Data(#"{"code":"2"}"#.utf8)
        #expect(throws: JupyterMessage.Refusal.badSignature) { try JupyterMessage(frames: frames, verifiedBy: signer) }
    }

    @Test(arguments: ["", "not hex at all", "abc", String(repeating: "0", count: 64)])
    func aMissingOrWrongSignatureIsRefused(signature: String) {
        let header = #"{"msg_id":"1","msg_type":"kernel_info_request"}"#
        #expect(throws: JupyterMessage.Refusal.badSignature) {
            try JupyterMessage(frames: frames([header, "{}", "{}", "{}"], signature: signature), verifiedBy: signer)
        }
    }

    @Test func aMessageSignedWithAnotherKeyIsRefused() {
        let other = MessageSigner(key: "another-key")
        let frames = JupyterMessage(type: "shutdown_request", session: "s", content: DataRecord()).frames(signedBy: other)
        #expect(throws: JupyterMessage.Refusal.badSignature) { try JupyterMessage(frames: frames, verifiedBy: signer) }
    }

    @Test func withoutAKeyNothingIsSignedOrChecked() throws {
        let open = MessageSigner(key: "")
        #expect(!open.isSigning)
        let frames = JupyterMessage(type: "kernel_info_request", session: "s", content: DataRecord()).frames(signedBy: open)
        #expect(frames[1] == Data())
        #expect(throws: Never.self) { try JupyterMessage(frames: frames, verifiedBy: open) }
    }

    @Test func malformedMessagesAreRefusedWithTheReason() {
        #expect(throws: JupyterMessage.Refusal.missingDelimiter) {
            try JupyterMessage(frames: [Data("a".utf8), Data("b".utf8)], verifiedBy: signer)
        }
        #expect(throws: JupyterMessage.Refusal.tooFewFrames(2)) {
            try JupyterMessage(frames: [JupyterMessage.delimiter, Data(), Data()], verifiedBy: signer)
        }
        let parts = ["[1]", "{}", "{}", "{}"]
        let signature = signer.signature(of: parts.map { Data($0.utf8) })
        #expect(throws: JupyterMessage.Refusal.notJSON(part: "header", reason: "not an object")) {
            try JupyterMessage(frames: frames(parts, signature: signature), verifiedBy: signer)
        }
    }
}
