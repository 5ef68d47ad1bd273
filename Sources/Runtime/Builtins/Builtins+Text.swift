import GuideLang

/// Text builtins (§7): `chunk(m, text, tokens: 500)` cuts a text into pieces of at most
/// that many of the model's tokens (each piece decoded from its tokens, so pieces joined
/// give the text back); `insert(text, needle, depth: 0.5)` puts a needle at the first
/// sentence boundary at or after that fraction of the text.
extension RuntimeHost {
    var textBuiltins: [Builtin] {
        [
            Builtin("chunk", [.required("model"), .required("text"), .optional("tokens", 500)]) { args in
                let model = try Self.model(args)
                let text = try args.string("text")
                let size = try args.int("tokens")
                guard size > 0 else { throw args.error("tokens", "expected a chunk size ≥ 1, got \(size)") }
                let tokenizer = model.loaded.model.tokenizer
                let ids = tokenizer.encode(text)
                return .list(stride(from: 0, to: ids.count, by: size).map { start in
                    .string(tokenizer.decode(Array(ids[start..<min(start + size, ids.count)])))
                })
            },
            Builtin("insert", [.required("text"), .required("needle"), .optional("depth", 0.5)]) { args in
                let text = try args.string("text")
                let needle = try args.string("needle")
                let depth = try args.number("depth")
                guard (0...1).contains(depth) else { throw args.error("depth", "expected a fraction in 0...1") }
                return .string(TextInsertion.insert(needle, into: text, depth: depth))
            },
        ]
    }
}

/// Where `insert` puts a needle.
enum TextInsertion {
    /// `needle` placed at the first sentence boundary (after `.`, `!`, `?` followed by
    /// whitespace, or at a line break) at or after `depth` × the text's length in characters;
    /// at the very start for depth 0 and at the end when no boundary follows.
    static func insert(_ needle: String, into text: String, depth: Double) -> String {
        let characters = Array(text)
        let target = Int((Double(characters.count) * depth).rounded(.down))
        guard target > 0 else { return needle + (text.isEmpty ? "" : " ") + text }
        var index = target
        while index < characters.count {
            let previous = characters[index - 1]
            if previous == "\n" || (".!?".contains(previous) && characters[index].isWhitespace) { break }
            index += 1
        }
        guard index < characters.count else { return text + (text.isEmpty ? "" : " ") + needle }
        let before = String(characters[..<index])
        var after = String(characters[index...])
        if after.first == " " { after.removeFirst() }
        return before + (before.hasSuffix("\n") ? "" : " ") + needle + " " + after
    }
}
