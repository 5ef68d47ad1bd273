import Foundation

/// Documentation shipped in Debian packages: the Python docs' reST sources, the Debian
/// Handbook's HTML pages and the Debian Reference's plain text, as documents.
enum ManualCorpora {
    static let pythonLicence = "PSF-2.0"
    static let handbookLicence = "GPL-2+ or CC-BY-SA-3.0"
    static let referenceLicence = "GPL-2+"

    static let pythonSources = "/usr/share/doc/python3.11/html/_sources"
    static let handbookPages = "/usr/share/doc/debian-handbook/html"
    static let referenceText = "/usr/share/debian-reference"

    // MARK: Python docs

    /// One document per `*.rst.txt` file, the reST kept as is; the id is the path without
    /// the extension (`howto/logging`), the title the first reST heading.
    static func pythonDocs(folder: String) throws -> [CorpusDocument] {
        let root = folder + pythonSources
        guard let walker = FileManager.default.enumerator(atPath: root) else {
            throw CorpusError("no Python docs in \(root)")
        }
        let paths = walker.compactMap { $0 as? String }.filter { $0.hasSuffix(".rst.txt") }.sorted()
        guard !paths.isEmpty else { throw CorpusError("no .rst.txt files in \(root)") }
        return try paths.map { path in
            let text = try readText(root + "/" + path)
            let id = String(path.dropLast(".rst.txt".count))
            return CorpusDocument(id: id, title: restTitle(text) ?? id, text: text,
                                  source: "python3.11-doc: html/_sources/\(path)", licence: pythonLicence)
        }
    }

    /// The first reST section title: a line underlined by one repeated punctuation character
    /// at least as long as the title.
    static func restTitle(_ text: String) -> String? {
        let lines = text.components(separatedBy: "\n")
        for (index, line) in lines.enumerated().dropLast() {
            let title = line.trimmingCharacters(in: .whitespaces)
            guard !title.isEmpty, !isAdornment(title) else { continue }
            let under = lines[index + 1].trimmingCharacters(in: .whitespaces)
            if isAdornment(under), under.count >= title.count { return title }
        }
        return nil
    }

    private static func isAdornment(_ line: String) -> Bool {
        guard let first = line.first, "=-~*^#+\"'`:.".contains(first), line.count >= 3 else { return false }
        return line.allSatisfy { $0 == first }
    }

    // MARK: Debian Handbook

    /// One document per page of `language` (`en-US`, `fr-FR`), the table of contents
    /// (`index.html`) left out; the id is the file name, shared by the parallel pages.
    static func handbook(folder: String, language: String) throws -> [CorpusDocument] {
        let root = folder + handbookPages + "/" + language
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [])
            .filter { $0.hasSuffix(".html") && $0 != "index.html" }.sorted()
        guard !names.isEmpty else { throw CorpusError("no Debian Handbook pages in \(root)") }
        let converter = HTMLText(skippedIDs: ["banner", "title"], skippedClasses: ["docnav", "toc", "list-of-tables"])
        return try names.map { name in
            let html = try readText(root + "/" + name)
            let title = htmlTitle(html) ?? name
            return CorpusDocument(id: name, title: title, text: converter.text(of: html),
                                  source: "debian-handbook: html/\(language)/\(name)", licence: handbookLicence)
        }
    }

    /// The text of the page's `<title>`, no-break spaces made plain.
    static func htmlTitle(_ html: String) -> String? {
        guard let open = html.range(of: "<title"), let start = html[open.upperBound...].firstIndex(of: ">"),
              let close = html.range(of: "</title>", range: start..<html.endIndex)
        else { return nil }
        let raw = html[html.index(after: start)..<close.lowerBound]
        return HTMLText.decodeEntities(String(raw)).replacingOccurrences(of: "\u{A0}", with: " ")
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    // MARK: Debian Reference

    /// The preface and one document per numbered section (`1.1`, …, `A.3`), each with its
    /// subsections; ids are the section numbers, the same in every language.
    ///
    /// In the text, body headings separate the number from the title with a no-break space
    /// (`1.1.\u{A0}Console basics`, `Chapter\u{A0}1.\u{A0}…`) where the table of contents
    /// uses plain spaces; that tells the body from the contents.
    static func reference(folder: String, language: String) throws -> [CorpusDocument] {
        let path = folder + referenceText + "/debian-reference.\(language).txt.gz"
        let compressed = try RDataFile.readBytes(path)
        let text: String
        do {
            text = String(decoding: try Inflate.decompress(compressed), as: UTF8.self)
        } catch {
            throw CorpusError("\(path): \(error)")
        }
        let lines = text.components(separatedBy: "\n")
        let source = "debian-reference-\(language): debian-reference.\(language).txt.gz"
        guard let firstChapter = lines.firstIndex(where: isChapterHeading) else {
            throw CorpusError("\(path): no chapter heading found")
        }
        var documents: [CorpusDocument] = []
        if let preface = preface(lines[..<firstChapter], language: language) {
            documents.append(CorpusDocument(id: "preface", title: preface.title, text: preface.text, source: source,
                                            licence: referenceLicence))
        }
        var current: (number: String, title: String, lines: [String])?
        func close() {
            guard let section = current else { return }
            documents.append(CorpusDocument(
                id: section.number, title: section.number + " " + section.title,
                text: NovelCorpora.joined(section.lines), source: source, licence: referenceLicence))
            current = nil
        }
        for line in lines[firstChapter...] {
            if let heading = sectionHeading(line) {
                close()
                current = (heading.number, heading.title, [line])
            } else if isChapterHeading(line) {
                close()
            } else {
                current?.lines.append(line)
            }
        }
        close()
        return documents
    }

    /// The preface's title in each language of the Reference.
    static let prefaceTitles = ["en": "Preface", "fr": "Préface"]

    /// The body's preface, which ends where chapter 1 begins: its heading (the last line
    /// equal to the language's preface title), then its text after its own small table of
    /// contents (the plain-space `1. …` entries up to the next blank line).
    static func preface(_ front: ArraySlice<String>, language: String) -> (title: String, text: String)? {
        guard let title = prefaceTitles[language], let heading = front.lastIndex(of: title) else { return nil }
        var start = heading + 1
        if let contents = front[start...].firstIndex(where: { $0.hasPrefix("1. ") }),
           let afterContents = front[contents...].firstIndex(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            start = afterContents + 1
        }
        return (title, NovelCorpora.joined([title, ""] + Array(front[start...])))
    }

    /// `Chapter 1. …`, `Chapitre 1. …`, `Appendix A. …`: a word, a no-break space, a number
    /// or letter and a period, a no-break space.
    static func isChapterHeading(_ line: String) -> Bool {
        let parts = line.split(separator: "\u{A0}", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, parts[0].allSatisfy(\.isLetter), parts[1].hasSuffix(".") else {
            return false
        }
        let label = parts[1].dropLast()
        return !label.isEmpty && label.allSatisfy { $0.isNumber || ($0.isUppercase && label.count == 1) }
    }

    /// `1.1.\u{A0}Title` or `A.2.\u{A0}Title` → ("1.1", "Title"); deeper numbers are not sections.
    static func sectionHeading(_ line: String) -> (number: String, title: String)? {
        guard let space = line.firstIndex(of: "\u{A0}") else { return nil }
        let label = line[..<space]
        let parts = label.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[2].isEmpty, let major = parts.first, !major.isEmpty,
              major.allSatisfy(\.isNumber) || (major.count == 1 && major.allSatisfy(\.isUppercase)),
              !parts[1].isEmpty, parts[1].allSatisfy(\.isNumber)
        else { return nil }
        let title = line[line.index(after: space)...].trimmingCharacters(in: .whitespaces)
        guard !title.isEmpty else { return nil }
        return (parts[0] + "." + parts[1], title)
    }

    private static func readText(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else { throw CorpusError("cannot read \(path)") }
        return String(decoding: data, as: UTF8.self)
    }
}
