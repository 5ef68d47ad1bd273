/// Small string operations the language needs without Foundation.
extension String {
    /// Every occurrence of `target` replaced by `replacement` (an empty target changes nothing).
    func replacing(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        return split(separator: target).joined(separator: replacement)
    }

    /// Pieces between occurrences of `separator`, keeping empty pieces (`"a,,b"` gives three).
    func split(separator: String) -> [String] {
        guard !separator.isEmpty else { return map(String.init) }
        var pieces: [String] = []
        var rest = self[...]
        while let found = rest.range(of: separator) {
            pieces.append(String(rest[rest.startIndex..<found.lowerBound]))
            rest = rest[found.upperBound...]
        }
        pieces.append(String(rest))
        return pieces
    }
}

extension Substring {
    /// The first occurrence of `needle`, compared by Unicode scalars.
    func range(of needle: String) -> Range<Index>? {
        let target = Array(needle.unicodeScalars)
        guard let first = target.first else { return nil }
        let scalars = unicodeScalars
        var index = scalars.startIndex
        while index != scalars.endIndex {
            if scalars[index] == first {
                var a = index, b = 0
                while b < target.count, a != scalars.endIndex, scalars[a] == target[b] {
                    a = scalars.index(after: a)
                    b += 1
                }
                if b == target.count { return index..<a }
            }
            index = scalars.index(after: index)
        }
        return nil
    }
}
