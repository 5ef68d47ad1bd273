import Foundation
import GuideLang
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What binds the language to the engine: the builtins of §4–§8 and the experiment
/// handler, installed into an interpreter.
///
///     let host = RuntimeHost(options: .init(shard: try Shard(parsing: "3/16")))
///     host.install(in: interpreter)
public final class RuntimeHost {
    /// How a run is set up.
    public struct Options {
        /// Which experiment rows this process runs (`--shard i/n`).
        public var shard: Shard
        /// Where experiment logs go.
        public var resultsDirectory: String
        /// Receives progress text (experiments, model fetches); nil shows nothing.
        public var progress: ((String) -> Void)?
        /// Whether `progress` goes to a terminal (a redrawn bar) or not (plain lines).
        public var progressIsTerminal: Bool
        /// Run every experiment row, ignoring recorded ones (`guide run --fresh`).
        public var freshExperiments = false
        /// Run again the experiment rows that failed earlier (the default; `--no-retry-failed`).
        public var retryFailedRows = true
        /// How many experiment rows run side by side (`guide run --parallel`); their
        /// `generate` calls on one model decode as one batch.
        public var rowsAtOnce = 1
        /// Whether a generation stopped by Ctrl-C returns the text so far (stop reason
        /// `interrupted`) instead of stopping the program (the REPL). Never inside an
        /// experiment, whose interrupted row is abandoned.
        public var keepsInterruptedGenerations = false

        /// Defaults: every row, `results/`, progress on stderr (a bar when it is a terminal).
        public init(shard: Shard = .all, resultsDirectory: String = "results",
                    progress: ((String) -> Void)? = RuntimeHost.writeToStandardError,
                    progressIsTerminal: Bool = isatty(2) == 1) {
            self.shard = shard
            self.resultsDirectory = resultsDirectory
            self.progress = progress
            self.progressIsTerminal = progressIsTerminal
        }
    }

    /// The run's settings.
    public var options: Options
    /// The loaded models, shared by every call.
    public let models: ModelStore
    /// Seeds for sampled generations that give none.
    public let sampleSeeds = SampleSeeds()
    /// How many generations a Ctrl-C ended with their text so far kept (see
    /// `Options.keepsInterruptedGenerations`); the REPL resets it before each entry.
    public var keptInterruptedGenerations = 0
    lazy var experiments = ExperimentHost(host: self)

    public init(options: Options = Options(), models: ModelStore? = nil) {
        self.options = options
        let progress = options.progress
        self.models = models ?? ModelStore(fetchProgress: { progress?($0 + "\n") })
    }

    /// Every builtin the runtime adds to the language.
    public var builtins: [Builtin] {
        modelBuiltins + measurementBuiltins + textBuiltins + tableBuiltins + dataBuiltins + metricBuiltins + embeddingBuiltins + statsBuiltins
    }

    /// Registers the builtins in `interpreter` and makes this host run its experiments.
    public func install(in interpreter: Interpreter) {
        for builtin in builtins { interpreter.register(builtin) }
        interpreter.document(HostBuiltinDocs.all)
        experiments.cancellation = interpreter.cancellation
        interpreter.experimentHandler = experiments
        interpreter.hostErrorMapping = Self.mapHostError
    }

    /// Writes `text` to stderr as is.
    public static func writeToStandardError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
