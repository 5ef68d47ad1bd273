import Engine
import Foundation
import GuideLang

/// The measuring builtins (§11): `logprob`, `next_tokens`, `prompt_logprobs`, `attention` —
/// each with `guide:` read as generation reads it.
extension RuntimeHost {
    var measurementBuiltins: [Builtin] {
        [
            Builtin("logprob", [.required("model"), .required("prompt"), .required("continuation"),
                                .optional("guide")]) { args in
                let model = try Self.model(args)
                let request = try Self.request(args, model: model)
                let continuation = try args.string("continuation")
                return .number(try model.loaded.model.score(request, continuation: continuation))
            },
            Builtin("next_tokens", [.required("model"), .required("prompt"), .optional("k", 10),
                                   .optional("guide")]) { args in
                let model = try Self.model(args)
                let request = try Self.request(args, model: model)
                let k = try args.int("k")
                guard k >= 1 else { throw args.error("k", "expected a count ≥ 1, got \(k)") }
                let result = try model.loaded.model.nextTokens(request, count: k)
                let tokenizer = model.loaded.model.tokenizer
                return .list(result.candidates.map { candidate in
                    .record(Record([("token", .string(tokenizer.decode([candidate.token], renderSpecial: true))),
                                    ("id", .number(Double(candidate.token))),
                                    ("logprob", .number(candidate.logprob)),
                                    ("prob", .number(exp(candidate.logprob)))]))
                })
            },
            Builtin("prompt_logprobs", [.required("model"), .required("prompt"), .optional("guide")]) { args in
                let model = try Self.model(args)
                let request = try Self.request(args, model: model)
                let result = try model.loaded.model.promptLogprobs(request)
                let tokenizer = model.loaded.model.tokenizer
                return .list(zip(result.prompt.tokens, result.logprobs).enumerated().map { index, entry in
                    .record(Record([("index", .number(Double(index))), ("id", .number(Double(entry.0))),
                                    ("text", .string(tokenizer.decode([entry.0], renderSpecial: true))),
                                    ("span", result.prompt.level(ofToken: index).map { .string($0.openingTag) } ?? .nil),
                                    ("logprob", entry.1.map { .number($0) } ?? .nil)]))
                })
            },
            Builtin("attention", [.required("model"), .required("prompt"), .required("layer"), .optional("head"),
                                  .optional("guide")]) { args in
                let model = try Self.model(args)
                let request = try Self.request(args, model: model)
                let layer = try args.int("layer")
                let head = args.isNil("head") ? nil : try args.int("head")
                let result = try model.loaded.model.attention(request, layer: layer, head: head)
                let tokenizer = model.loaded.model.tokenizer
                return .native(AttentionValue(result, tokenTexts: result.prompt.tokens.map {
                    tokenizer.decode([$0], renderSpecial: true)
                }))
            },
        ]
    }
}
