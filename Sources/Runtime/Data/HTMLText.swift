import Foundation

/// Plain text from an HTML page, enough for generated documentation (DocBook/Publican).
///
/// Block elements (paragraphs, headings, list items, table rows…) become paragraphs
/// separated by a blank line; inline whitespace collapses to one space except inside `<pre>`;
/// character references are decoded. Whole elements are dropped: `<head>`, `<script>`,
/// `<style>`, and any element whose `id` is in `skippedIDs` or one of whose classes is in
/// `skippedClasses` (navigation bars, banners, tables of contents).
struct HTMLText {
    /// `id` values whose elements are dropped with their content.
    var skippedIDs: Set<String> = []
    /// `class` names whose elements are dropped with their content.
    var skippedClasses: Set<String> = []

    private static let droppedTags: Set<String> = ["head", "script", "style", "title"]
    private static let voidTags: Set<String> = ["br", "img", "meta", "link", "hr", "input", "col", "area", "base", "wbr"]
    private static let blockTags: Set<String> = [
        "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "pre", "table",
        "tr", "blockquote", "section", "br", "hr", "body", "figure", "figcaption", "caption", "tbody", "thead",
    ]

    /// The text of `html`.
    func text(of html: String) -> String {
        var scanner = TagScanner(bytes: Array(html.utf8))
        var output = TextBuilder()
        // The element being dropped, with how many of its kind are open inside it.
        var dropping: (tag: String, depth: Int)?
        var preDepth = 0
        while let token = scanner.next() {
            switch token {
            case .text(let raw):
                guard dropping == nil else { continue }
                output.append(Self.decodeEntities(raw), preformatted: preDepth > 0)
            case .open(let tag, let attributes, let selfClosing):
                let isVoid = selfClosing || Self.voidTags.contains(tag)
                if let current = dropping {
                    if tag == current.tag, !isVoid { dropping = (tag, current.depth + 1) }
                    continue
                }
                let classes = Set(attributes["class"]?.split(separator: " ").map(String.init) ?? [])
                let isSkipped = attributes["id"].map(skippedIDs.contains) == true || !classes.isDisjoint(with: skippedClasses)
                if Self.droppedTags.contains(tag) || isSkipped {
                    if !isVoid { dropping = (tag, 1) }
                    continue
                }
                if tag == "pre", !isVoid { preDepth += 1 }
                if Self.blockTags.contains(tag) { output.breakParagraph() }
                if tag == "td" || tag == "th" { output.append(" ", preformatted: false) }
            case .close(let tag):
                if let current = dropping {
                    if tag == current.tag { dropping = current.depth == 1 ? nil : (tag, current.depth - 1) }
                    continue
                }
                if tag == "pre" { preDepth = max(0, preDepth - 1) }
                if Self.blockTags.contains(tag) { output.breakParagraph() }
            }
        }
        return output.finish()
    }

    // MARK: Tokens

    private enum Token {
        case text(String)
        case open(tag: String, attributes: [String: String], selfClosing: Bool)
        case close(tag: String)
    }

    private struct TagScanner {
        let bytes: [UInt8]
        var index = 0

        mutating func next() -> Token? {
            while index < bytes.count {
                if bytes[index] != UInt8(ascii: "<") {
                    let start = index
                    while index < bytes.count, bytes[index] != UInt8(ascii: "<") { index += 1 }
                    return .text(String(decoding: bytes[start..<index], as: UTF8.self))
                }
                if starts(with: "<!--") {
                    index = position(of: "-->", from: index + 4).map { $0 + 3 } ?? bytes.count
                    continue
                }
                guard index + 1 < bytes.count else { index += 1; return .text("<") }
                let next = bytes[index + 1]
                if next == UInt8(ascii: "!") || next == UInt8(ascii: "?") {
                    index = position(of: ">", from: index).map { $0 + 1 } ?? bytes.count
                    continue
                }
                let isClose = next == UInt8(ascii: "/")
                let nameStart = index + (isClose ? 2 : 1)
                var nameEnd = nameStart
                while nameEnd < bytes.count, Self.isNameByte(bytes[nameEnd]) { nameEnd += 1 }
                guard nameEnd > nameStart else { index += 1; return .text("<") }
                let tag = String(decoding: bytes[nameStart..<nameEnd], as: UTF8.self).lowercased()
                let end = tagEnd(from: nameEnd)
                let inside = String(decoding: bytes[nameEnd..<max(nameEnd, end)], as: UTF8.self)
                index = min(bytes.count, end + 1)
                if isClose { return .close(tag: tag) }
                return .open(tag: tag, attributes: Self.attributes(inside), selfClosing: inside.hasSuffix("/"))
            }
            return nil
        }

        /// The index of the `>` closing a tag, skipping quoted attribute values.
        private func tagEnd(from start: Int) -> Int {
            var i = start
            var quote: UInt8?
            while i < bytes.count {
                let byte = bytes[i]
                if let q = quote {
                    if byte == q { quote = nil }
                } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                    quote = byte
                } else if byte == UInt8(ascii: ">") {
                    return i
                }
                i += 1
            }
            return bytes.count
        }

        private func starts(with text: String) -> Bool {
            let pattern = Array(text.utf8)
            return index + pattern.count <= bytes.count && Array(bytes[index..<index + pattern.count]) == pattern
        }

        private func position(of text: String, from start: Int) -> Int? {
            let pattern = Array(text.utf8)
            guard pattern.count <= bytes.count else { return nil }
            var i = start
            while i + pattern.count <= bytes.count {
                if bytes[i] == pattern[0], Array(bytes[i..<i + pattern.count]) == pattern { return i }
                i += 1
            }
            return nil
        }

        private static func isNameByte(_ byte: UInt8) -> Bool {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: ":")
                || byte == UInt8(ascii: "-")
        }

        /// `name="value"` pairs of a tag's inside (only quoted values are needed here).
        private static func attributes(_ inside: String) -> [String: String] {
            var result: [String: String] = [:]
            var rest = Substring(inside)
            while let equals = rest.firstIndex(of: "=") {
                let name = rest[..<equals].split(whereSeparator: \.isWhitespace).last.map { String($0).lowercased() } ?? ""
                var value = rest[rest.index(after: equals)...].drop { $0.isWhitespace }
                guard let quote = value.first, quote == "\"" || quote == "'" else { rest = value; continue }
                value = value.dropFirst()
                guard let close = value.firstIndex(of: quote) else { break }
                result[name] = String(value[..<close])
                rest = value[value.index(after: close)...]
            }
            return result
        }
    }

    // MARK: Output

    private struct TextBuilder {
        private var text = ""
        private var pendingSpace = false
        private var pendingBreak = false

        mutating func append(_ piece: String, preformatted: Bool) {
            if preformatted {
                flush()
                text += piece
                return
            }
            for character in piece {
                if character.isWhitespace {
                    pendingSpace = true
                } else {
                    flush()
                    text.append(character)
                }
            }
        }

        mutating func breakParagraph() {
            pendingBreak = true
        }

        private mutating func flush() {
            if pendingBreak {
                if !text.isEmpty {
                    while text.last == " " || text.last == "\n" { text.removeLast() }
                    text += "\n\n"
                }
            } else if pendingSpace, let last = text.last, !last.isWhitespace {
                text += " "
            }
            pendingBreak = false
            pendingSpace = false
        }

        func finish() -> String {
            text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    // MARK: Character references

    private static let namedEntities: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ", "mdash": "—", "ndash": "–",
        "hellip": "…", "laquo": "«", "raquo": "»", "lsquo": "‘", "rsquo": "’", "ldquo": "“", "rdquo": "”",
        "copy": "©", "reg": "®", "trade": "™", "eacute": "é", "egrave": "è", "agrave": "à", "ccedil": "ç",
        "ecirc": "ê", "ocirc": "ô", "icirc": "î", "ucirc": "û", "acirc": "â", "euml": "ë", "iuml": "ï",
        "Eacute": "É", "times": "×", "middot": "·", "deg": "°", "shy": "",
    ]

    /// `text` with `&name;`, `&#NNN;` and `&#xHH;` replaced; unknown references are kept.
    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var result = ""
        var rest = Substring(text)
        while let ampersand = rest.firstIndex(of: "&") {
            result += rest[..<ampersand]
            let afterAmpersand = rest.index(after: ampersand)
            guard let semicolon = rest[afterAmpersand...].prefix(12).firstIndex(of: ";") else {
                result += "&"
                rest = rest[afterAmpersand...]
                continue
            }
            let name = rest[afterAmpersand..<semicolon]
            var replacement: String?
            if name.hasPrefix("#x") || name.hasPrefix("#X") {
                replacement = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String($0) }
            } else if name.hasPrefix("#") {
                replacement = UInt32(name.dropFirst()).flatMap(Unicode.Scalar.init).map { String($0) }
            } else {
                replacement = namedEntities[String(name)]
            }
            if let replacement {
                result += replacement
                rest = rest[rest.index(after: semicolon)...]
            } else {
                result += "&"
                rest = rest[afterAmpersand...]
            }
        }
        return result + rest
    }
}
