import ArgumentParser
import Engine
import Foundation
import Runtime

/// `guide influence -p TEXT`: how far the `<?->` span's influence reaches, per layer and token.
struct InfluenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "influence",
        abstract: "Measure the Influence (or Attention Rollout) of the <?-> span on every token, layer by layer.",
        discussion: """
            Mark the measured span with <?-> … <-?> and, to steer, GUIDE spans with <!-> … <-!> and \
            --delta. Without a <?-> span the GUIDE spans are measured. Row -1 is the span itself.
            """)

    @OptionGroup var source: PromptArguments

    @OptionGroup var guide: GuideScheduleOptions

    @Option(name: .long, help: "influence, rollout, or paper (Influence as the paper's code computes it).")
    var method = "influence"

    @Flag(name: .long, help: "Print JSON (method, layers, tokens, values) instead of a heatmap.")
    var json = false

    func run() throws {
        guard let method = InfluenceMethod(rawValue: method) else {
            throw ValidationError("--method must be 'influence', 'rollout' or 'paper', not '\(self.method)'")
        }
        let model = try source.loadModel()
        let request = try source.request(on: model, schedule: guide.schedule())
        let result = try PromptArguments.translatingErrors { try model.influence(request, method: method) }
        let tokens = model.model.tokenTable(result.prompt)
        if result.prompt.tokenizationDiffers {
            FileHandle.standardError.write(Data(
                "note: spans are tokenized piece by piece, which differs here from tokenizing the whole text\n".utf8))
        }
        if json {
            print(try InfluenceReport(matrix: result.matrix, tokens: tokens).json())
        } else {
            print(InfluenceHeatmap(matrix: result.matrix, tokens: tokens, color: isatty(STDOUT_FILENO) != 0).render())
        }
    }
}

/// The JSON form of an influence matrix: `values[r]` is the row of `layers[r]`.
struct InfluenceReport: Encodable {
    struct Token: Encodable {
        var position: Int
        var id: Int
        var text: String
        /// The opening tag of the token's span, or nil.
        var span: String?
    }

    var method: String
    var layers: [Int]
    var tokens: [Token]
    var values: [[Float]]

    init(matrix: InfluenceMatrix, tokens: [MarkedToken]) {
        method = matrix.method.rawValue
        layers = matrix.layers
        self.tokens = tokens.map { Token(position: $0.position, id: $0.id, text: $0.text, span: $0.level?.openingTag) }
        values = matrix.values
    }

    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}

/// A terminal heatmap: one line per token, one cell per layer (−1 first), darker = less.
///
/// On a terminal each cell is a 256-colour background; elsewhere a Unicode block height.
struct InfluenceHeatmap {
    let matrix: InfluenceMatrix
    let tokens: [MarkedToken]
    let color: Bool

    private static let blocks: [Character] = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
    /// xterm-256 colours from dark blue through green to yellow; 16 (black) is exactly 0.
    private static let palette = [17, 18, 19, 20, 25, 31, 37, 36, 35, 71, 107, 143, 179, 185, 191, 226]
    private static let textWidth = 14

    func render() -> String {
        let layers = matrix.layers
        var lines: [String] = []
        let indent = String(repeating: " ", count: 6 + Self.textWidth + 5)
        lines.append("\(matrix.method.rawValue) after each layer (first column: the measured span), 0 … 1")
        lines.append(indent + " " + layers.dropFirst().map { $0 >= 10 ? String(($0 / 10) % 10) : " " }.joined())
        lines.append(indent + "s" + layers.dropFirst().map { String($0 % 10) }.joined())
        for token in tokens {
            let label = Self.visible(token.text)
            let padded = label.count > Self.textWidth
                ? String(label.prefix(Self.textWidth - 1)) + "…"
                : label + String(repeating: " ", count: Self.textWidth - label.count)
            let mark = token.level.map { $0 == .measured ? "?" : String(repeating: "!", count: $0.rawValue) } ?? ""
            var line = String(repeating: " ", count: max(0, 5 - String(token.position).count)) + "\(token.position) "
                + padded + " " + mark.padding(toLength: 3, withPad: " ", startingAt: 0) + " "
            for row in matrix.values {
                let value = token.position < row.count ? min(max(row[token.position], 0), 1) : 0
                line += cell(value)
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    private func cell(_ value: Float) -> String {
        if color {
            let index = Int((value * Float(Self.palette.count - 1)).rounded())
            return "\u{1B}[48;5;\(value > 0 ? Self.palette[index] : 16)m \u{1B}[0m"
        }
        // Any non-zero influence shows at least the lowest block.
        let level = Int((value * Float(Self.blocks.count - 1)).rounded())
        return String(Self.blocks[value > 0 ? max(level, 1) : 0])
    }

    /// The token text with newlines and tabs shown as escapes.
    private static func visible(_ text: String) -> String {
        text.replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\t", with: "\\t")
    }
}
