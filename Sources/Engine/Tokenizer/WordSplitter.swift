/// Hand-written matchers for the pre-tokenizer regular expressions. Each one scans a
/// range of scalars left to right and tries the alternatives of its expression in
/// order at every position, as the leftmost-first regex would; positions outside the
/// range read as "no character", so lookaheads stop at the range's end.
enum WordSplitter {
    private static let apostrophe: UInt32 = 0x27
    private static let space: UInt32 = 0x20
    private static let carriageReturn: UInt32 = 0x0D
    private static let lineFeed: UInt32 = 0x0A

    /// Cuts `range` into pieces so that every `\p{N}` scalar is a piece of its own and
    /// the runs between them are pieces too.
    static func isolateNumbers(_ text: ScalarText, _ range: Range<Int>) -> [Range<Int>] {
        var pieces: [Range<Int>] = []
        var start = range.lowerBound
        for index in range where text.classes[index].contains(.number) {
            if start < index { pieces.append(start..<index) }
            pieces.append(index..<index + 1)
            start = index + 1
        }
        if start < range.upperBound { pieces.append(start..<range.upperBound) }
        return pieces
    }

    /// The GPT-2 expression:
    /// `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`.
    static func splitGPT2(_ text: ScalarText, _ range: Range<Int>, into words: inout [Range<Int>]) {
        let end = range.upperBound
        var pos = range.lowerBound
        func cls(_ i: Int) -> ScalarText.CharClass { text.charClass(at: i, in: range) }
        func emit(_ upTo: Int) { if pos < upTo { words.append(pos..<upTo) }; pos = upTo }

        while pos < end {
            let scalar = text.scalars[pos]
            // 's|'t|'re|'ve|'m|'ll|'d (lower case only)
            if let length = contractionLength(text, at: pos, in: range, caseInsensitive: false) {
                emit(pos + length)
                continue
            }
            // ` ?` followed by a run of one class
            let leadsWithSpace = scalar == space
            let head = leadsWithSpace ? cls(pos + 1) : cls(pos)
            var cursor = leadsWithSpace ? pos + 1 : pos
            if head.contains(.letter) {                       //  ?\p{L}+
                while cls(cursor).contains(.letter) { cursor += 1 }
                emit(cursor)
                continue
            }
            if head.contains(.number) {                       //  ?\p{N}+
                while cls(cursor).contains(.number) { cursor += 1 }
                emit(cursor)
                continue
            }
            if isOther(head) {                                //  ?[^\s\p{L}\p{N}]+
                while isOther(cls(cursor)) { cursor += 1 }
                emit(cursor)
                continue
            }
            emitWhitespace(text, range, from: &pos, into: &words, breakAtNewline: false)
        }
    }

    /// The Llama 3 expression, and Qwen2's when `maxDigits` is 1:
    /// `(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,maxDigits}|
    /// ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`.
    static func splitLlama3(_ text: ScalarText, _ range: Range<Int>, maxDigits: Int,
                            into words: inout [Range<Int>]) {
        let end = range.upperBound
        var pos = range.lowerBound
        func cls(_ i: Int) -> ScalarText.CharClass { text.charClass(at: i, in: range) }
        func emit(_ upTo: Int) { if pos < upTo { words.append(pos..<upTo) }; pos = upTo }

        while pos < end {
            let scalar = text.scalars[pos]
            let here = text.classes[pos]
            // (?i:'s|'t|'re|'ve|'m|'ll|'d)
            if let length = contractionLength(text, at: pos, in: range, caseInsensitive: true) {
                emit(pos + length)
                continue
            }
            // [^\r\n\p{L}\p{N}]?\p{L}+
            if scalar != carriageReturn, scalar != lineFeed, !here.contains(.number),
               here.contains(.letter) || cls(pos + 1).contains(.letter) {
                var cursor = pos + 1
                while cls(cursor).contains(.letter) { cursor += 1 }
                emit(cursor)
                continue
            }
            // \p{N}{1,maxDigits}
            if here.contains(.number) {
                var cursor = pos
                while cls(cursor).contains(.number) {
                    cursor += 1
                    if cursor - pos >= maxDigits { emit(cursor) }
                }
                emit(cursor)
                continue
            }
            //  ?[^\s\p{L}\p{N}]+[\r\n]*
            let head = scalar == space ? cls(pos + 1) : here
            if !head.contains(.whitespace), !head.contains(.letter), !head.contains(.number) {
                var cursor = scalar == space ? pos + 1 : pos
                while isOther(cls(cursor)) { cursor += 1 }
                while let next = text.scalar(at: cursor, in: range), next == carriageReturn || next == lineFeed {
                    cursor += 1
                }
                emit(cursor)
                continue
            }
            emitWhitespace(text, range, from: &pos, into: &words, breakAtNewline: true)
        }
    }

    /// `\s*[\r\n]+` (when `breakAtNewline`), then `\s+(?!\S)`, then `\s+`; a scalar that
    /// matches none of them becomes a word of its own.
    private static func emitWhitespace(_ text: ScalarText, _ range: Range<Int>, from pos: inout Int,
                                       into words: inout [Range<Int>], breakAtNewline: Bool) {
        var count = 0
        var afterLastNewline: Int?
        while text.charClass(at: pos + count, in: range).contains(.whitespace) {
            let scalar = text.scalars[pos + count]
            if breakAtNewline, scalar == carriageReturn || scalar == lineFeed {
                afterLastNewline = pos + count + 1
            }
            count += 1
        }
        let end: Int
        if let newlineEnd = afterLastNewline {
            end = newlineEnd                                   // \s*[\r\n]+
        } else if count > 1, text.scalar(at: pos + count, in: range) != nil {
            end = pos + count - 1                              // \s+(?!\S)
        } else if count > 0 {
            end = pos + count                                  // \s+
        } else {
            end = pos + 1                                      // no match: one scalar
        }
        words.append(pos..<end)
        pos = end
    }

    /// The length of a contraction (`'s`, `'t`, `'re`, `'ve`, `'m`, `'ll`, `'d`) at `pos`, if any.
    private static func contractionLength(_ text: ScalarText, at pos: Int, in range: Range<Int>,
                                          caseInsensitive: Bool) -> Int? {
        guard text.scalars[pos] == apostrophe, let first = text.scalar(at: pos + 1, in: range) else {
            return nil
        }
        func fold(_ value: UInt32) -> UInt8? {
            guard value < 0x80 else { return nil }
            let byte = UInt8(value)
            return caseInsensitive && (0x41...0x5A).contains(byte) ? byte + 0x20 : byte
        }
        switch fold(first) {
        case UInt8(ascii: "s"), UInt8(ascii: "t"), UInt8(ascii: "m"), UInt8(ascii: "d"):
            return 2
        case let next?:
            guard let second = text.scalar(at: pos + 2, in: range).flatMap(fold) else { return nil }
            switch (next, second) {
            case (UInt8(ascii: "r"), UInt8(ascii: "e")), (UInt8(ascii: "v"), UInt8(ascii: "e")),
                 (UInt8(ascii: "l"), UInt8(ascii: "l")):
                return 3
            default:
                return nil
            }
        case nil:
            return nil
        }
    }

    /// `[^\s\p{L}\p{N}]` for a scalar inside the range.
    @inline(__always)
    private static func isOther(_ cls: ScalarText.CharClass) -> Bool {
        cls.contains(.present) && !cls.contains(.whitespace) && !cls.contains(.letter) && !cls.contains(.number)
    }
}
