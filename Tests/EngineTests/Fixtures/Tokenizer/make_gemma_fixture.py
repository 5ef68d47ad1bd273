#!/usr/bin/env python3
"""Regenerates gemma-3-270m.json: llama.cpp's token ids for 252 strings on Gemma 3's
SentencePiece vocabulary, plus the reference prompts.

Usage: python3 make_gemma_fixture.py LLAMA_TOKENIZE [MODEL_GGUF] [REFERENCE_DIR]

LLAMA_TOKENIZE is llama.cpp's `llama-tokenize` binary; MODEL_GGUF defaults to
~/.cache/guide/models/gemma-3-270m.gguf (`guide model fetch gemma-3-270m`), REFERENCE_DIR to
/work/shared/reference (for gemma3-270m-llamacpp.json: the prompts of the agreement tests).
Each string is written to a file and tokenized with
`llama-tokenize -m MODEL -f FILE --ids --no-bos --no-escape --log-disable [--no-parse-special]`,
so the ids never include BOS, as `Tokenizer.encode` never adds it. The strings are the
hand-written cases below plus seeded random mixtures of them (Unicode scripts, whitespace
runs, digits, code, French, special-token texts and near misses, characters outside the
vocabulary that take the byte fallback), so a rerun gives the same strings.
"""
import json
import os
import random
import subprocess
import sys
import tempfile

HAND_WRITTEN = [
    ("plain_sentence", "Hello world"),
    ("leading_space", " Hello world"),
    ("leading_spaces", "   Hello"),
    ("trailing_spaces", "Hello   "),
    ("single_space", " "),
    ("two_spaces", "  "),
    ("many_spaces", "a" + " " * 40 + "b"),
    ("single_newline", "\n"),
    ("newline_runs", "one\ntwo\n\nthree\n\n\nfour\n\n\n\n\nfive"),
    ("tabs", "\tindented\n\t\tdouble\t\t\ttriple"),
    ("crlf", "line one\r\nline two\r\n"),
    ("mixed_whitespace", " \t \n \r\n\t\t  \n"),
    ("vertical_tab_form_feed", "a\x0bb\x0cc"),
    ("nbsp_and_friends", "a\u00a0b\u2009c\u3000d\u200be"),
    ("contractions", "I'm sure you'll see it's what they'd've done, won't you? Y'all can't."),
    ("long_number", "31415926535897932384626433832795028841971"),
    ("digit_grouping", "1,234,567.89 and 1 234 567,89 and 1_000_000"),
    ("dates_times", "2024-03-15T08:30:00Z, 15/03/2024, 08h30"),
    ("arithmetic", "3+4*2/(1-5)^2=3.0001220703125"),
    ("python_code", "def add(a, b):\n    \"\"\"Add.\"\"\"\n    return a + b\n\n\nprint(add(1, 2))\n"),
    ("python_indent_8", "class A:\n        def f(self):\n                pass\n"),
    ("c_code", "int main(void) {\n\tprintf(\"%d\\n\", 42);\n\treturn 0;\n}\n"),
    ("json_inline", "{\"name\": \"Ada\", \"age\": 36, \"langs\": [\"en\", \"fr\"], \"ok\": true}"),
    ("html", "<div class=\"x\"><p>Hi &amp; bye</p><br/></div>"),
    ("url", "https://example.com/path/to/page?query=1&lang=fr#section-2"),
    ("email", "contact: jean.dupont+news@exemple.fr"),
    ("markdown", "# Title\n\n- item *one*\n- item **two**\n\n```swift\nlet x = 1\n```\n"),
    ("french_sentence", "L'été dernier, nous sommes allés à la plage près de Marseille."),
    ("french_accents", "àâäéèêëïîôöùûüÿç ÀÂÄÉÈÊËÏÎÔÖÙÛÜŸÇ œŒ æÆ « guillemets » …"),
    ("french_long", "Il était une fois, dans un royaume lointain, une princesse qui rêvait de voyager "
     "au-delà des montagnes ; chaque soir, elle regardait les étoiles et se demandait ce qu'il y avait là-bas."),
    ("german", "Größenordnung, Straße, Fußgängerübergänge und Donaudampfschifffahrt."),
    ("spanish", "¿Dónde está la biblioteca? ¡Allí, señor!"),
    ("russian", "Съешь же ещё этих мягких французских булок, да выпей чаю."),
    ("greek", "Ξεσκεπάζω την ψυχοφθόρα βδελυγμία."),
    ("arabic", "مرحبا بالعالم، كيف حالك اليوم؟"),
    ("hebrew", "שלום עולם, מה שלומך?"),
    ("hindi", "नमस्ते दुनिया, आप कैसे हैं?"),
    ("chinese", "今天天气很好，我们去公园散步吧。"),
    ("japanese", "吾輩は猫である。名前はまだ無い。カタカナとひらがな。"),
    ("korean", "안녕하세요 세계, 반갑습니다."),
    ("thai", "สวัสดีชาวโลก ยินดีต้อนรับ"),
    ("emoji", "I love 🍕 and 🎉! 😀👍🏽"),
    ("emoji_zwj", "👨‍👩‍👧‍👦 family, 🏳️‍🌈 flag, 🇫🇷🇯🇵 flags"),
    ("math_symbols", "∀x∈ℝ: x² ≥ 0 ⇒ √(x²) = |x|; ∑ᵢ aᵢ ≠ ∫ f(x) dx"),
    ("rare_cjk_extension", "𠀀𠀁𠀂 𪚥 𰻞"),
    ("rare_symbols", "\U0001D54F\U0001D550 \U0001F9EC \U00010348 \u2e3b \ua66e"),
    ("private_use", "\ue000\uf8ff"),
    ("control_chars", "a\x01b\x02c\x7fd\x1be"),
    ("combining_nfd", "e\u0301 a\u0300 o\u0308 n\u0303"),
    ("combining_stack", "Z\u0351\u036b\u0343\u036a\u0302\u036b\u033d\u034f"),
    ("zero_width_joiners", "a\u200db\u200cc\ufeffd"),
    ("replacement_char", "bad \ufffd char"),
    ("sp_marker_literal", "\u2581"),
    ("sp_marker_word", "\u2581hello \u2581\u2581world"),
    ("byte_token_literal", "<0x41><0x0A> <0xFF>"),
    ("bos_text", "<bos>Hello"),
    ("eos_text", "Hello<eos>"),
    ("pad_unk_mask", "<pad> <unk> <mask>"),
    ("turn_markers", "<start_of_turn>user\nHi there<end_of_turn>\n<start_of_turn>model\n"),
    ("turn_adjacent", "<end_of_turn><start_of_turn>"),
    ("unused_tokens", "<unused0><unused1> <unused6241>"),
    ("multimodal_tokens", "[multimodal] <start_of_image> <end_of_image>"),
    ("special_near_misses", "<start_of_turn <end_of_turn> > < bos> <bos <eos > <<bos>>"),
    ("end_of_sequence_lookalike", "a</s>b </s> <s>"),
    ("tag_like", "<div> </div> <| |> <tool_call> [INST] [/INST]"),
    ("repeated_char", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
    ("repeated_dots", "..................................................."),
    ("repeated_dashes", "-------------------------------- ======== ######## ~~~~"),
    ("repeated_words", "the the the the the the the the the the"),
    ("case_variants", "hello Hello HELLO hElLo"),
    ("apostrophes", "l'homme, aujourd'hui, don’t, it‘s"),
    ("quotes", "\"double\" 'single' “curly” ‘curly’ «french» „german“"),
    ("punctuation_run", "?!?!...;;::,,--__**&&%%$$##@@!!"),
    ("brackets", "([{<>}]) ((())) [[[]]] {{{}}}"),
    ("backslashes", "C:\\Users\\name\\file.txt \\n \\t \\\\"),
    ("regex", "^(?:[a-z0-9!#$%&'*+/=?^_`{|}~-]+)$"),
    ("shell", "for f in *.txt; do echo \"$f\" | wc -c; done 2>&1 >/dev/null"),
    ("sql", "SELECT id, name FROM users WHERE age >= 18 ORDER BY name;"),
    ("swift", "let xs = [1, 2, 3].map { $0 * 2 }.filter { $0 > 2 }"),
    ("lisp", "(defun fact (n) (if (<= n 1) 1 (* n (fact (- n 1)))))"),
    ("hex_binary", "0xDEADBEEF 0b1010_1010 0o755 1e-10 6.02e23"),
    ("version_strings", "v1.2.3-beta.4+build.5, python3.11, iOS 17.4.1"),
    ("single_letter", "a"),
    ("single_digit", "7"),
    ("single_punct", "."),
    ("single_cjk", "字"),
    ("single_emoji", "🦀"),
    ("word_then_newline", "Hello\n"),
    ("newline_then_word", "\nHello"),
    ("space_newline_space", " \n "),
    ("trailing_newlines", "end of text\n\n\n"),
    ("mixed_scripts", "Paris 巴黎 Париж باريس パリ 파리 Παρίσι"),
    ("right_to_left_mix", "abc שלום def مرحبا 123"),
    ("fullwidth", "ＡＢＣ１２３！？"),
    ("superscripts", "x² y³ H₂O E=mc² ¹²³"),
    ("ligatures", "ﬁnance ﬂow ﬀ"),
    ("currency", "€100, £50, ¥1000, $20, ₹500, ₿0.5"),
    ("arrows_boxes", "→ ← ↑ ↓ ⇒ ┌─┐ │ │ └─┘"),
    ("long_word", "Pneumonoultramicroscopicsilicovolcanoconiosis antidisestablishmentarianism"),
    ("camel_snake", "camelCaseIdentifier snake_case_identifier SCREAMING_SNAKE kebab-case-id"),
    ("file_paths", "/usr/local/bin/python3 ./src/main.rs ../lib/index.js"),
    ("ip_addresses", "192.168.0.1 ::1 fe80::1ff:fe23:4567:890a"),
]

# Fragments the random strings are built from.
WORDS = ["the", "cat", "sat", "on", "mat", "bonjour", "été", "garçon", "naïve", "Über", "straße",
         "hello", "world", "function", "return", "self", "int", "None", "true", "été-là",
         "привет", "мир", "日本", "中文", "한국어", "λόγος", "שלום", "سلام", "नमस्ते", "ไทย"]
SPACES = [" ", "  ", "   ", "\t", "\n", "\n\n", "\r\n", " \n", "\n ", "\t\t", "    ", "\u00a0", "\u3000"]
DIGITS = ["0", "7", "42", "123", "2024", "3.14", "1,000", "99999", "007", "1e9", "½"]
PUNCT = [".", ",", "!", "?", ";", ":", "'", "\"", "(", ")", "[", "]", "{", "}", "-", "—", "…", "/", "\\",
         "@", "#", "$", "%", "&", "*", "+", "=", "<", ">", "|", "~", "`", "^", "_"]
SYMBOLS = ["🍕", "🎉", "😀", "👍🏽", "🇫🇷", "∑", "√", "∞", "€", "→", "★", "♥", "☃", "𝔸", "𠀀", "\ufffd", "\u2581"]
SPECIALS = ["<bos>", "<eos>", "<pad>", "<unk>", "<mask>", "<start_of_turn>", "<end_of_turn>", "<unused3>",
            "[multimodal]", "<start_of_image>", "<start_of_turn", "<bos", "<0x41>"]
POOLS = [(WORDS, 6), (SPACES, 3), (DIGITS, 2), (PUNCT, 2), (SYMBOLS, 1), (SPECIALS, 1)]
RANDOM_STRINGS = 150


def random_scalar(rng):
    """A random assigned-looking code point from a few blocks, some outside the vocabulary."""
    block = rng.choice([(0x20, 0x7E), (0xA0, 0x24F), (0x370, 0x3FF), (0x400, 0x4FF), (0x600, 0x6FF),
                        (0x900, 0x97F), (0x3040, 0x30FF), (0x4E00, 0x9FFF), (0xAC00, 0xD7A3),
                        (0x1F300, 0x1F6FF), (0x20000, 0x2A6DF), (0x1D400, 0x1D7FF)])
    return chr(rng.randint(*block))


def random_string(rng):
    parts = []
    for _ in range(rng.randint(1, 14)):
        if rng.random() < 0.12:
            parts.append("".join(random_scalar(rng) for _ in range(rng.randint(1, 4))))
            continue
        pool = rng.choices([p for p, _ in POOLS], weights=[w for _, w in POOLS])[0]
        parts.append(rng.choice(pool))
    return "".join(parts)


def all_strings():
    rng = random.Random(20261130)
    strings = list(HAND_WRITTEN)
    seen = {text for _, text in strings}
    index = 0
    while len(strings) < len(HAND_WRITTEN) + RANDOM_STRINGS:
        text = random_string(rng)
        if text in seen:
            continue
        seen.add(text)
        strings.append((f"random_{index:03d}", text))
        index += 1
    return strings


def tokenize(binary, model, path, parse_special):
    args = [binary, "-m", model, "-f", path, "--ids", "--no-bos", "--no-escape", "--log-disable"]
    if not parse_special:
        args.append("--no-parse-special")
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    binary = sys.argv[1]
    model = sys.argv[2] if len(sys.argv) > 2 else os.path.expanduser("~/.cache/guide/models/gemma-3-270m.gguf")
    reference_dir = sys.argv[3] if len(sys.argv) > 3 else "/work/shared/reference"
    llamacpp = json.load(open(os.path.join(reference_dir, "gemma3-270m-llamacpp.json")))
    here = os.path.dirname(os.path.abspath(__file__))
    strings = []
    with tempfile.TemporaryDirectory() as scratch:
        path = os.path.join(scratch, "text.txt")
        for name, text in all_strings():
            with open(path, "w", encoding="utf-8", newline="") as f:
                f.write(text)
            strings.append({
                "name": name,
                "text": text,
                "ids_parse_special": tokenize(binary, model, path, True),
                "ids_plain": tokenize(binary, model, path, False),
            })
    prompts = []
    for p in llamacpp["prompts"]:
        ids = p["prompt_token_ids"]
        # The reference prompts were tokenized with BOS added; the fixture keeps what
        # `encode` returns, and the test puts the model's BOS back in front.
        if p["bos_prepended"]:
            ids = ids[1:]
        prompts.append({"id": p["id"], "prompt": p["prompt"], "parse_special": p["parse_special"],
                        "prompt_token_ids": ids, "chat_messages": None})
    fixture = {
        "model": "gemma-3-270m",
        "llama_tokenize": os.path.basename(binary),
        "bos_id": llamacpp["tokenization"]["bos_id"],
        "eos_id": llamacpp["tokenization"]["eos_id"],
        "adds_bos": llamacpp["tokenization"]["add_bos"],
        # llama.cpp's end-of-generation set for this file: <eos>, and <end_of_turn> and </s>
        # found by name (src/llama-vocab.cpp, "auto-detect special tokens by text").
        "eog_ids": [1, 106, 212],
        "strings": strings,
        "prompts": prompts,
    }
    out = os.path.join(here, "gemma-3-270m.json")
    with open(out, "w", encoding="utf-8") as f:
        json.dump(fixture, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(f"wrote {out}: {len(strings)} strings, {len(prompts)} prompts")


if __name__ == "__main__":
    main()
