import ArgumentParser
import Engine
import Foundation
import Registry

/// `guide model …`: list, fetch, locate and inspect models.
struct ModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "List, fetch, locate and inspect models (or write a synthetic one).",
        discussion: """
            Models live in $GUIDE_CACHE/models (GUIDE_CACHE defaults to ~/.cache/guide). \
            GUIDE_MODEL=/path/to.gguf (or a known name) replaces the default model.
            """,
        subcommands: [ListModels.self, FetchModel.self, ModelPath.self, ModelInfo.self, WriteSyntheticModel.self])
}

/// `guide model list`: the known models, their sizes and whether they are cached.
struct ListModels: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "Show the known models and which are cached.")

    func run() throws {
        print(Self.table(cache: ModelCache()), terminator: "")
    }

    /// The listing for `cache`: one row per known model, `*` marking the default.
    static func table(cache: ModelCache) -> String {
        let rows = ModelRegistry.models.map { model -> [String] in
            let cached = cache.isCached(model)
            let size = model.sizeDescription
            return [
                model.name == ModelRegistry.defaultModelName ? "*" : " ",
                model.name, size, cached ? "cached" : "-", model.summary,
            ]
        }
        let header = [" ", "NAME", "SIZE", "STATUS", "DESCRIPTION"]
        let all = [header] + rows
        let widths = (0..<header.count).map { column in all.map { $0[column].count }.max() ?? 0 }
        var text = "Models in \(cache.modelsDirectory) (* = default):\n"
        for row in all {
            let cells = row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }
            text += cells.joined(separator: "  ") + "\n"
        }
        return text
    }
}

/// `guide model fetch NAME`: download and verify a known model (nothing to do when cached).
struct FetchModel: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch", abstract: "Download a known model and verify its sha256.")

    @Argument(help: "A known model name (see `guide model list`).")
    var name: String

    func validate() throws {
        guard ModelRegistry.model(named: name) != nil else {
            throw ValidationError(
                "unknown model '\(name)'; known: \(ModelRegistry.models.map(\.name).joined(separator: ", "))")
        }
    }

    func run() throws {
        guard let model = ModelRegistry.model(named: name) else { return }
        print(try ModelFetcher(cache: ModelCache()).fetch(model))
    }
}

/// `guide model path [NAME|PATH]`: print the model file's path, fetching it when needed.
struct ModelPath: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "path",
        abstract: "Print a model's file path, fetching a known model if it is not cached.",
        discussion: "Without an argument: $GUIDE_MODEL, else the default model.")

    @Argument(help: "A known model name or a path to a .gguf file.")
    var model: String?

    func run() throws {
        let cache = ModelCache()
        let location = try cache.resolve(model)
        print(try ModelFetcher(cache: cache).ensureAvailable(location))
    }
}

/// `guide model info [NAME|PATH]`: what a GGUF file holds, fetching a known model if needed.
struct ModelInfo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info", abstract: "Describe a model file: architecture, sizes, quantization, tokenizer.")

    @Argument(help: "A known model name or a path to a .gguf file.")
    var model: String?

    func run() throws {
        let cache = ModelCache()
        let path = try ModelFetcher(cache: cache).ensureAvailable(try cache.resolve(model))
        let file = try GGUFFile(path: path)
        print(ModelFileSummary(file: file, path: path).text, terminator: "")
    }
}
