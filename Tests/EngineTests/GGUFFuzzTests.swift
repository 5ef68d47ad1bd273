import Foundation
import TestSupport
import Testing
@testable import Engine

/// Feeds random and mutated files to the reader: each must open or throw a `GGUFError`,
/// and an opened file's tensors must lie inside the bytes (every byte is read back).
/// Seeded and count-based: every run tries the same `caseCount` files, whatever the clock.
struct GGUFFuzzTests {
    static let caseCount = 20_000

    static func seedFile() throws -> [UInt8] {
        var writer = try GGUFWriter()
        try writer.set("general.architecture", .string("llama"))
        try writer.set("llama.block_count", .uint32(2))
        try writer.set("f", .float32(0.25))
        try writer.set("d", .float64(1e-9))
        try writer.set("b", .bool(false))
        try writer.set("i64", .int64(-7))
        try writer.set("tokens", .array([.string("<s>"), .string("Ġa"), .string("b")]))
        try writer.set("types", .array([.int32(3), .int32(1), .int32(1)]))
        try writer.set("nested", .array([.array([.uint16(1)]), .array([.uint16(2), .uint16(3)])]))
        try writer.addTensor("token_embd.weight", shape: [32, 3], type: .q8_0, bytes: (0..<102).map { UInt8($0) })
        try writer.addTensor("norm", shape: [4], values: [1, 2, 3, 4])
        try writer.addTensor("w", shape: [2, 2], values: [1, 2, 3, 4], type: .f16)
        return writer.bytes()
    }

    /// Opens `bytes`; returns whether it opened. Any non-GGUF error is a failure.
    @discardableResult
    static func probe(_ bytes: [UInt8]) -> Bool {
        do {
            let file = try GGUFFile(bytes: bytes)
            var checksum = 0
            for tensor in file.tensors {
                let buffer = UnsafeRawBufferPointer(start: tensor.data, count: tensor.byteCount)
                for byte in buffer { checksum &+= Int(byte) }
                #expect(tensor.fileOffset + tensor.byteCount <= bytes.count)
            }
            _ = checksum
            return true
        } catch is GGUFError {
            return false
        } catch {
            Issue.record("unexpected error type: \(error)")
            return false
        }
    }

    static func mutate(_ seed: [UInt8], using rng: inout SplitMix64) -> [UInt8] {
        var bytes = seed
        let edits = Int.random(in: 1...4, using: &rng)
        for _ in 0..<edits {
            guard !bytes.isEmpty else { break }
            let at = Int.random(in: 0..<bytes.count, using: &rng)
            switch Int.random(in: 0..<6, using: &rng) {
            case 0: bytes[at] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &rng)
            case 1: bytes[at] = UInt8.random(in: 0...255, using: &rng)
            case 2: bytes.removeSubrange(at...)
            case 3: bytes.insert(UInt8.random(in: 0...255, using: &rng), at: at)
            case 4: bytes.remove(at: at)
            default:
                // Overwrite 8 bytes with an extreme little-endian value (a count, length or offset).
                let extremes: [UInt64] = [.max, 1 << 63, 1 << 32, 0xFFFF_FFFF, 0, 1, UInt64(bytes.count)]
                let value = extremes[Int.random(in: 0..<extremes.count, using: &rng)]
                for k in 0..<8 where at + k < bytes.count { bytes[at + k] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(k))) }
            }
        }
        return bytes
    }

    @Test func mutatedFilesNeverCrash() throws {
        let seed = try Self.seedFile()
        #expect(Self.probe(seed), "the seed file itself opens")
        var rng = SplitMix64(seed: 0x6775_6766)
        var opened = 0
        for _ in 0..<Self.caseCount where Self.probe(Self.mutate(seed, using: &rng)) {
            opened += 1
        }
        #expect(opened < Self.caseCount, "most mutations are rejected")
    }

    @Test func randomBytesNeverCrash() {
        var rng = SplitMix64(seed: 42)
        for cases in 0..<Self.caseCount {
            let length = Int.random(in: 0...256, using: &rng)
            var bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &rng) }
            // Half the cases start with a valid header so the parser gets past the magic.
            if cases % 2 == 0 {
                let header = GGUFBytes.header(tensors: UInt64.random(in: 0...4, using: &rng),
                                              keys: UInt64.random(in: 0...4, using: &rng)).bytes
                bytes = header + bytes
            }
            Self.probe(bytes)
        }
    }
}
