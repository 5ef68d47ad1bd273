import CZlib

/// Decompression of zlib and gzip streams with the system zlib (Foundation has none on Linux).
public enum Inflate {
    /// Why a stream could not be decompressed.
    public struct Failure: Error, CustomStringConvertible, Equatable {
        public let description: String
    }

    /// The bytes a zlib (RFC 1950) or gzip (RFC 1952) stream decompresses to; the format is
    /// recognised from the header. Concatenated gzip members are all decompressed.
    public static func decompress(_ input: [UInt8]) throws -> [UInt8] {
        guard !input.isEmpty else { throw Failure(description: "empty compressed stream") }
        var stream = z_stream()
        // 15 window bits, +32: detect zlib or gzip from the header.
        guard inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw Failure(description: "zlib could not start")
        }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        output.reserveCapacity(input.count * 4)
        var chunk = [UInt8](repeating: 0, count: 1 << 18)
        var consumed = 0
        while true {
            let status: Int32 = input.withUnsafeBufferPointer { source in
                chunk.withUnsafeMutableBufferPointer { target in
                    stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress! + consumed)
                    stream.avail_in = UInt32(source.count - consumed)
                    stream.next_out = target.baseAddress
                    stream.avail_out = UInt32(target.count)
                    let status = inflate(&stream, Z_NO_FLUSH)
                    consumed = source.count - Int(stream.avail_in)
                    return status
                }
            }
            output.append(contentsOf: chunk[0..<(chunk.count - Int(stream.avail_out))])
            switch status {
            case Z_STREAM_END:
                // Another gzip member may follow (as `cat a.gz b.gz` makes).
                guard consumed < input.count, input[consumed] == 0x1f else { return output }
                guard inflateReset(&stream) == Z_OK else { throw Failure(description: "zlib could not restart") }
            case Z_OK:
                if stream.avail_in == 0 && stream.avail_out != 0 {
                    throw Failure(description: "truncated compressed stream (\(input.count) bytes)")
                }
            case Z_BUF_ERROR:
                throw Failure(description: "truncated compressed stream (\(input.count) bytes)")
            default:
                let message = stream.msg.map { String(cString: $0) } ?? "error \(status)"
                throw Failure(description: "corrupt compressed stream at byte \(consumed): \(message)")
            }
        }
    }
}
