import GuideLang

/// The documentation of the runtime's builtins (`help(generate)`, `docs/builtins.md`).
/// Signatures and defaults come from the builtins' declarations; this table holds the prose.
/// A test fails when a registered builtin has no entry here or an example does not parse.
enum HostBuiltinDocs {
    static func doc(_ category: String, _ summary: String, _ parameters: [String: String] = [:],
                    example: String) -> BuiltinDoc {
        BuiltinDoc(category: category, summary: summary, parameters: parameters, example: example)
    }

    static let guideNote = "a schedule from delta(…), or a number Δ meaning delta(Δ); nil runs the model unsteered"

    static let all: [String: BuiltinDoc] = [
        // Model
        "model": doc("model", """
            Loads a GGUF model: the default model (or `$GUIDE_MODEL`) when no name is given, a known \
            model by name (fetched into the cache on first use), or a path to any `.gguf` file. \
            Members: `name`, `layers`, `heads`, `context`, `vocab`, `architecture`, `path`.
            """, ["numerics": "\"llamacpp\" (rounds as llama.cpp's CPU backend does) or \"float32\""],
            example: "let m = model(\"smollm2-135m-instruct\")"),
        "generate": doc("model", """
            Generates a continuation of the prompt, steered by `guide`. Greedy when `temperature` is \
            0; otherwise sampled with `seed`, `top_k` and `top_p`. Stops after `max_tokens`, at the \
            end-of-sequence token or at one of the `stop` strings. The result has `.text`, `.tokens`, \
            `.logprobs`, `.stop_reason`, `.tokens_per_second` and `.seed`. On a terminal the text \
            streams as it is generated; in the REPL, Ctrl-C stops it and keeps the text so far \
            (`.stop_reason` is "interrupted"). With `n`, returns a list of n generations decoded \
            together (each weight read once per step for all of them), seeded `seed`, `seed + 1`, …: \
            each the same as the lone call with its seed.
            """, ["guide": guideNote,
                  "n": "how many generations to decode together (1…64); the result is then a list",
                  "seed": "the sampling seed; when left out, a sampled call takes the session's next seed (1, 2, 3, …), shown under the text and kept in `.seed`, so passing it back repeats the call", "stop": "a string or a list of strings that end the generation",
                  "top_k": "0 keeps every token", "top_p": "nucleus sampling mass in 0…1",
                  "min_p": "drops tokens below this share of the top token's probability (0 keeps all)",
                  "repeat_penalty": "shrinks the logits of the last 64 tokens as llama.cpp does (positive ÷, negative ×; 1 is off)"],
            example: "let g = generate(m, \"<!-> Answer in French: <-!> How are you?\", guide: delta(2), max_tokens: 40)\ng.text"),
        "influence": doc("model", """
            The Influence of the prompt's `<?-> … <-?>` span on every token, per layer (the paper's \
            measure), or the Attention Rollout baseline with `method: "rollout"`. Displays as a \
            heatmap; `.final` is the last layer's row, `.at(layer)` one layer's, `.values` the matrix. \
            One forward pass measures every method; the next call with the same prompt and schedule \
            reuses it.
            """, ["guide": guideNote, "method": "\"influence\" or \"rollout\"",
                  "variant": "\"standard\" (Influence as the paper's text defines it) or \"paper\" (as the paper's code computes it)"],
            example: "let inf = influence(m, \"<?-> Answer in French: <-?> How are you?\", guide: delta(2))\ninf.final"),
        "tokens": doc("model", """
            The tokens the model reads for a prompt: a table of `index`, `id`, `text`, `span` (the \
            opening tag of the span a token belongs to, or nil) and `straddles` (the token crosses a \
            span boundary).
            """, example: "tokens(m, \"<!-> Summarize: <-!> The text\")"),
        "logprob": doc("measure", """
            The log-probability (natural log, a sum over its tokens) that the model continues the \
            prompt with `continuation`, with the prompt read under `guide` as generation reads it \
            (the continuation's tokens get the bias generated tokens would get).
            """, ["guide": guideNote],
            example: "logprob(m, \"<!-> Answer in French: <-!> Hello\", \" Bonjour\", guide: delta(2))"),
        "next_tokens": doc("measure", """
            The `k` most likely next tokens after the prompt, most likely first: a table of `token` \
            (decoded alone), `id`, `logprob` (natural log over the whole vocabulary) and `prob`. The \
            first row is the token greedy `generate` picks.
            """, ["k": "how many tokens (≥ 1)", "guide": guideNote],
            example: "next_tokens(m, \"<!-> Answer in French: <-!> Hello\", k: 5, guide: delta(2))"),
        "prompt_logprobs": doc("measure", """
            How likely each token of the prompt is after the tokens before it: a table of `index`, \
            `id`, `text`, `span` (as in `tokens`) and `logprob` (natural log; nil for the first token, \
            which nothing predicts). The log-probabilities of a prompt's last tokens sum to \
            `logprob` of them as a continuation of the rest.
            """, ["guide": guideNote],
            example: "prompt_logprobs(m, \"The capital of France is Paris\")"),
        "attention": doc("measure", """
            One layer's attention over the prompt, queries by keys: one head's, or the average over \
            heads when `head` is nil. Displays as a heatmap; `.values[i]` is query token i's row \
            (the keys 0…i it sees, summing to 1), `.span` each query's attention on the measured \
            span (`<?->`, else the GUIDE spans), `.tokens` the tokens.
            """, ["layer": "a layer index, 0 to the model's layers − 1",
                  "head": "a head index, 0 to the model's heads − 1; nil averages the heads",
                  "guide": guideNote],
            example: "let a = attention(m, \"<?-> Answer in French: <-?> Hello\", layer: 5, guide: delta(2))\na.span"),
        "chunk": doc("text", """
            Cuts a text into pieces of at most `tokens` of the model's tokens; each piece is decoded \
            from its tokens, so the pieces joined give the text back.
            """, example: "let pieces = chunk(m, doc.text, tokens: 500)"),

        // Prompts and schedules
        "prompt": doc("prompts", """
            Parses the span tags of a text (`<!-> … <-!>` bias Δ, `<!!-> … <-!!>` 2Δ, `<!!!-> … <-!!!>` \
            4Δ, `<?-> … <-?>` measured) into a prompt value with `.text` (tags removed) and `.spans`. \
            Any builtin that takes a prompt also takes the tagged string directly. Given a `model`, each \
            span also has `start` and `end`: its tokens are `start..<end` in the model's tokenization \
            (the `index` of `tokens(m, p)`, BOS included); `chat(m, …)` prompts always have them.
            """, ["spans": "\"whole\" tokenizes the clean text once; \"pieces\" tokenizes piece by piece, as the reference pipeline does",
                  "model": "a model whose tokenizer numbers the spans' tokens (`start`, `end`); nil leaves them out"],
            example: "let p = prompt(\"<!-> Summarize in French: <-!> The text\")\np.spans\nprompt(\"<!-> Summarize: <-!> The text\", model: m).spans   # with start, end"),
        "chat": doc("prompts", """
            Wraps a conversation in the model's chat template, keeping span tags (in any message): \
            the result is a prompt whose spans point at the message text. `messages` is one user \
            message as a string, or a list of `{role, content}` records (roles \"system\", \"user\", \
            \"assistant\"); `system` puts a system message first.
            """, ["add_generation_prompt": "end with the opening of the assistant's turn, as a prompt to generate from"],
            example: "let p = chat(m, \"<!-> Answer in French: <-!> How are you?\", system: \"Be brief.\")\nchat(m, [{role: \"user\", content: \"Hi\"}, {role: \"assistant\", content: \"Hello!\"}, {role: \"user\", content: \"<!-> In French: <-!> How are you?\"}])"),
        "delta": doc("prompts", """
            A ∆attn schedule: `delta` is added to the attention logits of every key inside a marked \
            span (2Δ and 4Δ for the stronger tags), in the chosen layers and steps. `delta` may be a \
            function of the layer index for a per-layer profile. `delta(0)` leaves the model unchanged. \
            Layers count from 0 and mean what `guide generate --layers` means: `0...5` and \
            `\"0-5\"` are layers 0 through 5, `0..<6` the same six (one parser reads both).
            """, ["layers": "\"all\", \"first\", \"last\", a layer, a list, a range, or text such as \"0-5\", \"0..<6\", \"1,3\"",
                  "steps": "\"all\", or \"prefill\" to bias only while reading the prompt"],
            example: "delta(2, layers: 0..<6)\ndelta(fn(layer) => if layer < 9 { 2 } else { 0 })"),
        "insert": doc("text", """
            Puts `needle` into `text` at the first sentence boundary at or after the fraction `depth` \
            of the text (0 is the start, 1 the end), as needle-in-a-haystack tests do.
            """, example: "insert(doc.text, \"The secret number is 42.\", depth: 0.25)"),

        // Metrics
        "language": doc("metrics", """
            The text's most likely language as `{code, probability}` (an ISO 639-1 code; \
            `"unknown"` for a text without letters), by a port of Python's langdetect 1.0.9, seeded.
            """, example: "language(\"Bonjour tout le monde\").code   # \"fr\""),
        "languages": doc("metrics", """
            The languages of the text above probability 0.1 as a table of `{code, probability}`, most likely first.
            """, example: "languages(\"Bonjour tout le monde\")"),
        "is_language": doc("metrics", """
            Whether the text's most likely language is `code`. A generation stands for its text.
            """, example: "is_language(g.text, \"fr\")"),
        "jaccard": doc("metrics", """
            The Jaccard index |A∩B| / |A∪B| of the word sets of two strings, or the element sets of two lists.
            """, example: "jaccard(\"the cat sat\", \"the cat ran\")   # 0.5"),
        "json_parse": doc("metrics", """
            The value of a JSON text (objects become records), or nil when the text is not JSON. A \
            JSON object inside other text (as models often answer) is found and parsed.
            """, example: "json_parse(\"{\\\"name\\\": \\\"Ada\\\", \\\"age\\\": 36}\")"),
        "json_score": doc("metrics", """
            Scores a parsed value against a JSON-Schema subset (`type`, `properties`, `items`, \
            `required`): `{valid, key_jaccard, path_jaccard, missing, extra}`; `key_jaccard` is the \
            paper's score.
            """, example: "json_score(json_parse(g.text), {type: \"object\", properties: {name: {type: \"string\"}}})"),

        // Embedding
        "embed": doc("embedding", """
            The sentence embedding (384 numbers, L2-normalised) of a text with the multilingual e5 \
            encoder, or a list of embeddings for a list of texts. Long texts are embedded in \
            510-token windows whose means are averaged.
            """, ["kind": "\"query\" or \"passage\": the prefix e5 was trained with"],
            example: "let v = embed(\"Bonjour\")\nlen(v)   # 384"),
        "similarity": doc("embedding", """
            The cosine similarity (−1…1) of two texts' embeddings, or of two embeddings given as lists of numbers.
            """, example: "similarity(\"a cat\", \"un chat\")"),
        "bertscore": doc("embedding", """
            BERTScore of a candidate against a reference with the e5 encoder's last-layer token \
            states (greedy cosine matching, no idf, no rescaling): `{precision, recall, f1}`.
            """, example: "bertscore(g.text, reference).f1"),

        // Data
        "corpus": doc("data", """
            The documents of a sample corpus as a table of `{id, title, text, source, licence}`, \
            fetched on first use: \"austen\", \"moby-dick\", \"novels\", \"tidytext-books\", \
            \"python-docs\", \"debian-handbook-en\"/\"-fr\", \"debian-reference-en\"/\"-fr\".
            """, example: "let docs = corpus(\"austen\")\nlen(docs)"),
        "bin_by_tokens": doc("data", """
            Counts each document's tokens with the model's tokenizer and keeps up to `per_bin` \
            documents per bin of `edges` (a seeded sample), adding `tokens`, `bin` (\"500-1000\"), \
            `bin_low` and `bin_high`. Documents are strings or records with a `text` field.
            """, ["edges": "ascending token counts; bin i holds edges[i] ≤ tokens < edges[i + 1]",
                  "per_bin": "nil keeps every document"],
            example: "bin_by_tokens(m, corpus(\"austen\"), [500, 1000, 2000], per_bin: 5)"),
        "read": doc("data", "The text of a file (relative paths from the working directory).", example: "let text = read(\"notes.txt\")"),
        "read_csv": doc("data", "A CSV file (RFC 4180, a header row) as a table; numbers are read as numbers.",
                        example: "let t = read_csv(\"results.csv\")"),
        "read_jsonl": doc("data", "A JSON Lines file as a list of values (records for objects).",
                          example: "let rows = read_jsonl(\"results/french.jsonl\")"),
        "write": doc("data", """
            Writes a table as `.csv` (a header of every column), `.jsonl` (one JSON value per line) or \
            `.md` (a Markdown table), chosen by the extension; host values are written as their data. \
            A string is written as it is to a `.md` or `.txt` file.
            """, example: "write(rows, \"out.csv\")"),
        "markdown": doc("data", """
            A table as a Markdown pipe table (a header of every column, numbers right-aligned and shown \
            to `digits` significant digits), for reports.
            """, ["digits": "significant digits of numbers, 1 to 17"],
            example: "markdown([{delta: 0, p: 0.35}, {delta: 2, p: 0.61}])"),

        // Tables
        "grid": doc("tables", """
            The cartesian product of the named lists as a table: one row per combination, the first \
            name varying slowest.
            """, example: "grid(delta: [0, 1, 2], lang: [\"fr\", \"de\"])   # 6 rows"),
        "group": doc("tables", """
            Groups a table by a key: one record per distinct key, `{key fields…, rows: [...]}`. `by` \
            is a key path, a list of key paths (one field each) or a function (its field is `key`).
            """, example: "group(rows, by: .delta)"),
        "agg": doc("tables", """
            Summarises groups: calls each named function with a group's rows and gives one record per \
            group, its key fields followed by the named results. An unnamed function must return a \
            record, whose fields are spread into the row. On an ungrouped table, one record over all rows.
            """, example: "agg(group(rows, by: .delta), french: fn(rs) => mean(rs, .french), n: fn(rs) => len(rs))"),
        "mean": doc("tables", """
            The mean of a list of numbers, or of a function (or key path) of each row of a table; nil \
            values are skipped, bools count as 1 and 0.
            """, example: "mean([1, 2, 3])   # 2\nmean(rows, .french)"),
        "stdev": doc("tables", """
            The sample standard deviation (divisor n − 1) of a list, or of a function of each row; nil values skipped.
            """, example: "stdev([2, 4, 4, 4, 5, 5, 7, 9])"),
        "count": doc("tables", """
            The number of elements of a list (or rows of a table), or of those for which `where` is true.
            """, example: "count(rows, where: fn(r) => r.french)"),

        // Statistics
        "proportion": doc("stats", """
            The share of true (or 1) values with its Wilson score interval: `{p, lo, hi, n, k}`. \
            Takes a list, or a table and a function of a row; nil values are skipped.
            """, example: "proportion(rows, .french)"),
        "mean_ci": doc("stats", """
            The mean with its Student t interval (mean ± t·sd/√n): `{mean, lo, hi, n, sd}`. Takes a \
            list, or a table and a function of a row; nil values are skipped.
            """, example: "mean_ci([0.2, 0.4, 0.3, 0.5])"),
        "roc_auc": doc("stats", """
            The area under the ROC curve (Mann–Whitney, ties count ½) with a seeded percentile \
            bootstrap interval: `{auc, lo, hi, n, positives, negatives}`. Rows with a nil score or \
            label are dropped; with one class only, `auc` is nil and `note` says why.
            """, ["bootstrap": "resamples for the interval; 0 skips it", "labels": "bools, or the numbers 0 and 1"],
            example: "roc_auc([0.9, 0.8, 0.3, 0.1], [true, true, false, false])"),
        "roc_curve": doc("stats", """
            The ROC curve as a table `{fpr, tpr, threshold}` from (0, 0) to (1, 1), thresholds descending.
            """, example: "plot(roc_curve(scores, labels), x: .fpr, y: .tpr, average: false)"),

        // Charts
        "plot": doc("charts", """
            A line chart of a table: `x` and `y` are key paths or functions of a row, one line per \
            `by` group. Rows sharing an x are averaged unless `average: false`. Interval records \
            (from `proportion`, `mean_ci`, `roc_auc`) or `lo:`/`hi:` draw error bars or a band; \
            `ci: true` draws the 95 % CI of each x's mean from the rows themselves.
            """, ["by": "one line per distinct value (also spelled `series:`)",
                  "ci": "true: error bars of the 95 % CI of the mean at each x (Wilson's interval when `y` gives bools, Student's t when numbers); false: no intervals; \"bars\" or \"band\": how the intervals `lo:`/`hi:` or interval records give are drawn",
                  "x_label": "the x axis title; the `x` key path's name when left out",
                  "y_label": "the y axis title; the `y` key path's name when left out",
                  "y_min": "the bottom of the y axis (nil fits the data); what lies below is clipped",
                  "y_max": "the top of the y axis (nil fits the data); what lies above is clipped"],
            example: "plot(rows, x: .delta, y: .french, by: .model, title: \"French answers\")\nplot(rows, x: .delta, y: .french, ci: true, y_label: \"P(French)\", y_min: 0, y_max: 1)"),
        "bar": doc("charts", """
            A bar chart of a record of numbers, a list of numbers, or a table with `x` and `y`; a \
            value may be an interval record (drawn with its interval).
            """, ["x_label": "the axis title under the bars; the `x` key path's name when left out",
                  "y_label": "the y axis title; the `y` key path's name when left out",
                  "y_min": "the bottom of the y axis (nil: 0 or the lowest value)",
                  "y_max": "the top of the y axis (nil fits the data)"],
            example: "bar({fr: 0.8, en: 0.1}, y_label: \"share\", y_max: 1)"),
        "heatmap": doc("charts", """
            A heatmap of a list of number lists, of an influence value, or of a table with `x`, `y` \
            and `value` (cells are means, bools as 1 and 0). `window` keeps a range of columns.
            """, example: "heatmap(influence(m, p), window: 0..<64)\nheatmap(rows, x: .length, y: .depth, value: .found)"),
        "save": doc("charts", """
            Writes a chart as SVG (`.svg`), as a PNG image (`.png`, 720 × 400 pixels, drawn from the \
            SVG by librsvg) or as terminal text (any other extension, e.g. `.txt`); returns the path. \
            Other image formats (`.jpg`, `.pdf`, …) are an error.
            """, example: "save(plot(rows, x: .delta, y: .french), \"french.svg\")\nsave(bar({fr: 0.8, en: 0.1}), \"share.png\")"),
    ]
}
