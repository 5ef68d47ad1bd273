/// A text fragment as Unicode scalars with their character classes and UTF-8 offsets,
/// the form the pre-tokenizers scan.
struct ScalarText {
    /// Character class bits used by the split rules.
    struct CharClass: OptionSet {
        let rawValue: UInt8
        /// General category L* (Lu, Ll, Lt, Lm, Lo): `\p{L}`.
        static let letter = CharClass(rawValue: 1)
        /// General category N* (Nd, Nl, No): `\p{N}`.
        static let number = CharClass(rawValue: 2)
        /// The Unicode White_Space property: `\s`.
        static let whitespace = CharClass(rawValue: 4)
        /// Set for every scalar inside the fragment; empty outside it.
        static let present = CharClass(rawValue: 8)
    }

    /// The scalar values, in text order.
    private(set) var scalars: [UInt32] = []
    /// `classes[i]` is the class of `scalars[i]`.
    private(set) var classes: [CharClass] = []
    /// `utf8Offsets[i]` is the byte offset of scalar `i`; one extra entry holds the total length.
    private(set) var utf8Offsets: [Int] = [0]

    /// Decodes `bytes` (valid UTF-8) into scalars and classes.
    init(utf8 bytes: ArraySlice<UInt8>) {
        scalars.reserveCapacity(bytes.count)
        classes.reserveCapacity(bytes.count)
        utf8Offsets.reserveCapacity(bytes.count + 1)
        var offset = 0
        for scalar in String(decoding: bytes, as: UTF8.self).unicodeScalars {
            scalars.append(scalar.value)
            classes.append(Self.charClass(of: scalar))
            offset += UTF8.width(scalar)
            utf8Offsets.append(offset)
        }
    }

    /// The number of scalars.
    var count: Int { scalars.count }

    /// The class of the scalar at `index` within `range`; empty outside it.
    @inline(__always)
    func charClass(at index: Int, in range: Range<Int>) -> CharClass {
        range.contains(index) ? classes[index] : []
    }

    /// The scalar at `index` within `range`, or nil outside it.
    @inline(__always)
    func scalar(at index: Int, in range: Range<Int>) -> UInt32? {
        range.contains(index) ? scalars[index] : nil
    }

    private static let asciiClasses: [CharClass] = (0..<128).map { value in
        charClassFromProperties(Unicode.Scalar(UInt8(value)))
    }

    private static func charClass(of scalar: Unicode.Scalar) -> CharClass {
        scalar.value < 128 ? asciiClasses[Int(scalar.value)] : charClassFromProperties(scalar)
    }

    /// The Unicode version of llama.cpp's category tables (src/unicode-data.cpp): scalars
    /// assigned later are neither letters nor numbers there. With this cut-off the
    /// classes agree with llama.cpp's for every code point.
    private static let tableVersion = (major: 15, minor: 1)

    private static func charClassFromProperties(_ scalar: Unicode.Scalar) -> CharClass {
        var result: CharClass = .present
        let properties = scalar.properties
        if properties.isWhitespace { result.insert(.whitespace) }
        guard let age = properties.age,
              age.major < tableVersion.major || (age.major == tableVersion.major && age.minor <= tableVersion.minor)
        else { return result }
        switch properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
            result.insert(.letter)
        case .decimalNumber, .letterNumber, .otherNumber:
            result.insert(.number)
        default:
            break
        }
        return result
    }
}
