import Foundation

/// The public-domain novels shipped as R data in Debian's r-cran-* packages, split into
/// chapters (or kept whole for `novels`).
enum NovelCorpora {
    static let publicDomain = "public domain"

    /// A book of the janeaustenr package: its object name, title and slug.
    struct Book {
        let object: String
        let title: String
        let slug: String
    }

    static let austenBooks = [
        Book(object: "sensesensibility", title: "Sense and Sensibility", slug: "sense-and-sensibility"),
        Book(object: "prideprejudice", title: "Pride and Prejudice", slug: "pride-and-prejudice"),
        Book(object: "mansfieldpark", title: "Mansfield Park", slug: "mansfield-park"),
        Book(object: "emma", title: "Emma", slug: "emma"),
        Book(object: "northangerabbey", title: "Northanger Abbey", slug: "northanger-abbey"),
        Book(object: "persuasion", title: "Persuasion", slug: "persuasion"),
    ]

    /// The tidytext books used here (its Pride and Prejudice is janeaustenr's).
    static let tidytextBooks = [
        Book(object: "The War of the Worlds", title: "The War of the Worlds", slug: "the-war-of-the-worlds"),
        Book(object: "Twenty Thousand Leagues under the Sea", title: "Twenty Thousand Leagues under the Sea",
             slug: "twenty-thousand-leagues-under-the-sea"),
        Book(object: "Great Expectations", title: "Great Expectations", slug: "great-expectations"),
    ]

    static let mobyDick = Book(object: "mobydick", title: "Moby-Dick", slug: "moby-dick")

    static let austenPath = "/usr/lib/R/site-library/janeaustenr/data"
    static let tidytextPath = "/usr/lib/R/site-library/tidytext/extdata/books.rda"
    static let tokenizersPath = "/usr/lib/R/site-library/tokenizers/data"

    // MARK: Corpora

    static func austenChapters(folder: String) throws -> [CorpusDocument] {
        try austenLines(folder: folder).flatMap { book, lines in
            chapters(of: lines, book: book, source: "r-cran-janeaustenr: janeaustenr::\(book.object)")
        }
    }

    static func tidytextChapters(folder: String) throws -> [CorpusDocument] {
        try tidytextLines(folder: folder).flatMap { book, lines in
            chapters(of: lines, book: book, source: "r-cran-tidytext: extdata/books.rda")
        }
    }

    static func mobyDickChapters(folder: String) throws -> [CorpusDocument] {
        let lines = try mobyDickLines(folder: folder)
        let body = Array(lines.drop { !$0.hasPrefix("CHAPTER 1.") })
        return chapters(of: body, book: mobyDick, source: "r-cran-tokenizers: tokenizers::mobydick",
                        isHeading: { $0.hasPrefix("CHAPTER ") || $0 == "Epilogue" })
    }

    /// One document per book, from its title page to its end (Gutenberg header and licence removed).
    static func wholeBooks(folders: [String: String]) throws -> [CorpusDocument] {
        var books: [(Book, [String], String)] = []
        for (book, lines) in try austenLines(folder: folders["r-cran-janeaustenr"] ?? "") {
            books.append((book, lines, "r-cran-janeaustenr: janeaustenr::\(book.object)"))
        }
        for (book, lines) in try tidytextLines(folder: folders["r-cran-tidytext"] ?? "") {
            // Twenty Thousand Leagues opens with a transcriber's note before its title.
            let fromTitle = lines.firstIndex { $0.uppercased() == book.title.uppercased() } ?? 0
            books.append((book, Array(lines[fromTitle...]), "r-cran-tidytext: extdata/books.rda"))
        }
        let moby = try mobyDickLines(folder: folders["r-cran-tokenizers"] ?? "")
        let mobyTitle = moby.firstIndex { $0.hasPrefix("MOBY DICK; OR THE WHALE") } ?? 0
        books.append((mobyDick, Array(moby[mobyTitle...]), "r-cran-tokenizers: tokenizers::mobydick"))
        return books.map { book, lines, source in
            CorpusDocument(id: book.slug, title: book.title, text: joined(lines), source: source, licence: publicDomain)
        }
    }

    // MARK: Reading the R data

    private static func austenLines(folder: String) throws -> [(Book, [String])] {
        try austenBooks.map { book in
            let object = try RDataFile.object(book.object, inLazyLoadDatabase: folder + austenPath)
            guard let lines = object.strings else {
                throw CorpusError("janeaustenr::\(book.object) is a \(object.kindName), expected a character vector")
            }
            return (book, lines.map { $0 ?? "" })
        }
    }

    private static func tidytextLines(folder: String) throws -> [(Book, [String])] {
        let path = folder + tidytextPath
        let objects = try RDataFile.objects(inRDA: path)
        guard let frame = objects.first(where: { $0.tag == "books" })?.value else {
            throw CorpusError("\(path) has no `books` object")
        }
        guard let texts = frame.element(named: "text")?.strings, let titles = frame.element(named: "title")?.strings,
              texts.count == titles.count
        else {
            throw CorpusError("\(path): `books` is not a data frame with `text` and `title` columns")
        }
        var linesByTitle: [String: [String]] = [:]
        for (title, text) in zip(titles, texts) {
            linesByTitle[title ?? "", default: []].append(text ?? "")
        }
        return try tidytextBooks.map { book in
            guard let lines = linesByTitle[book.object] else {
                throw CorpusError("\(path) has no book titled \"\(book.object)\"")
            }
            return (book, lines)
        }
    }

    /// Moby-Dick's lines without the Project Gutenberg header and licence.
    private static func mobyDickLines(folder: String) throws -> [String] {
        let object = try RDataFile.object("mobydick", inLazyLoadDatabase: folder + tokenizersPath)
        guard let text = object.strings?.first ?? nil else {
            throw CorpusError("tokenizers::mobydick is a \(object.kindName), expected one string")
        }
        var lines = text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n")
        if let start = lines.firstIndex(where: { $0.hasPrefix("*** START OF") }) { lines.removeSubrange(...start) }
        if let end = lines.firstIndex(where: { $0.hasPrefix("End of Project Gutenberg") || $0.hasPrefix("*** END OF") }) {
            lines.removeSubrange(end...)
        }
        return lines
    }

    // MARK: Splitting

    /// Whether `line` opens a chapter: `Chapter 12`, `CHAPTER XII`, `CHAPTER ONE`.
    static func isChapterHeading(_ line: String) -> Bool {
        let words = line.trimmingCharacters(in: .whitespaces).split(separator: " ", maxSplits: 1)
        guard words.count == 2, words[0].lowercased() == "chapter" else { return false }
        return words[1].first.map { $0.isNumber || $0.isUppercase } ?? false
    }

    /// Whether `line` opens a part of a book (`BOOK ONE`, `PART TWO`, `VOLUME II`): it ends a chapter.
    static func isPartHeading(_ line: String) -> Bool {
        let words = line.split(separator: " ")
        return words.count == 2 && ["BOOK", "PART", "VOLUME"].contains(String(words[0]))
            && words[1].allSatisfy { $0.isUppercase || $0.isNumber }
    }

    /// The chapters of `lines`: each from its heading to the next heading or part heading;
    /// text before the first heading (the title page) is left out.
    static func chapters(of lines: [String], book: Book, source: String,
                         isHeading: (String) -> Bool = NovelCorpora.isChapterHeading) -> [CorpusDocument] {
        var documents: [CorpusDocument] = []
        var current: [String]?
        func close() {
            guard let chapter = current else { return }
            let number = documents.count + 1
            documents.append(CorpusDocument(
                id: "\(book.slug)/\(number)", title: "\(book.title), chapter \(number)", text: joined(chapter),
                source: source, licence: publicDomain))
            current = nil
        }
        for line in lines {
            if isHeading(line) {
                close()
                current = [line]
            } else if isPartHeading(line) {
                close()
            } else {
                current?.append(line)
            }
        }
        close()
        return documents
    }

    /// Lines joined with newlines, without leading or trailing blank lines.
    static func joined(_ lines: [String]) -> String {
        lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
