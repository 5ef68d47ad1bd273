import Crypto
import Foundation

/// SHA-256 digests of downloads and model files, spelled as 64 lowercase hexadecimal
/// digits (the spelling of the registry, of `sha256sum` and of PyPI).
public enum FileDigest {
    /// The SHA-256 of `bytes`.
    public static func sha256Hex<Bytes: DataProtocol>(of bytes: Bytes) -> String {
        hex(SHA256.hash(data: bytes))
    }

    /// The SHA-256 of the file at `path`, read in 4 MiB chunks.
    public static func sha256Hex(ofFileAt path: String) throws -> String {
        guard let file = fopen(path, "rb") else {
            throw RegistryError.unreadableFile(path: path, reason: String(cString: strerror(errno)))
        }
        defer { fclose(file) }
        let chunkSize = 4 << 20
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: chunkSize, alignment: 64)
        defer { buffer.deallocate() }
        var hasher = SHA256()
        while true {
            let read = fread(buffer, 1, chunkSize, file)
            if read > 0 { hasher.update(bufferPointer: UnsafeRawBufferPointer(start: buffer, count: read)) }
            if read < chunkSize {
                if ferror(file) != 0 {
                    throw RegistryError.unreadableFile(path: path, reason: "read error")
                }
                break
            }
        }
        return hex(hasher.finalize())
    }

    /// Lowercase hexadecimal spelling of `bytes`.
    public static func hex<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
