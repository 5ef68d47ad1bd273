import Foundation

// R's serialisation format (XDR, versions 2 and 3), as R packages store their data sets.
//
// A stream starts `X\n`, then three big-endian int32 (format version, writer version,
// minimal reader version) and, in version 3, the native encoding's name (int32 length and
// bytes). Each item starts with an int32 of flags: bits 0–7 the type, bit 8 "is object",
// bit 9 "has attributes", bit 10 "has tag", bits 12–27 the "levels" (for strings, their
// encoding). Vectors give their length and elements, then their attributes (a pairlist).
// A pairlist cell gives its attributes, tag, head and tail, in that order. Symbols go into
// a reference table that later REFSXP items (type 255) index, 1-based, in `flags >> 8`.

/// A value read from an R serialisation: only the kinds that data sets use.
public indirect enum RObject: Equatable, Sendable {
    /// `NULL` (and the other singletons: environments, missing arguments).
    case null
    /// A symbol (a name).
    case symbol(String)
    /// A character vector; `nil` elements are `NA`.
    case characters([String?], attributes: RAttributes)
    /// An integer vector (also a factor: integer codes with `levels`); `Int32.min` is `NA`.
    case integers([Int32], attributes: RAttributes)
    /// A logical vector: 0, 1, or `Int32.min` for `NA`.
    case logicals([Int32], attributes: RAttributes)
    /// A double vector.
    case reals([Double], attributes: RAttributes)
    /// A generic vector (a list, or a data frame with `names`, `class`, `row.names`).
    case list([RObject], attributes: RAttributes)
    /// A pairlist: tagged cells, as attributes and `.rda` files use.
    case pairlist([RPair])

    /// The attributes of a vector (empty for other kinds).
    public var attributes: RAttributes {
        switch self {
        case .characters(_, let a), .integers(_, let a), .logicals(_, let a), .reals(_, let a), .list(_, let a):
            return a
        default:
            return RAttributes()
        }
    }

    /// The `names` attribute, or the tags of a pairlist.
    public var names: [String?] {
        if case .pairlist(let pairs) = self { return pairs.map(\.tag) }
        if case .characters(let names, _)? = attributes["names"] { return names }
        return []
    }

    /// The element called `name` of a named list or pairlist, or nil.
    public func element(named name: String) -> RObject? {
        switch self {
        case .pairlist(let pairs):
            return pairs.first { $0.tag == name }?.value
        case .list(let items, _):
            return names.firstIndex(of: name).flatMap { $0 < items.count ? items[$0] : nil }
        default:
            return nil
        }
    }

    /// The strings of a character vector, or of a factor (its codes mapped to its levels).
    public var strings: [String?]? {
        switch self {
        case .characters(let values, _):
            return values
        case .integers(let codes, let attributes):
            guard case .characters(let levels, _)? = attributes["levels"] else { return nil }
            return codes.map { code in
                code >= 1 && Int(code) <= levels.count ? levels[Int(code) - 1] : nil
            }
        default:
            return nil
        }
    }

    /// The numbers of an integer or double vector, as doubles (`NA` integers become NaN).
    public var numbers: [Double]? {
        switch self {
        case .integers(let values, _): return values.map { $0 == Int32.min ? .nan : Double($0) }
        case .reals(let values, _): return values
        default: return nil
        }
    }

    /// A short name of the kind, for error messages.
    public var kindName: String {
        switch self {
        case .null: return "NULL"
        case .symbol: return "symbol"
        case .characters: return "character vector"
        case .integers: return "integer vector"
        case .logicals: return "logical vector"
        case .reals: return "double vector"
        case .list: return "list"
        case .pairlist: return "pairlist"
        }
    }
}

/// One pairlist cell: an optional tag and a value.
public struct RPair: Equatable, Sendable {
    public var tag: String?
    public var value: RObject

    public init(tag: String?, value: RObject) {
        self.tag = tag
        self.value = value
    }
}

/// The attributes of an R vector, in order.
public struct RAttributes: Equatable, Sendable {
    public var pairs: [RPair] = []

    public init(_ pairs: [RPair] = []) {
        self.pairs = pairs
    }

    /// The attribute called `name`, or nil.
    public subscript(name: String) -> RObject? {
        pairs.first { $0.tag == name }?.value
    }
}

/// Why R data could not be read: the problem and the byte offset in the (decompressed) stream.
public struct RDataError: Error, CustomStringConvertible, Equatable {
    public let message: String
    public let offset: Int

    public var description: String { "R data: \(message) (at byte \(offset))" }
}

/// Reads one object from an XDR R serialisation.
public struct RUnserializer {
    private let bytes: [UInt8]
    private var position = 0
    private var references: [RObject] = []
    private var depth = 0
    /// Deeper nesting than this is taken for a corrupt stream.
    static let maxDepth = 256

    /// Reads the object that `bytes` (starting `X\n`) serialises.
    public static func read(_ bytes: [UInt8]) throws -> RObject {
        var reader = RUnserializer(bytes: bytes)
        try reader.readHeader()
        return try reader.item()
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    private func failure(_ message: String) -> RDataError {
        RDataError(message: message, offset: position)
    }

    private mutating func readHeader() throws {
        guard bytes.count >= 2, bytes[0] == UInt8(ascii: "X"), bytes[1] == 0x0A else {
            if bytes.starts(with: [UInt8(ascii: "A"), 0x0A]) || bytes.starts(with: [UInt8(ascii: "B"), 0x0A]) {
                throw failure("only the XDR (binary, big-endian) serialisation is supported, not ASCII or native")
            }
            throw failure("not an R serialisation (expected `X\\n`)")
        }
        position = 2
        let version = try int32()
        guard version == 2 || version == 3 else { throw failure("unsupported serialisation version \(version)") }
        _ = try int32()  // the writer's R version
        _ = try int32()  // the minimal R version that reads it
        if version == 3 {
            let length = try count()
            try need(length)
            position += length  // the native encoding's name
        }
    }

    private mutating func need(_ count: Int) throws {
        guard count >= 0, count <= bytes.count - position else {
            throw failure("truncated: \(count) more bytes needed, \(bytes.count - position) left")
        }
    }

    private mutating func int32() throws -> Int32 {
        try need(4)
        let value = UInt32(bytes[position]) << 24 | UInt32(bytes[position + 1]) << 16
            | UInt32(bytes[position + 2]) << 8 | UInt32(bytes[position + 3])
        position += 4
        return Int32(bitPattern: value)
    }

    /// A non-negative length; R writes -1 and then two words for lengths of 2^31 or more.
    private mutating func count() throws -> Int {
        let length = try int32()
        var value = Int(length)
        if length == -1 {
            let high = Int(try int32()), low = Int(UInt32(bitPattern: try int32()))
            value = high << 32 | low
        }
        // Every element takes at least one byte, so a longer length is corrupt.
        guard value >= 0, value <= bytes.count - position else { throw failure("impossible length \(value)") }
        return value
    }

    private mutating func item() throws -> RObject {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxDepth else { throw failure("nesting deeper than \(Self.maxDepth)") }
        let flags = try int32()
        let type = flags & 0xFF
        let hasAttributes = flags & (1 << 9) != 0
        switch type {
        case 254, 253, 252, 251, 250, 248, 247, 246, 242, 241:
            // NILVALUE, GLOBALENV, UNBOUNDVALUE, MISSINGARG, BASENAMESPACE, …, EMPTYENV, BASEENV
            return .null
        case 255:  // REFSXP
            var index = Int(flags >> 8)
            if index == 0 { index = Int(try int32()) }
            guard index >= 1, index <= references.count else { throw failure("reference \(index) to nothing") }
            return references[index - 1]
        case 1:  // SYMSXP: a CHARSXP follows
            guard case .characters(let name, _) = try item(), let text = name.first ?? nil else {
                throw failure("a symbol without a name")
            }
            references.append(.symbol(text))
            return .symbol(text)
        case 2:  // LISTSXP
            return .pairlist(try pairlist(firstFlags: flags))
        case 9:  // CHARSXP, returned as a one-element character vector
            return .characters([try charsxp(flags: flags)], attributes: RAttributes())
        case 16:  // STRSXP
            let length = try count()
            try need(length * 4)
            var values: [String?] = []
            values.reserveCapacity(length)
            for _ in 0..<length {
                let elementFlags = try int32()
                guard elementFlags & 0xFF == 9 else { throw failure("a character vector element of type \(elementFlags & 0xFF)") }
                values.append(try charsxp(flags: elementFlags))
            }
            return .characters(values, attributes: try attributes(hasAttributes))
        case 19, 20:  // VECSXP, EXPRSXP
            let length = try count()
            try need(length * 4)
            var values: [RObject] = []
            values.reserveCapacity(length)
            for _ in 0..<length { values.append(try item()) }
            return .list(values, attributes: try attributes(hasAttributes))
        case 10, 13:  // LGLSXP, INTSXP
            let length = try count()
            try need(length * 4)
            var values: [Int32] = []
            values.reserveCapacity(length)
            for _ in 0..<length { values.append(try int32()) }
            let attributes = try attributes(hasAttributes)
            return type == 10 ? .logicals(values, attributes: attributes) : .integers(values, attributes: attributes)
        case 14:  // REALSXP
            let length = try count()
            try need(length * 8)
            var values: [Double] = []
            values.reserveCapacity(length)
            for _ in 0..<length {
                let high = UInt64(UInt32(bitPattern: try int32())), low = UInt64(UInt32(bitPattern: try int32()))
                values.append(Double(bitPattern: high << 32 | low))
            }
            return .reals(values, attributes: try attributes(hasAttributes))
        default:
            position -= 4
            throw failure("unsupported R object type \(type)")
        }
    }

    /// A CHARSXP's text (after its flags); `nil` for `NA`. Latin-1 strings are converted.
    private mutating func charsxp(flags: Int32) throws -> String? {
        let length = try int32()
        if length == -1 { return nil }
        guard length >= 0 else { throw failure("negative string length \(length)") }
        try need(Int(length))
        let slice = bytes[position..<position + Int(length)]
        position += Int(length)
        let isLatin1 = (flags >> 12) & (1 << 2) != 0
        if isLatin1 { return String(slice.map { Character(Unicode.Scalar($0)) }) }
        return String(decoding: slice, as: UTF8.self)
    }

    private mutating func attributes(_ present: Bool) throws -> RAttributes {
        guard present else { return RAttributes() }
        guard case .pairlist(let pairs) = try item() else { throw failure("attributes that are not a pairlist") }
        return RAttributes(pairs)
    }

    /// A pairlist whose first cell's flags were read; the cells are followed iteratively so a
    /// long pairlist does not nest.
    private mutating func pairlist(firstFlags: Int32) throws -> [RPair] {
        var pairs: [RPair] = []
        var flags = firstFlags
        while true {
            if flags & (1 << 9) != 0 { _ = try attributes(true) }
            var tag: String?
            if flags & (1 << 10) != 0 {
                switch try item() {
                case .symbol(let name): tag = name
                case .null: tag = nil
                default: throw failure("a pairlist tag that is not a symbol")
                }
            }
            pairs.append(RPair(tag: tag, value: try item()))
            let next = try int32()
            switch next & 0xFF {
            case 2: flags = next
            case 254: return pairs
            default:
                position -= 4
                guard case .pairlist(let rest) = try item() else { throw failure("a pairlist tail that is not a pairlist") }
                return pairs + rest
            }
        }
    }
}

/// R's data files: lazy-load databases (`Rdata.rdx` + `Rdata.rdb`) and `.rda` files.
public enum RDataFile {
    /// The names of the objects in the lazy-load database in `folder` (`Rdata.rdx`, `Rdata.rdb`).
    public static func objectNames(inLazyLoadDatabase folder: String) throws -> [String] {
        try index(folder).names.compactMap { $0 }
    }

    /// The object `name` of the lazy-load database in `folder`.
    ///
    /// The index `Rdata.rdx` (gzip) serialises a list whose `variables` element maps each
    /// name to an (offset, length) pair into `Rdata.rdb`; there each entry is a 4-byte
    /// big-endian uncompressed length and a zlib stream of another serialisation.
    public static func object(_ name: String, inLazyLoadDatabase folder: String) throws -> RObject {
        let variables = try index(folder)
        guard let entry = variables.element(named: name)?.numbers, entry.count == 2,
              let offset = Int(exactly: entry[0]), let length = Int(exactly: entry[1]), offset >= 0, length > 4
        else {
            let known = variables.names.compactMap { $0 }.joined(separator: ", ")
            throw RDataError(message: "\(folder)/Rdata.rdx has no object `\(name)` (it has \(known))", offset: 0)
        }
        let database = try readBytes(folder + "/Rdata.rdb")
        guard offset + length <= database.count else {
            throw RDataError(message: "\(folder)/Rdata.rdb is shorter than its index says", offset: database.count)
        }
        let record = Array(database[offset..<offset + length])
        let payload: [UInt8]
        switch record[4] {
        case UInt8(ascii: "0"): payload = Array(record[5...])
        case UInt8(ascii: "Z"), UInt8(ascii: "2"):
            throw RDataError(message: "`\(name)` is xz- or bzip2-compressed, which is not supported", offset: offset)
        default: payload = try inflate(Array(record[4...]), what: "`\(name)` in \(folder)/Rdata.rdb")
        }
        return try RUnserializer.read(payload)
    }

    /// The named objects saved in an `.rda` file (gzip, then `RDX2\n` or `RDX3\n`, then a
    /// serialised pairlist of the objects).
    public static func objects(inRDA path: String) throws -> [RPair] {
        var bytes = try readBytes(path)
        if bytes.starts(with: [0x1f, 0x8b]) { bytes = try inflate(bytes, what: path) }
        let magic = Array("RDX".utf8)
        guard bytes.count > 5, Array(bytes[0..<3]) == magic, bytes[4] == 0x0A else {
            throw RDataError(message: "\(path) is not a gzip-compressed RDX2/RDX3 file", offset: 0)
        }
        guard case .pairlist(let pairs) = try RUnserializer.read(Array(bytes[5...])) else {
            throw RDataError(message: "\(path) does not hold a pairlist of objects", offset: 5)
        }
        return pairs
    }

    private static func index(_ folder: String) throws -> RObject {
        let path = folder + "/Rdata.rdx"
        let index = try RUnserializer.read(try inflate(try readBytes(path), what: path))
        guard let variables = index.element(named: "variables") else {
            throw RDataError(message: "\(path) has no `variables` element", offset: 0)
        }
        return variables
    }

    private static func inflate(_ bytes: [UInt8], what: String) throws -> [UInt8] {
        do {
            return try Inflate.decompress(bytes)
        } catch {
            throw RDataError(message: "\(what): \(error)", offset: 0)
        }
    }

    static func readBytes(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RDataError(message: "cannot read \(path)", offset: 0)
        }
        return [UInt8](data)
    }
}
