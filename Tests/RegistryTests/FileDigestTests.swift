import Foundation
import Testing
@testable import Registry

/// The registry's SHA-256 spelling against the FIPS 180-2 / NIST example vectors and
/// Python's hashlib, for byte strings and for files read in chunks.
struct FileDigestTests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
    ])
    func standardVectors(message: String, digest: String) {
        #expect(FileDigest.sha256Hex(of: Array(message.utf8)) == digest)
    }

    @Test func oneMillionAs() {
        let message = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        #expect(FileDigest.sha256Hex(of: message) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Padding edge cases: lengths around the 55/56/64-byte block boundaries.
    @Test(arguments: [55, 56, 63, 64, 65, 119, 120, 128])
    func blockBoundaries(length: Int) throws {
        let message = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        #expect(FileDigest.sha256Hex(of: message) == (try pythonSHA256(of: message)))
    }

    @Test func fileDigestMatchesPython() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/data.bin"
        // Larger than one 4 MiB read chunk, and not a multiple of 64.
        let bytes = (0..<(5 << 20) + 13).map { UInt8(truncatingIfNeeded: $0 ^ ($0 >> 9)) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect(try FileDigest.sha256Hex(ofFileAt: path) == (try pythonSHA256(of: bytes)))
    }

    @Test func missingFileIsAnError() {
        #expect(throws: RegistryError.self) {
            try FileDigest.sha256Hex(ofFileAt: "/nonexistent/guide/model.gguf")
        }
    }
}

/// Python's `hashlib.sha256` of `bytes`, as a peer implementation.
func pythonSHA256(of bytes: [UInt8]) throws -> String {
    let directory = try TemporaryDirectory()
    let path = directory.path + "/input.bin"
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    let output = try runPython(
        "import hashlib, sys; print(hashlib.sha256(open(sys.argv[1], 'rb').read()).hexdigest())", path)
    return output.trimmingCharacters(in: .whitespacesAndNewlines)
}
