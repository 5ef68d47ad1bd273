import Testing
@testable import JupyterKernel

/// The name at a cursor, counted in code points as Jupyter does.
@Suite struct CodeCursorTests {
    @Test func findsTheNameBeforeTheCursor() {
        let cursor = CodeCursor(code: "print(row.do", position: 12)
        #expect(cursor.wordBeforeCursor == "do")
        #expect(cursor.textBeforeWord == "print(row.")
        #expect(cursor.wordStart == 10)
    }

    @Test func countsCodePointsNotBytes() {
        // "é" and "→" are one code point each, several UTF-8 bytes.
        let cursor = CodeCursor(code: "let é = \"→\"; gen", position: 16)
        #expect(cursor.wordBeforeCursor == "gen")
        #expect(cursor.wordStart == 13)
    }

    @Test func inspectionTakesTheWholeName() {
        #expect(CodeCursor(code: "generate(m)", position: 3).wordAroundCursor == "generate")
    }

    @Test func anOutOfRangeCursorIsClamped() {
        #expect(CodeCursor(code: "len", position: 99).wordBeforeCursor == "len")
        #expect(CodeCursor(code: "len", position: -4).wordBeforeCursor == "")
    }
}
