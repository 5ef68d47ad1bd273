import Engine
import Foundation
import Registry
import Testing
@testable import Runtime

/// The corpora extracted from the real cached Debian packages (`scripts/test` fetches them;
/// a missing one fails with the `guide data fetch` command that fixes it).
@Suite(.serialized) struct CorpusTests {
    static let cache = ModelCache()

    func documents(_ name: String) throws -> [CorpusDocument] {
        let corpus = try #require(CorpusCatalog.corpus(named: name))
        return try CorpusCatalog.documents(of: corpus, cache: Self.cache)
    }

    func count(_ documents: [CorpusDocument], idPrefix: String) -> Int {
        documents.filter { $0.id.hasPrefix(idPrefix + "/") }.count
    }

    @Test func austenHasSixNovelsAnd269Chapters() throws {
        let chapters = try documents("austen")
        #expect(chapters.count == 269)
        let perBook = ["sense-and-sensibility": 50, "pride-and-prejudice": 61, "mansfield-park": 48, "emma": 55,
                       "northanger-abbey": 31, "persuasion": 24]
        for (book, expected) in perBook { #expect(count(chapters, idPrefix: book) == expected, "\(book)") }
        let first = try #require(chapters.first { $0.id == "pride-and-prejudice/1" })
        #expect(first.title == "Pride and Prejudice, chapter 1")
        #expect(first.text.hasPrefix("Chapter 1\n\n\nIt is a truth universally acknowledged"))
        #expect(chapters.allSatisfy { $0.licence == "public domain" && !$0.text.isEmpty })
        // Emma's volumes restart their chapter numbers; the volume headings are not chapter text.
        #expect(!chapters.contains { $0.text.contains("\nVOLUME II") })
    }

    @Test func swiftReaderAgreesWithThePythonExtractorOnJaneAusten() throws {
        let data = try #require(DataRegistry.data(named: "r-cran-janeaustenr"))
        let folder = try Self.cache.cachedPath(of: data) + NovelCorpora.austenPath
        for book in ["prideprejudice", "persuasion"] {
            let swift = try #require(try RDataFile.object(book, inLazyLoadDatabase: folder).strings)
            let python = try runProcess(["python3", pythonExtractor, folder, book])
            #expect(swift.map { ($0 ?? "") + "\n" }.joined() == python, "\(book)")
        }
    }

    @Test func tidytextBooksByChapter() throws {
        let chapters = try documents("tidytext-books")
        #expect(count(chapters, idPrefix: "the-war-of-the-worlds") == 27)
        #expect(count(chapters, idPrefix: "twenty-thousand-leagues-under-the-sea") == 46)
        #expect(count(chapters, idPrefix: "great-expectations") == 59)
        #expect(chapters.count == 132)
        // Part headings end a chapter instead of trailing it.
        #expect(!chapters.contains { $0.text.contains("\nBOOK TWO") || $0.text.contains("\nPART TWO") })
        let pip = try #require(chapters.first { $0.id == "great-expectations/1" })
        #expect(pip.text.contains("Pip"))
    }

    @Test func mobyDickByChapterWithoutTheGutenbergLicence() throws {
        let chapters = try documents("moby-dick")
        #expect(chapters.count == 136)
        #expect(chapters.first?.text.hasPrefix("CHAPTER 1. Loomings.\n\n\nCall me Ishmael.") == true)
        #expect(chapters.last?.text.hasPrefix("Epilogue") == true)
        #expect(!chapters.contains { $0.text.contains("Gutenberg") || $0.text.contains("\r") })
    }

    @Test func novelsMatchTheGoldFile() throws {
        let books = try documents("novels")
        let goldPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("examples/data/books_gold.json").path
        guard case .list(let gold) = try JSON.decode(try FileIO.readText(goldPath)) else {
            Issue.record("books_gold.json is not a list")
            return
        }
        #expect(books.map(\.id) == gold.compactMap { $0.record?["id"]?.string })
        #expect(books.map(\.title) == gold.compactMap { $0.record?["title"]?.string })
        for book in books {
            // Each book starts at its title page, not at a transcriber's or licence note.
            #expect(!book.text.hasPrefix("This etext") && !book.text.contains("Project Gutenberg-tm"), "\(book.id)")
            #expect(book.text.count > 150_000, "\(book.id)")
        }
    }

    @Test func pythonDocsOneDocumentPerSource() throws {
        let docs = try documents("python-docs")
        #expect(docs.count == 497)
        let logging = try #require(docs.first { $0.id == "howto/logging" })
        #expect(logging.title == "Logging HOWTO")
        #expect(logging.source == "python3.11-doc: html/_sources/howto/logging.rst.txt")
        #expect(docs.allSatisfy { $0.licence == "PSF-2.0" })
    }

    @Test func handbookPagesAreParallel() throws {
        let english = try documents("debian-handbook-en")
        let french = try documents("debian-handbook-fr")
        #expect(english.count == 126)
        #expect(english.map(\.id) == french.map(\.id))
        for page in english + french {
            // No markup left (pages that teach HTML or shell may show a tag or an entity in an example).
            #expect(!page.text.contains("class=\"para\"") && !page.text.contains("Download the ebook"), "\(page.id)")
        }
        let apt = try #require(english.first { $0.id == "sect.apt-get.html" })
        #expect(apt.title == "6.2. aptitude, apt-get, and apt Commands")
        #expect(apt.text.hasPrefix("6.2. aptitude, apt-get, and apt Commands\n\nAPT is a vast project"))
        let aptFrench = try #require(french.first { $0.id == "sect.apt-get.html" })
        #expect(aptFrench.title.hasPrefix("6.2.") && aptFrench.title != apt.title)
    }

    @Test func referenceSectionsAreParallel() throws {
        let english = try documents("debian-reference-en")
        let french = try documents("debian-reference-fr")
        #expect(english.count == 90)
        #expect(english.map(\.id) == french.map(\.id))
        #expect(english.first?.id == "preface" && english.first?.title == "Preface")
        #expect(english.first?.text.hasPrefix("Preface\n\nThis Debian Reference (version 2.100)") == true)
        #expect(french.first?.title == "Préface" && french.first?.text.contains("Table des matières") == false)
        let console = try #require(english.first { $0.id == "1.1" })
        #expect(console.title == "1.1 Console basics")
        #expect(console.text.contains("1.1.1.\u{A0}The shell prompt"))
        #expect(french.first { $0.id == "1.1" }?.title == "1.1 Bases pour la console")
        #expect(english.last?.id == "A.3")
    }

    @Test func builtinFetchesNothingWhenCachedAndNamesUnknownCorpora() throws {
        let runner = ScriptRunner()
        #expect(try runner.evaluate(#"len(corpus("austen"))"#) == 269)
        #expect(try runner.evaluate(#"keys(corpus("moby-dick")[0])"#)
                == .list(["id", "title", "text", "source", "licence"].map { .string($0) }))
        let message = runner.errorMessage(#"corpus("shakespeare")"#)
        #expect(message?.hasPrefix("bad argument #1 to 'corpus'") == true)
        #expect(message?.contains("known: austen, tidytext-books") == true)
    }
}

struct CorpusParsingTests {
    @Test func htmlToText() {
        let html = """
            <html><head><title>T</title><style>p{}</style></head><body><div id="banner">Download</div>
            <ul class="docnav top"><li>Prev</li></ul>
            <p id="title"><a href="x">Product Site</a></p>
            <div class="section"><h2 class="title">1.2. <code>apt</code> &amp; friends</h2>
            <div class="para">A   line
              that wraps, with &lt;tags&gt; and &#233;&#x20AC;.</div>
            <pre>keep   this
              indentation</pre><!-- a comment --><p>Last &unknown; bit</p></div></body></html>
            """
        let text = HTMLText(skippedIDs: ["banner", "title"], skippedClasses: ["docnav"]).text(of: html)
        #expect(text == """
            1.2. apt & friends

            A line that wraps, with <tags> and é€.

            keep   this
              indentation

            Last &unknown; bit
            """)
    }

    @Test func referenceHeadings() {
        func heading(_ line: String) -> String? {
            ManualCorpora.sectionHeading(line).map { $0.number + "|" + $0.title }
        }
        #expect(heading("1.1.\u{A0}Console basics") == "1.1|Console basics")
        #expect(heading("A.2.\u{A0}Copyright history") == "A.2|Copyright history")
        #expect(heading("1.1.1.\u{A0}The shell prompt") == nil)
        #expect(heading("1.1. Console basics") == nil)  // the table of contents
        #expect(ManualCorpora.isChapterHeading("Chapitre\u{A0}1.\u{A0}Didacticiels GNU/Linux"))
        #expect(ManualCorpora.isChapterHeading("Appendix\u{A0}A.\u{A0}Appendix"))
        #expect(!ManualCorpora.isChapterHeading("Chapter 1. GNU/Linux tutorials"))
    }

    @Test func restTitles() {
        #expect(ManualCorpora.restTitle("=============\nLogging HOWTO\n=============\n\n:Author: x") == "Logging HOWTO")
        #expect(ManualCorpora.restTitle(".. _x:\n\n:mod:`abc` --- Base\n===================\n") == ":mod:`abc` --- Base")
        #expect(ManualCorpora.restTitle("no heading here\n") == nil)
    }

    @Test func chapterHeadings() {
        for heading in ["Chapter 1", "CHAPTER XII", "CHAPTER ONE", "  Chapter 3"] {
            #expect(NovelCorpora.isChapterHeading(heading), "\(heading)")
        }
        for line in ["chapter the first was long", "Chapters", "In this chapter we"] {
            #expect(!NovelCorpora.isChapterHeading(line), "\(line)")
        }
        #expect(NovelCorpora.isPartHeading("BOOK ONE") && NovelCorpora.isPartHeading("VOLUME II"))
        #expect(!NovelCorpora.isPartHeading("BOOK reviews"))
    }
}
