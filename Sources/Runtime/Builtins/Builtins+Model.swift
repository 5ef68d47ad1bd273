import Engine
import GuideLang

/// The engine builtins (§4–§6): `model`, `prompt`, `chat`, `delta`, `generate`,
/// `influence`, `tokens` (the measurements are in `Builtins+Measurements.swift`).
extension RuntimeHost {
    var modelBuiltins: [Builtin] {
        [
            Builtin("model", [.optional("name"), .optional("numerics", "llamacpp")]) { [models] args in
                let request = args.isNil("name") ? nil : try args.string("name")
                let numericsName = try args.string("numerics")
                let numerics = try Numerics(name: numericsName)
                do {
                    return .native(ModelValue(try models.model(request, numerics: numerics)))
                } catch let failure as any EngineFailure {
                    // A file that fails to load is the name's fault only when one was given.
                    throw Self.diagnostic(for: failure, args, blaming: request == nil ? [:] : [.model: "name"])
                } catch {
                    if request == nil { throw error }
                    throw args.error("name", "\(error)")
                }
            },
            Builtin("prompt", [.required("text"), .optional("spans", "whole"), .optional("model")]) { args in
                let source = try Self.tagged(args, "text", tokenization: Self.spanTokenization(args))
                guard !args.isNil("model") else { return .native(PromptValue(source)) }
                let model = try Self.model(args)
                return .native(try Self.engineCall(args, blaming: [.prompt: "text"]) {
                    try PromptValue(source, tokenizer: model.loaded.model.tokenizer)
                })
            },
            Builtin("chat", [.required("model"), .required("messages"), .optional("system"),
                             .optional("spans", "whole"), .optional("add_generation_prompt", true)]) { args in
                let model = try Self.model(args)
                let system = args.isNil("system") ? nil : try args.string("system")
                let messages = (system.map { [ChatMessage(role: "system", content: $0)] } ?? [])
                    + (try Self.chatMessages(args, "messages"))
                let tokenization = try Self.spanTokenization(args)
                let reply = try args.bool("add_generation_prompt")
                do {
                    return .native(try PromptValue(model.loaded.model.chatPrompt(
                        messages, addGenerationPrompt: reply, tokenization: tokenization), tokenizer: model.loaded.model.tokenizer))
                } catch SpanMappingError.inMessage(0, let error) where system != nil {
                    throw Self.diagnostic(for: SpanMappingError.inMessage(0, error), args, blaming: [.prompt: "system"])
                } catch SpanMappingError.inMessage(let index, let error) {
                    // Numbered within `messages`, whatever `system:` put before them.
                    let renumbered = SpanMappingError.inMessage(index - (system == nil ? 0 : 1), error)
                    throw Self.diagnostic(for: renumbered, args, blaming: [.prompt: "messages"])
                } catch let failure as any EngineFailure {
                    throw Self.diagnostic(for: failure, args, blaming: [.prompt: "messages"])
                }
            },
            Builtin("delta", [.required("delta"), .optional("layers", "all"), .optional("steps", "all")]) { args in
                try .native(Self.schedule(args))
            },
            Builtin("generate", [.required("model"), .required("prompt"), .optional("guide"),
                                 .optional("max_tokens", 128), .optional("temperature", 0), .optional("seed"),
                                 .optional("stop"), .optional("top_k", 0), .optional("top_p", 1),
                                 .optional("min_p", 0), .optional("repeat_penalty", 1), .optional("n")]) { [self] args in
                let model = try Self.model(args)
                var request = try Self.request(args, model: model)
                request.maxTokens = try args.int("max_tokens")
                let temperature = try args.number("temperature")
                let seed = try Self.seed(args, sampled: temperature > 0, seeds: sampleSeeds)
                request.sampling = SamplingOptions(
                    temperature: Float(temperature), topK: try args.int("top_k"),
                    topP: Float(try args.number("top_p")), minP: Float(try args.number("min_p")),
                    repetitionPenalty: Float(try args.number("repeat_penalty")), seed: seed ?? 0)
                request.stopStrings = try Self.stopStrings(args)
                let tokenizer = model.loaded.model.tokenizer
                func value(_ generation: Generation, seed: UInt64?) -> GenerationValue {
                    GenerationValue(generation, seed: seed, sampled: temperature > 0,
                                    pieces: generation.tokens.map { tokenizer.decode([$0], renderSpecial: true) })
                }
                guard !args.isNil("n") else {
                    return try generate(request, model: model, args) { value($0, seed: seed) }
                }
                let seeds = try Self.sampleSeeds(args, first: seed)
                let cancellation = args.interpreter.cancellation
                let requests = seeds.map { seed in
                    var copy = request
                    copy.sampling.seed = seed ?? 0
                    copy.isCancelled = { cancellation.isCancelled }
                    return copy
                }
                let results = try model.loaded.generate(batch: requests)
                return .list(zip(results, seeds).map { .native(value($0.generation, seed: $1)) })
            },
            Builtin("influence", [.required("model"), .required("prompt"), .optional("guide"),
                                  .optional("method", "influence"), .optional("variant", "standard")]) { args in
                let model = try Self.model(args)
                let request = try Self.request(args, model: model)
                let method = try Self.influenceMethod(args)
                let result = try model.loaded.influence(request, method: method)
                let tokenizer = model.loaded.model.tokenizer
                return .native(InfluenceValue(result.matrix, tokenTexts: result.prompt.tokens.map { tokenizer.decode([$0], renderSpecial: true) }))
            },
            Builtin("tokens", [.required("model"), .required("prompt")]) { args in
                let model = try Self.model(args)
                let prompt = try Self.prompt(args, "prompt")
                let marked = try prompt.marked(by: model.loaded.model.tokenizer)
                let tokenizer = model.loaded.model.tokenizer
                let straddling = Set(marked.boundaryNotes.map(\.token))
                return .list(marked.tokens.enumerated().map { index, id in
                    .record(Record([("index", .number(Double(index))), ("id", .number(Double(id))),
                                    ("text", .string(tokenizer.decode([id], renderSpecial: true))),
                                    ("span", marked.level(ofToken: index).map { .string($0.openingTag) } ?? .nil),
                                    ("straddles", .bool(straddling.contains(index)))]))
                })
            },
        ]
    }

    // MARK: Argument helpers

    static func model(_ args: Arguments) throws -> ModelValue {
        try args.native("model", as: ModelValue.self, named: "model")
    }

    /// The `seed:` argument (a whole number ≥ 0), or for a sampled call without one the
    /// session's next seed; nil for a greedy call without one.
    static func seed(_ args: Arguments, sampled: Bool, seeds: SampleSeeds) throws -> UInt64? {
        guard !args.isNil("seed") else { return seeds.seed(given: nil, sampled: sampled) }
        let seed = try args.int("seed")
        guard seed >= 0 else { throw args.error("seed", "expected a whole number ≥ 0, got \(seed)") }
        return seeds.seed(given: UInt64(seed), sampled: sampled)
    }

    /// The seeds of `generate(…, n:)`'s generations: `first`, `first + 1`, … (all nil when greedy).
    static func sampleSeeds(_ args: Arguments, first: UInt64?) throws -> [UInt64?] {
        let count = try args.int("n")
        guard (1...Self.maximumBatch).contains(count) else {
            throw args.error("n", "expected a whole number from 1 to \(Self.maximumBatch), got \(count)")
        }
        return (0..<count).map { i in first.map { $0 &+ UInt64(i) } }
    }

    /// Most generations one `generate(…, n:)` decodes together.
    static let maximumBatch = 64

    /// The conversation of `chat(…)`: a string is one user message; a list holds
    /// `{role, content}` records, roles "system", "user" or "assistant".
    static func chatMessages(_ args: Arguments, _ key: ArgumentKey) throws -> [ChatMessage] {
        switch args[key] {
        case .string(let text): return [ChatMessage(role: "user", content: text)]
        case .list(let items):
            guard !items.isEmpty else { throw args.error(key, "expected at least one message") }
            return try items.array.enumerated().map { index, item in
                guard case .record(let record) = item, case .string(let role)? = record["role"],
                      case .string(let content)? = record["content"] else {
                    throw args.error(key, "message \(index + 1) is not a {role, content} record of strings")
                }
                guard Self.chatRoles.contains(role) else {
                    throw args.error(key, "message \(index + 1) has role \"\(role)\"; expected \"system\", \"user\" or \"assistant\"")
                }
                if let extra = record.keys.first(where: { $0 != "role" && $0 != "content" }) {
                    throw args.error(key, "message \(index + 1) has a field '\(extra)'; a message has only role and content")
                }
                return ChatMessage(role: role, content: content)
            }
        default:
            throw args.error(key, "expected a user message (a string) or a list of {role, content} records, got \(args[key].typeName)")
        }
    }

    static let chatRoles: Set<String> = ["system", "user", "assistant"]

    /// A string with span tags, parsed; tag errors are "bad argument" errors on `key`.
    static func tagged(_ args: Arguments, _ key: String,
                       tokenization: SpanTokenization = .whole) throws -> PromptSource {
        let text = try args.string(.name(key))
        return try engineCall(args, blaming: [.prompt: key]) { try PromptSource(tagged: text, tokenization: tokenization) }
    }

    /// The `spans:` argument: "whole" (tokenize the clean text once) or "pieces".
    static func spanTokenization(_ args: Arguments) throws -> SpanTokenization {
        let name = try args.string("spans")
        guard let tokenization = SpanTokenization(rawValue: name) else {
            throw args.error("spans", "expected \"whole\" or \"pieces\", got \"\(name)\"")
        }
        return tokenization
    }

    /// A prompt value, or a string whose tags are parsed.
    static func prompt(_ args: Arguments, _ key: String) throws -> PromptSource {
        if case .native(let native) = args[.name(key)], let prompt = native as? PromptValue { return prompt.prompt }
        if case .string = args[.name(key)] { return try tagged(args, key) }
        throw args.error(.name(key), "expected a prompt or a string, got \(args[.name(key)].typeName)")
    }

    static func schedule(_ args: Arguments) throws -> ScheduleValue {
        let stepsName = try args.string("steps")
        guard let steps = GuideSchedule.Steps(rawValue: stepsName) else {
            throw args.error("steps", "expected \"all\" or \"prefill\", got \"\(stepsName)\"")
        }
        switch args["delta"] {
        case .number(let d):
            guard d.isFinite else { throw args.error("delta", "expected a finite number") }
            return ScheduleValue(.fixed(GuideSchedule(delta: Float(d), layers: try layers(args), steps: steps)))
        case .function, .keyPath:
            guard case .string("all") = args["layers"] else {
                throw args.error("layers", "a per-layer function already chooses the layers; leave layers out")
            }
            return ScheduleValue(.profile(args["delta"], steps: steps))
        default:
            throw args.error("delta", "expected a number or a function of the layer, got \(args["delta"].typeName)")
        }
    }

    /// The `layers:` argument by the one convention `guide … --layers` shares: a string in
    /// any of its text forms (`"0-5"`), a range (`0...5` closed, `0..<6` half-open), a layer
    /// or a list of layers.
    static func layers(_ args: Arguments) throws -> GuideSchedule.Layers {
        do {
            switch args["layers"] {
            case .string(let text): return try GuideSchedule.Layers(parsing: text)
            case .number: return .list([try args.int("layers")])
            case .range(let r) where r.isClosed: return try .closed(r.lower, r.upper - 1)
            case .range(let r): return try .halfOpen(r.lower, r.upper)
            case .list(let items):
                return .list(try items.map { item in
                    guard case .number(let n) = item, let i = Int(exactly: n) else {
                        throw args.error("layers", "expected whole layer numbers in the list, found \(item.typeName)")
                    }
                    return i
                })
            default:
                throw args.error("layers", "expected \"all\", \"first\", \"last\", a layer, a list, a range or a string such as \"0-5\"")
            }
        } catch let failure as LayerSelectionError {
            throw diagnostic(for: failure, args, blaming: [.schedule: "layers"])
        }
    }

    /// The engine method for `influence(…, method:, variant:)`: `method` "influence" or
    /// "rollout"; `variant` "standard" (Influence as the paper's text defines it) or "paper"
    /// (as the paper's code computes it; Rollout is the same in both).
    static func influenceMethod(_ args: Arguments) throws -> InfluenceMethod {
        let method = try args.string("method"), variant = try args.string("variant")
        guard variant == "standard" || variant == "paper" else {
            throw args.error("variant", "expected \"standard\" or \"paper\", got \"\(variant)\"")
        }
        switch method {
        case "influence": return variant == "paper" ? .paper : .influence
        case "rollout": return .rollout
        default: throw args.error("method", "expected \"influence\" or \"rollout\", got \"\(method)\"")
        }
    }

    /// The engine request of a call on `model`: its `prompt:` and `guide:` arguments, the
    /// model's numerics, and the engine's defaults for everything else.
    static func request(_ args: Arguments, model: ModelValue) throws -> EngineRequest {
        var request = model.loaded.request(prompt: try prompt(args, "prompt"))
        request.schedule = try engineSchedule(args, model: model)
        return request
    }

    /// The `guide:` argument as an engine schedule for `model`, nil when absent; a number
    /// is accepted as `delta(number)`.
    static func engineSchedule(_ args: Arguments, model: ModelValue) throws -> GuideSchedule? {
        let value = args["guide"]
        let schedule: ScheduleValue
        switch value {
        case .nil: return nil
        case .number(let d): schedule = ScheduleValue(.fixed(GuideSchedule(delta: Float(d))))
        case .native(let native as ScheduleValue): schedule = native
        default: throw args.error("guide", "expected a schedule from delta(…), got \(value.typeName)")
        }
        let layerCount = model.loaded.model.config.layerCount
        do {
            return try schedule.schedule(layerCount: layerCount) { try args.interpreter.call($0, $1) }
        } catch let error as ScheduleProfileError {
            throw args.error("guide", "\(error)")
        }
    }

    static func stopStrings(_ args: Arguments) throws -> [String] {
        switch args["stop"] {
        case .nil: return []
        case .string(let s): return [s]
        case .list(let items):
            return try items.map {
                guard case .string(let s) = $0 else { throw args.error("stop", "expected strings, found \($0.typeName)") }
                return s
            }
        default: throw args.error("stop", "expected a string or a list of strings")
        }
    }
}
