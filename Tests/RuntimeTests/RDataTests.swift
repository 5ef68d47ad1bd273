import Foundation
import Testing
@testable import Runtime

/// Writes R's XDR serialisation, as R's `serialize(x, NULL, xdr = TRUE, version = 3)` lays
/// it out, for fixtures (R itself is not installed).
struct RSerialization {
    private(set) var bytes: [UInt8] = Array("X\n".utf8)
    private var symbols: [String] = []

    init(version: Int32 = 3) {
        int(version)
        int(0x0004_0201)  // written by R 4.2.1
        int(0x0003_0500)  // readable by R 3.5.0
        if version == 3 {
            int(5)
            bytes += Array("UTF-8".utf8)
        }
    }

    mutating func int(_ value: Int32) {
        let bits = UInt32(bitPattern: value)
        bytes += [UInt8(bits >> 24), UInt8(bits >> 16 & 0xFF), UInt8(bits >> 8 & 0xFF), UInt8(bits & 0xFF)]
    }

    mutating func charsxp(_ text: String?, latin1: Bool = false) {
        guard let text else {
            int(9)
            int(-1)
            return
        }
        let encoded: [UInt8] = latin1 ? text.unicodeScalars.map { UInt8($0.value) } : Array(text.utf8)
        int(9 | Int32(latin1 ? 1 << 2 : 1 << 3) << 12)
        int(Int32(encoded.count))
        bytes += encoded
    }

    mutating func symbol(_ name: String) {
        if let index = symbols.firstIndex(of: name) {
            int(255 | Int32(index + 1) << 8)
            return
        }
        symbols.append(name)
        int(1)
        charsxp(name)
    }

    /// A character vector; `names` adds a names attribute.
    mutating func strings(_ values: [String?], attributes: [(String, (inout RSerialization) -> Void)] = []) {
        int(16 | (attributes.isEmpty ? 0 : 1 << 9))
        int(Int32(values.count))
        for value in values { charsxp(value) }
        self.attributes(attributes)
    }

    mutating func integers(_ values: [Int32], attributes: [(String, (inout RSerialization) -> Void)] = []) {
        int(13 | (attributes.isEmpty ? 0 : 1 << 9))
        int(Int32(values.count))
        for value in values { int(value) }
        self.attributes(attributes)
    }

    mutating func list(_ count: Int, attributes: [(String, (inout RSerialization) -> Void)] = [],
                       elements: (inout RSerialization) -> Void) {
        int(19 | (attributes.isEmpty ? 0 : 1 << 9))
        int(Int32(count))
        elements(&self)
        self.attributes(attributes)
    }

    /// A tagged pairlist of (tag, value writer).
    mutating func pairlist(_ cells: [(String, (inout RSerialization) -> Void)]) {
        for (tag, write) in cells {
            int(2 | 1 << 10)
            symbol(tag)
            write(&self)
        }
        int(254)
    }

    private mutating func attributes(_ attributes: [(String, (inout RSerialization) -> Void)]) {
        if !attributes.isEmpty { pairlist(attributes) }
    }
}

/// zlib or gzip compression through Python (the test side's independent compressor).
func compress(_ bytes: [UInt8], gzip: Bool) throws -> [UInt8] {
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let input = directory + "/in", output = directory + "/out"
    try Data(bytes).write(to: URL(fileURLWithPath: input))
    let module = gzip ? "gzip" : "zlib"
    try runProcess(["python3", "-c", "import sys, \(module); open(sys.argv[2], 'wb').write(\(module).compress(open(sys.argv[1], 'rb').read()))",
                    input, output])
    return [UInt8](try Data(contentsOf: URL(fileURLWithPath: output)))
}

/// Runs a program found on PATH and returns its stdout; a non-zero exit throws.
@discardableResult
func runProcess(_ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw CorpusError("\(arguments.prefix(2).joined(separator: " ")) exited with \(process.terminationStatus)")
    }
    return String(decoding: data, as: UTF8.self)
}

/// The repository's `scripts/data/extract_rdata.py`, the Python reader the Swift one is compared with.
let pythonExtractor = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("scripts/data/extract_rdata.py").path

/// A lazy-load database in `folder` with `objects` (name → serialisation), written as R
/// does: a gzip index and zlib entries behind a 4-byte length.
func writeLazyLoadDatabase(_ objects: [(String, [UInt8])], in folder: String) throws {
    var database: [UInt8] = []
    var offsets: [(String, Int32, Int32)] = []
    for (name, serialised) in objects {
        let compressed = try compress(serialised, gzip: false)
        let count = UInt32(serialised.count)
        let record = [UInt8(count >> 24), UInt8(count >> 16 & 0xFF), UInt8(count >> 8 & 0xFF), UInt8(count & 0xFF)] + compressed
        offsets.append((name, Int32(database.count), Int32(record.count)))
        database += record
    }
    var index = RSerialization()
    index.list(3, attributes: [("names", { $0.strings(["variables", "references", "compressed"]) })]) { writer in
        writer.list(offsets.count, attributes: [("names", { w in w.strings(offsets.map(\.0)) })]) { w in
            for (_, offset, length) in offsets { w.integers([offset, length]) }
        }
        writer.list(0) { _ in }
        writer.int(10)  // compressed = TRUE
        writer.int(1)
        writer.int(1)
    }
    try Data(try compress(index.bytes, gzip: true)).write(to: URL(fileURLWithPath: folder + "/Rdata.rdx"))
    try Data(database).write(to: URL(fileURLWithPath: folder + "/Rdata.rdb"))
}

struct RDataTests {
    static let lines: [String?] = ["PRIDE AND PREJUDICE", "", "Chapter 1", "It is a truth universally acknowledged,",
                                   "café, naïve — “quoted”", nil, "Chapter 2", "Mr. Bennet was among the earliest"]

    static func characterVector(_ values: [String?]) -> [UInt8] {
        var writer = RSerialization()
        writer.strings(values)
        return writer.bytes
    }

    @Test func readsACharacterVectorWithNAAndUnicode() throws {
        let object = try RUnserializer.read(Self.characterVector(Self.lines))
        #expect(object.strings == Self.lines)
        #expect(object.kindName == "character vector")
    }

    @Test func readsLatin1StringsAndVersion2Streams() throws {
        var writer = RSerialization(version: 2)
        writer.int(16)
        writer.int(2)
        writer.charsxp("déjà vu", latin1: true)
        writer.charsxp("plain")
        #expect(try RUnserializer.read(writer.bytes).strings == ["déjà vu", "plain"])
    }

    @Test func readsADataFrameWithAFactorColumnAndSharedSymbols() throws {
        var writer = RSerialization()
        writer.list(2, attributes: [
            ("names", { $0.strings(["text", "title"]) }),
            ("class", { $0.strings(["data.frame"]) }),
            ("row.names", { $0.integers([Int32.min, -3]) }),
        ]) { w in
            w.strings(["a", "b", "c"])
            w.integers([2, 1, 2], attributes: [("levels", { $0.strings(["Emma", "Persuasion"]) }),
                                               ("class", { $0.strings(["factor"]) })])
        }
        let frame = try RUnserializer.read(writer.bytes)
        #expect(frame.names == ["text", "title"])
        #expect(frame.element(named: "text")?.strings == ["a", "b", "c"])
        #expect(frame.element(named: "title")?.strings == ["Persuasion", "Emma", "Persuasion"])
        #expect(frame.attributes["class"]?.strings == ["data.frame"])
        #expect(frame.element(named: "absent") == nil)
    }

    @Test func lazyLoadDatabaseAgreesWithThePythonExtractor() throws {
        let folder = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let second: [String?] = ["Call me Ishmael.", "", "Some years ago"]
        try writeLazyLoadDatabase([("book", Self.characterVector(Self.lines)), ("other", Self.characterVector(second))],
                                  in: folder)
        #expect(try RDataFile.objectNames(inLazyLoadDatabase: folder) == ["book", "other"])
        let book = try RDataFile.object("book", inLazyLoadDatabase: folder)
        #expect(book.strings == Self.lines)
        #expect(try RDataFile.object("other", inLazyLoadDatabase: folder).strings == second)
        // The Python reader (NA printed as an empty line) reads the same lines.
        let python = try runProcess(["python3", pythonExtractor, folder, "book"])
        #expect(python == Self.lines.map { ($0 ?? "") + "\n" }.joined())
        do {
            _ = try RDataFile.object("missing", inLazyLoadDatabase: folder)
            Issue.record("a missing object was found")
        } catch {
            #expect("\(error)".contains("has no object `missing` (it has book, other)"))
        }
    }

    @Test func readsAnRDAFile() throws {
        var writer = RSerialization()
        writer.pairlist([("books", { $0.strings(["line one", "line two"]) }), ("n", { $0.integers([7]) })])
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/books.rda"
        try Data(try compress(Array("RDX3\n".utf8) + writer.bytes, gzip: true)).write(to: URL(fileURLWithPath: path))
        let objects = try RDataFile.objects(inRDA: path)
        #expect(objects.map(\.tag) == ["books", "n"])
        #expect(objects[0].value.strings == ["line one", "line two"])
        #expect(objects[1].value.numbers == [7])
    }

    @Test func corruptInputIsAnErrorWithAnOffset() throws {
        let good = Self.characterVector(Self.lines)
        // Every truncation fails cleanly (never a crash), with the offset where it stopped.
        for cut in stride(from: 0, to: good.count, by: 7) {
            #expect(throws: RDataError.self) { try RUnserializer.read(Array(good[..<cut])) }
        }
        #expect(throws: RDataError(message: "not an R serialisation (expected `X\\n`)", offset: 0)) {
            try RUnserializer.read(Array("RDX2\n".utf8))
        }
        var unsupported = RSerialization()
        unsupported.int(3)  // CLOSXP
        #expect(throws: RDataError(message: "unsupported R object type 3", offset: 23)) {
            try RUnserializer.read(unsupported.bytes)
        }
        var huge = RSerialization()
        huge.int(16)
        huge.int(Int32.max)
        #expect(throws: RDataError.self) { try RUnserializer.read(huge.bytes) }
        // Deep nesting is refused rather than overflowing the stack.
        var deep = RSerialization()
        for _ in 0..<10_000 {
            deep.int(19)
            deep.int(1)
        }
        deep.int(254)
        #expect(throws: RDataError.self) { try RUnserializer.read(deep.bytes) }
    }

    @Test func inflateRejectsGarbageAndTruncation() throws {
        let original = Array(String(repeating: "It is a truth universally acknowledged. ", count: 500).utf8)
        let gz = try compress(original, gzip: true)
        let z = try compress(original, gzip: false)
        #expect(try Inflate.decompress(gz) == original)
        #expect(try Inflate.decompress(z) == original)
        #expect(try Inflate.decompress(gz + gz) == original + original)
        #expect(throws: Inflate.Failure.self) { try Inflate.decompress(Array(gz.prefix(gz.count / 2))) }
        #expect(throws: Inflate.Failure.self) { try Inflate.decompress(Array("not compressed".utf8)) }
        #expect(throws: Inflate.Failure.self) { try Inflate.decompress([]) }
    }
}
