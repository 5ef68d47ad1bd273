/// Places the spans of chat messages inside the conversation a chat template renders.
///
/// The template renders the conversation with a placeholder for each message's content;
/// the text around the placeholders is the template's own (special tokens parsed), and
/// each message's tagged content replaces its placeholder as plain pieces (special-token
/// syntax in user text stays text). Tags thus survive the template and land on the
/// message's own tokens.
public enum ChatPieces {
    /// The pieces of a conversation with message contents `contents` (tagged text).
    /// `render` formats a conversation whose contents are the given strings in the same
    /// order and roles. Tag errors name the message and the line:column inside it.
    public static func pieces(contents: [String],
                              render: (_ contents: [String]) throws -> String) throws -> [PromptPiece] {
        let placeholders = contents.indices.map { "\u{F8FF}message \($0)\u{F8FF}" }
        let rendered = try render(placeholders)
        var pieces: [PromptPiece] = []
        var cursor = rendered.startIndex
        for (index, placeholder) in placeholders.enumerated() {
            let occurrences = rendered.ranges(of: placeholder)
            guard occurrences.count == 1, let found = occurrences.first, found.lowerBound >= cursor
            else { throw SpanMappingError.messageNotRendered(index) }
            pieces.append(PromptPiece(String(rendered[cursor..<found.lowerBound]), parseSpecial: true))
            do {
                pieces += try TaggedText(parsing: contents[index]).pieces
            } catch let error as SpanTagError {
                throw SpanMappingError.inMessage(index, error)
            }
            cursor = found.upperBound
        }
        pieces.append(PromptPiece(String(rendered[cursor...]), parseSpecial: true))
        return pieces.filter { !$0.text.isEmpty }
    }
}
