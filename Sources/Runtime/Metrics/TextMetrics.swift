/// Text overlap measures.
public enum TextMetrics {
    /// Jaccard similarity of the two texts' sets of lower-cased words: |A ∩ B| / |A ∪ B|,
    /// 1 when both have no words.
    public static func jaccard(_ a: String, _ b: String) -> Double {
        jaccard(Set(words(a)), Set(words(b)))
    }

    /// Lower-cased runs of letters; apostrophes split French elisions (`l'homme` → `l`, `homme`).
    static func words(_ text: String) -> [String] {
        text.lowercased().split(whereSeparator: { !$0.isLetter }).map(String.init)
    }

    /// Jaccard similarity of two sets, 1 when both are empty.
    public static func jaccard<T: Hashable>(_ a: Set<T>, _ b: Set<T>) -> Double {
        let union = a.union(b).count
        return union == 0 ? 1 : Double(a.intersection(b).count) / Double(union)
    }
}
