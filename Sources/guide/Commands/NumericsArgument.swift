import ArgumentParser
import Engine

/// `--numerics float32|llamacpp` on the commands that run the model.
extension Numerics: ExpressibleByArgument {
    public init?(argument: String) {
        guard let numerics = try? Numerics(name: argument) else { return nil }
        self = numerics
    }

    public static var allValueStrings: [String] { names }
}

/// The help text of `--numerics`, shared by every command that takes it.
enum NumericsHelp {
    static let text = ArgumentHelp(
        "How intermediate values are rounded: llamacpp (as llama.cpp's CPU backend, the default) or float32.",
        valueName: "float32|llamacpp")
}
