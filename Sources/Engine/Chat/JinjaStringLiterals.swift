/// The string literals inside the tags of a Jinja template (`{{ … }}` and `{% … %}`),
/// with their escapes resolved and their offsets in the template.
///
/// Only what a chat template's constant text needs: single- or double-quoted strings
/// with the escapes `\n`, `\t`, `\r`, `\\`, `\'` and `\"` (any other escaped character
/// stands for itself). Text outside tags is output, not code, and is skipped.
enum JinjaStringLiterals {
    /// A literal's text and the offset (in Unicode scalars) of its opening quote.
    struct Literal: Equatable {
        var text: String
        var offset: Int
    }

    /// Every literal in the template, in order of appearance.
    static func literals(in template: String) -> [Literal] {
        let scalars = Array(template.unicodeScalars)
        var literals: [Literal] = []
        var index = 0
        var inTag = false
        while index < scalars.count {
            let scalar = scalars[index]
            let next = index + 1 < scalars.count ? scalars[index + 1] : nil
            if !inTag {
                if scalar == "{", next == "{" || next == "%" { inTag = true; index += 2 } else { index += 1 }
                continue
            }
            if scalar == "}" || scalar == "%", next == "}" {
                inTag = false
                index += 2
            } else if scalar == "'" || scalar == "\"" {
                let (text, end) = readLiteral(scalars, from: index)
                literals.append(Literal(text: text, offset: index))
                index = end
            } else {
                index += 1
            }
        }
        return literals
    }

    /// Reads the literal whose opening quote is at `start`; returns its text and the
    /// index after the closing quote (or the end of the template if unterminated).
    private static func readLiteral(_ scalars: [Unicode.Scalar], from start: Int) -> (String, Int) {
        let quote = scalars[start]
        var text = String.UnicodeScalarView()
        var index = start + 1
        while index < scalars.count, scalars[index] != quote {
            if scalars[index] == "\\", index + 1 < scalars.count {
                index += 1
                switch scalars[index] {
                case "n": text.append("\n")
                case "t": text.append("\t")
                case "r": text.append("\r")
                default: text.append(scalars[index])
                }
            } else {
                text.append(scalars[index])
            }
            index += 1
        }
        return (String(text), min(index + 1, scalars.count))
    }
}
