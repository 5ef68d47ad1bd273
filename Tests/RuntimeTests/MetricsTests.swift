import Testing
@testable import Runtime

@Suite struct MetricsTests {
    @Test(arguments: [
        ("Le chat est sur la table et il dort dans le salon.", "fr"),
        ("Ce texte raconte l'histoire d'une famille qui vivait près de la mer.", "fr"),
        ("The cat is on the table and it sleeps in the living room.", "en"),
        ("It was the best of times, it was the worst of times.", "en"),
        ("Der Hund ist nicht mit der Katze auf dem Sofa.", "de"),
        ("El perro y el gato están en la casa con sus amigos.", "es"),
        ("12345 !!", "und"),
        ("", "und"),
    ])
    func guessesTheLanguage(_ text: String, expected: String) {
        #expect(LanguageGuess.language(of: text) == expected)
    }

    @Test func isLanguageComparesCodes() {
        #expect(LanguageGuess.isLanguage("Il était une fois une petite fille.", "FR"))
        #expect(!LanguageGuess.isLanguage("Once upon a time there was a girl.", "fr"))
    }

    @Test func jaccardOfWordSets() {
        #expect(TextMetrics.jaccard("a b c", "b c d") == 0.5)
        #expect(TextMetrics.jaccard("", "") == 1)
        #expect(TextMetrics.jaccard("The cat", "the CAT") == 1)
        #expect(TextMetrics.jaccard("x", "y") == 0)
    }
}
