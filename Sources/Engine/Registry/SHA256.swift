// SHA-256 (FIPS 180-4).
//
// The message is processed in 64-byte blocks. Each block is expanded into a
// 64-word schedule (big-endian 32-bit words), then mixed into eight 32-bit state
// words over 64 rounds. The final block carries a single 0x80 byte, zero padding,
// and the message length in bits as a big-endian 64-bit integer, so that the
// padded length is a multiple of 64 bytes. The digest is the eight state words,
// big-endian.

import Foundation

/// An incremental SHA-256 hasher: feed bytes with `update`, read the digest with `finalize`.
public struct SHA256 {
    private var state: [UInt32] = [
        0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a,
        0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19,
    ]
    /// Bytes of a block not yet complete (fewer than 64).
    private var pending: [UInt8] = []
    /// Total message length so far, in bytes.
    private var byteCount: UInt64 = 0

    /// A hasher with the standard initial state.
    public init() {
        pending.reserveCapacity(64)
    }

    /// Appends `count` bytes starting at `bytes` to the message.
    public mutating func update(bytes: UnsafeRawPointer, count: Int) {
        guard count > 0 else { return }
        byteCount &+= UInt64(count)
        var offset = 0
        if !pending.isEmpty {
            let take = min(64 - pending.count, count)
            pending.append(contentsOf: UnsafeRawBufferPointer(start: bytes, count: take))
            offset = take
            if pending.count == 64 {
                pending.withUnsafeBytes { compress(blocks: $0.baseAddress!, count: 1) }
                pending.removeAll(keepingCapacity: true)
            }
        }
        let wholeBlocks = (count - offset) / 64
        if wholeBlocks > 0 {
            compress(blocks: bytes + offset, count: wholeBlocks)
            offset += wholeBlocks * 64
        }
        if offset < count {
            pending.append(contentsOf: UnsafeRawBufferPointer(start: bytes + offset, count: count - offset))
        }
    }

    /// Appends the bytes of `data` to the message.
    public mutating func update<Bytes: ContiguousBytes>(_ data: Bytes) {
        data.withUnsafeBytes { buffer in
            if let base = buffer.baseAddress { update(bytes: base, count: buffer.count) }
        }
    }

    /// Pads the message and returns the 32-byte digest; the hasher should not be used afterwards.
    public mutating func finalize() -> [UInt8] {
        let bitLength = byteCount &* 8
        var tail = pending
        tail.append(0x80)
        while tail.count % 64 != 56 { tail.append(0) }
        for shift in stride(from: 56, through: 0, by: -8) {
            tail.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift)))
        }
        tail.withUnsafeBytes { compress(blocks: $0.baseAddress!, count: tail.count / 64) }
        pending.removeAll()
        var digest: [UInt8] = []
        digest.reserveCapacity(32)
        for word in state {
            digest.append(UInt8(truncatingIfNeeded: word >> 24))
            digest.append(UInt8(truncatingIfNeeded: word >> 16))
            digest.append(UInt8(truncatingIfNeeded: word >> 8))
            digest.append(UInt8(truncatingIfNeeded: word))
        }
        return digest
    }

    /// The digest of `data` as 64 lowercase hexadecimal digits.
    public static func hexDigest<Bytes: ContiguousBytes>(of data: Bytes) -> String {
        var hasher = SHA256()
        hasher.update(data)
        return hex(hasher.finalize())
    }

    /// The digest of the file at `path` as 64 lowercase hexadecimal digits, read in 4 MiB chunks.
    public static func hexDigest(ofFileAt path: String) throws -> String {
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
            if read > 0 { hasher.update(bytes: buffer, count: read) }
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
    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Mixes `count` consecutive 64-byte blocks into the state.
    private mutating func compress(blocks: UnsafeRawPointer, count: Int) {
        var h0 = state[0], h1 = state[1], h2 = state[2], h3 = state[3]
        var h4 = state[4], h5 = state[5], h6 = state[6], h7 = state[7]
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { schedule in
            SHA256.roundConstants.withUnsafeBufferPointer { k in
                for blockIndex in 0..<count {
                    let block = blocks + blockIndex * 64
                    for t in 0..<16 {
                        schedule[t] = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: t * 4, as: UInt32.self))
                    }
                    for t in 16..<64 {
                        let w15 = schedule[t - 15], w2 = schedule[t - 2]
                        let s0 = rotr(w15, 7) ^ rotr(w15, 18) ^ (w15 >> 3)
                        let s1 = rotr(w2, 17) ^ rotr(w2, 19) ^ (w2 >> 10)
                        schedule[t] = schedule[t - 16] &+ s0 &+ schedule[t - 7] &+ s1
                    }
                    var a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7
                    // Eight rounds per pass, renaming the working variables instead of shifting them.
                    var t = 0
                    while t < 64 {
                        sha256Round(a, b, c, &d, e, f, g, &h, k[t] &+ schedule[t])
                        sha256Round(h, a, b, &c, d, e, f, &g, k[t + 1] &+ schedule[t + 1])
                        sha256Round(g, h, a, &b, c, d, e, &f, k[t + 2] &+ schedule[t + 2])
                        sha256Round(f, g, h, &a, b, c, d, &e, k[t + 3] &+ schedule[t + 3])
                        sha256Round(e, f, g, &h, a, b, c, &d, k[t + 4] &+ schedule[t + 4])
                        sha256Round(d, e, f, &g, h, a, b, &c, k[t + 5] &+ schedule[t + 5])
                        sha256Round(c, d, e, &f, g, h, a, &b, k[t + 6] &+ schedule[t + 6])
                        sha256Round(b, c, d, &e, f, g, h, &a, k[t + 7] &+ schedule[t + 7])
                        t += 8
                    }
                    h0 &+= a; h1 &+= b; h2 &+= c; h3 &+= d
                    h4 &+= e; h5 &+= f; h6 &+= g; h7 &+= h
                }
            }
        }
        state = [h0, h1, h2, h3, h4, h5, h6, h7]
    }

    /// The first 32 bits of the fractional parts of the cube roots of the first 64 primes.
    private static let roundConstants: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]
}

/// One compression round: `d` and `h` are updated; the caller renames the variables so
/// that the new `h` becomes the next round's `a` and the new `d` its `e`.
@inline(__always)
private func sha256Round(
    _ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: inout UInt32,
    _ e: UInt32, _ f: UInt32, _ g: UInt32, _ h: inout UInt32, _ constantPlusWord: UInt32
) {
    let t1 = h &+ (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) &+ ((e & f) ^ (~e & g)) &+ constantPlusWord
    let t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) &+ ((a & b) ^ (a & c) ^ (b & c))
    d = d &+ t1
    h = t1 &+ t2
}

@inline(__always)
private func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 {
    (x >> n) | (x << (32 - n))
}
