import ArgumentParser
import Engine
import Registry

/// `guide tokenize -p TEXT [--model NAME|PATH] [--special]`: the model's token ids for a
/// text, one line per token with its vocabulary piece and the text it stands for.
struct TokenizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenize",
        abstract: "Print the token ids and pieces of a text.",
        discussion: "Reads only the model's tokenizer metadata; no weights are loaded.")

    @Option(name: .shortAndLong, help: "The text to tokenize.")
    var prompt: String

    @Option(name: .long, help: "A known model name or a path to a .gguf file (default: $GUIDE_MODEL, else the default model).")
    var model: String?

    @Flag(name: .long, help: "Parse special-token text such as <|im_start|> as control tokens.")
    var special = false

    func run() throws {
        let cache = ModelCache()
        let path = try ModelFetcher(cache: cache).ensureAvailable(cache.resolve(model))
        let tokenizer = try Tokenizer(gguf: GGUFFile(path: path))
        let ids = tokenizer.encode(prompt, parseSpecial: special)
        print(Self.listing(ids, tokenizer: tokenizer), terminator: "")
    }

    /// The printed form: a count, the id list, then `id  piece  "text"` per token; a token
    /// holding part of a character shows its bytes in hex instead of text.
    static func listing(_ ids: [Int], tokenizer: Tokenizer) -> String {
        var text = "\(ids.count) tokens\n\(ids.map(String.init).joined(separator: " "))\n"
        let idWidth = ids.map { String($0).count }.max() ?? 0
        let pieces = ids.map { tokenizer.piece($0) }
        let pieceWidth = pieces.map(\.count).max() ?? 0
        for (id, piece) in zip(ids, pieces) {
            let idText = String(repeating: " ", count: idWidth - String(id).count) + String(id)
            let padded = piece + String(repeating: " ", count: pieceWidth - piece.count)
            let bytes = tokenizer.bytes(id, renderSpecial: true)
            let rendered = String(validating: bytes, as: UTF8.self)?.debugDescription
                ?? "<" + bytes.map { String($0, radix: 16, uppercase: true) }.joined(separator: " ") + ">"
            text += "\(idText)  \(padded)  \(rendered)\n"
        }
        return text
    }
}
