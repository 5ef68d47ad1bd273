import Foundation
import Runtime

/// One Jupyter protocol message (protocol 5.3): routing identities, the four JSON parts
/// and any binary buffers.
public struct JupyterMessage {
    /// The protocol version the kernel speaks.
    public static let protocolVersion = "5.3"
    /// The frame that separates routing identities from the message.
    static let delimiter = Data("<IDS|MSG>".utf8)

    /// The ROUTER identities of the sender, echoed on replies so they find their way back.
    public var identities: [Data]
    public var header: DataRecord
    public var parentHeader: DataRecord
    public var metadata: DataRecord
    public var content: DataRecord
    public var buffers: [Data]

    public init(identities: [Data] = [], header: DataRecord, parentHeader: DataRecord = DataRecord(),
                metadata: DataRecord = DataRecord(), content: DataRecord, buffers: [Data] = []) {
        self.identities = identities
        self.header = header
        self.parentHeader = parentHeader
        self.metadata = metadata
        self.content = content
        self.buffers = buffers
    }

    /// A new message of `type` in `session` (the sender's session id) answering `parent`
    /// (nil: a message of its own, such as the first `status`).
    public init(type: String, session: String, content: DataRecord, parent: JupyterMessage? = nil,
                identities: [Data] = []) {
        let header = DataRecord([
            ("msg_id", .string(UUID().uuidString.lowercased())),
            ("session", .string(session)),
            ("username", .string(parent?.header["username"]?.string ?? "guide")),
            ("date", .string(Self.timestamp())),
            ("msg_type", .string(type)),
            ("version", .string(Self.protocolVersion)),
        ])
        self.init(identities: identities, header: header, parentHeader: parent?.header ?? DataRecord(),
                  content: content)
    }

    /// `header.msg_type`, or "" when missing.
    public var type: String { header["msg_type"]?.string ?? "" }

    /// The reply to this request: `type`, sent back to the same identities.
    public func reply(_ type: String, session: String, content: DataRecord) -> JupyterMessage {
        JupyterMessage(type: type, session: session, content: content, parent: self, identities: identities)
    }

    /// The frames to send: identities, delimiter, signature, the four JSON parts, buffers.
    public func frames(signedBy signer: MessageSigner) -> [Data] {
        let parts = [header, parentHeader, metadata, content].map { Data(JSON.encode(.record($0)).utf8) }
        return identities + [Self.delimiter, Data(signer.signature(of: parts).utf8)] + parts + buffers
    }

    /// Why a received message was refused.
    public enum Refusal: Error, Equatable, CustomStringConvertible {
        case missingDelimiter
        case tooFewFrames(Int)
        case badSignature
        case notJSON(part: String, reason: String)

        public var description: String {
            switch self {
            case .missingDelimiter: return "no <IDS|MSG> delimiter frame"
            case .tooFewFrames(let count): return "\(count) frames after the delimiter, expected at least 5"
            case .badSignature: return "missing or wrong HMAC signature"
            case .notJSON(let part, let reason): return "the \(part) is not a JSON object (\(reason))"
            }
        }
    }

    /// Reads a received message, checking its signature before parsing anything.
    public init(frames: [Data], verifiedBy signer: MessageSigner) throws {
        guard let split = frames.firstIndex(of: Self.delimiter) else { throw Refusal.missingDelimiter }
        let rest = Array(frames[(split + 1)...])
        guard rest.count >= 5 else { throw Refusal.tooFewFrames(rest.count) }
        let parts = Array(rest[1...4])
        guard signer.isValid(signature: rest[0], of: parts) else { throw Refusal.badSignature }
        func record(_ data: Data, _ name: String) throws -> DataRecord {
            do {
                guard let record = try JSON.decode(String(decoding: data, as: UTF8.self)).record else {
                    throw Refusal.notJSON(part: name, reason: "not an object")
                }
                return record
            } catch let refusal as Refusal {
                throw refusal
            } catch {
                throw Refusal.notJSON(part: name, reason: "\(error)")
            }
        }
        self.init(identities: Array(frames[..<split]),
                  header: try record(parts[0], "header"), parentHeader: try record(parts[1], "parent header"),
                  metadata: try record(parts[2], "metadata"), content: try record(parts[3], "content"),
                  buffers: Array(rest.dropFirst(5)))
    }

    /// The current time as ISO 8601 with microseconds, in UTC.
    static func timestamp() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date())
    }
}
