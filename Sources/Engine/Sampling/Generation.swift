import Foundation

/// Why generation ended.
public enum StopReason: Equatable, Sendable, CustomStringConvertible {
    /// The model produced an end-of-generation token (not included in the text).
    case endOfGeneration(token: Int)
    /// The text reached one of the stop strings (cut off before it).
    case stopString(String)
    /// `maxTokens` tokens were generated.
    case tokenLimit
    /// The KV cache is full.
    case contextFull
    /// A stop request (Ctrl-C) ended it; only `GenerationCancelled.partial` carries this.
    case interrupted

    public var description: String {
        switch self {
        case .endOfGeneration: return "eog"
        case .stopString: return "stop"
        case .tokenLimit: return "length"
        case .contextFull: return "context"
        case .interrupted: return "interrupted"
        }
    }
}

/// Thrown by `generate` when `GenerationOptions.isCancelled` asked it to stop.
public struct GenerationCancelled: Error, CustomStringConvertible {
    /// What was generated before the stop (stop reason `.interrupted`), for a caller that
    /// keeps it (the REPL); nil when the stop came from elsewhere.
    public var partial: Generation?

    public init(partial: Generation? = nil) { self.partial = partial }
    public var description: String { "generation cancelled" }
}

/// What to generate and when to stop.
public struct GenerationOptions {
    /// Most tokens to generate.
    public var maxTokens: Int
    /// Token selection.
    public var sampling: SamplingOptions
    /// Generation stops when the text contains one of these; the text ends before it.
    public var stopStrings: [String]
    /// Whether the tokenizer's end-of-generation tokens stop generation.
    public var stopAtEndOfGeneration: Bool
    /// Hooks of the prompt's forward pass.
    public var promptHooks: AttentionHooks
    /// Hooks of every generated token's forward pass.
    public var decodeHooks: AttentionHooks
    /// Asked before each token; returning true stops with `GenerationCancelled` (Ctrl-C).
    public var isCancelled: (() -> Bool)?

    public init(maxTokens: Int = 128, sampling: SamplingOptions = .greedy, stopStrings: [String] = [],
                stopAtEndOfGeneration: Bool = true, promptHooks: AttentionHooks = .none,
                decodeHooks: AttentionHooks = .none) {
        self.maxTokens = maxTokens
        self.sampling = sampling
        self.stopStrings = stopStrings
        self.stopAtEndOfGeneration = stopAtEndOfGeneration
        self.promptHooks = promptHooks
        self.decodeHooks = decodeHooks
    }
}

/// The result of one generation.
public struct Generation: Sendable {
    /// The prompt's token ids, as run.
    public var promptTokens: [Int]
    /// Generated token ids (a stopping end-of-generation token is not included).
    public var tokens: [Int]
    /// The generated text, cut before a stop string.
    public var text: String
    /// Natural-log probability of each generated token under the raw logits (temperature 1).
    public var logprobs: [Float]
    /// Why generation ended.
    public var stopReason: StopReason
    /// Prompt tokens per second of the prefill.
    public var prefillTokensPerSecond: Double
    /// Generated tokens per second of the decode loop.
    public var tokensPerSecond: Double
}

extension InferenceSession {
    /// Prefills `prompt` at the current position, then samples up to `options.maxTokens` tokens.
    ///
    /// - Parameter onText: receives the text as it becomes final (complete UTF-8, never a
    ///   prefix of a stop string that might still complete).
    public func generate(prompt: [Int], options: GenerationOptions = GenerationOptions(),
                         onText: ((String) -> Void)? = nil) throws -> Generation {
        try generate(prompt: prompt, cachedPrefix: 0, options: options, afterPrompt: nil, onText: onText)
    }

    /// `generate(prompt:options:onText:)` for a session whose cache already holds the first
    /// `cachedPrefix` prompt tokens, just before the current position; `afterPrompt` runs
    /// once the whole prompt is in the cache, before the first token is chosen.
    func generate(prompt: [Int], cachedPrefix: Int, options: GenerationOptions, afterPrompt: (() -> Void)?,
                  onText: ((String) -> Void)?) throws -> Generation {
        var (logits, prefillSeconds) = try readPrompt(prompt, cachedPrefix: cachedPrefix, hooks: options.promptHooks)
        afterPrompt?()

        var progress = GenerationProgress(prompt: prompt, options: options, tokenizer: model.tokenizer)
        let decodeStart = DispatchTime.now()
        while let token = progress.next(after: logits, position: position, contextLength: contextLength,
                                        onText: onText) {
            logits = try decode(token, hooks: options.decodeHooks)
        }
        let text = progress.finish(onText: onText)
        let decodeSeconds = Self.seconds(since: decodeStart)
        let generation = Generation(
            promptTokens: prompt, tokens: progress.tokens, text: text, logprobs: progress.logprobs,
            stopReason: progress.stopReason,
            prefillTokensPerSecond: Double(prompt.count - cachedPrefix) / max(prefillSeconds, 1e-9),
            tokensPerSecond: Double(progress.tokens.count) / max(decodeSeconds, 1e-9))
        if generation.stopReason == .interrupted { throw GenerationCancelled(partial: generation) }
        return generation
    }

    /// Prefills the tokens of `prompt` after the `cachedPrefix` ones the cache already holds
    /// (just before the current position); returns the last position's logits and the seconds
    /// the prefill took.
    func readPrompt(_ prompt: [Int], cachedPrefix: Int,
                    hooks: AttentionHooks) throws -> (logits: [Float], seconds: Double) {
        precondition(cachedPrefix <= position && cachedPrefix < max(prompt.count, 1))
        let start = DispatchTime.now()
        let logits = try prefill(Array(prompt[cachedPrefix...]), hooks: hooks).last
        return (logits, Self.seconds(since: start))
    }

    static func seconds(since start: DispatchTime) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }
}

/// Accumulates streamed text, holding back any tail that could still become a stop string.
struct StopStringFilter {
    let stopStrings: [String]
    /// Text accepted so far (cut before a stop string once one is found).
    private(set) var text = ""
    private var emitted = 0

    init(stopStrings: [String]) { self.stopStrings = stopStrings.filter { !$0.isEmpty } }

    /// Adds `piece`; returns the stop string when the text now contains one.
    mutating func append(_ piece: String, emit: ((String) -> Void)?) -> String? {
        text += piece
        if let (stop, range) = firstStop() {
            text = String(text[..<range.lowerBound])
            flush(emit: emit)
            return stop
        }
        let safe = text.count - heldBack()
        if safe > emitted {
            let start = text.index(text.startIndex, offsetBy: emitted)
            let end = text.index(text.startIndex, offsetBy: safe)
            emit?(String(text[start..<end]))
            emitted = safe
        }
        return nil
    }

    /// Emits everything not yet emitted.
    mutating func flush(emit: ((String) -> Void)?) {
        if text.count > emitted {
            emit?(String(text.dropFirst(emitted)))
            emitted = text.count
        }
    }

    private func firstStop() -> (String, Range<String.Index>)? {
        var best: (String, Range<String.Index>)?
        for stop in stopStrings {
            if let range = text.range(of: stop), best.map({ range.lowerBound < $0.1.lowerBound }) ?? true {
                best = (stop, range)
            }
        }
        return best
    }

    /// Characters at the end of the text that are a proper prefix of some stop string.
    private func heldBack() -> Int {
        var longest = 0
        for stop in stopStrings {
            for length in stride(from: min(stop.count - 1, text.count), to: longest, by: -1)
            where text.hasSuffix(stop.prefix(length)) {
                longest = length
                break
            }
        }
        return longest
    }
}
