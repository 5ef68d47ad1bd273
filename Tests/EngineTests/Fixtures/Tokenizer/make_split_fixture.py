#!/usr/bin/env python3
"""Regenerates pretokenizer-splits.json: random texts and llama.cpp's word splits of them.

Usage: python3 make_split_fixture.py /path/to/llama.cpp/src
(llama.cpp as vendored in the llama-cpp-python sdist, e.g. 0.3.36: `pip download
--no-deps llama-cpp-python==0.3.36`, unpack, then vendor/llama.cpp/src). Compiles
split_driver.cpp against src/unicode.cpp and src/unicode-data.cpp with g++.
"""
import json
import os
import random
import subprocess
import sys
import tempfile

FRAGMENTS = [
    "a", "Z", "hello", " world", "'s", "'S", "'ll", "'LL", "'Re", "'ve", "'m", "'d", "'x", "'", " '", "\u2019",
    "42", "7", "\u0663", "\u00bd", "\u00b2", " ", "  ", "   ", "\t", "\n", "\n\n", "\r\n", "\r", " \n",
    "\u00a0", "\u3000", "\u2028", "\u0085", "\u00e9", "e\u0301", "\u0301", "\u00df", "\u0130",
    "\u65e5\u672c\u8a9e", "\ud55c\uad6d\uc5b4", "\U0001f355", "\U0001f44d\U0001f3fd", "<|im_start|>", "...",
    "\u2014", "(", ")", "{\"k\":", "x_y", "a1b2", "3.14", "-", "+", "#", "@", "\u01c5", "\u02b0", "\u2177",
    "\u1c89", "\u088f", "\U000105c0", "\u0395\u03bb\u03bb\u03ac\u03b4\u03b1", "\u043c\u0438\u0440",
    "\u0627\u0644\u0639\u0631\u0628\u064a\u0629", "\u0939\u093f\u0928\u094d\u0926\u0940", "\u200b", "\u200d",
    "\ufeff", "\x7f", "\x0b", "\x0c",
]
PRE_TOKENIZERS = ["gpt2", "smollm", "qwen2", "llama3"]


def random_text(rng):
    parts = []
    for _ in range(rng.randint(1, 24)):
        if rng.random() < 0.8:
            parts.append(rng.choice(FRAGMENTS))
        else:
            while True:
                cp = rng.choice([rng.randint(0x20, 0x2FFF), rng.randint(0x3000, 0xD7FF),
                                 rng.randint(0xE000, 0xFFFD), rng.randint(0x10000, 0x3FFFF)])
                if not 0xD800 <= cp <= 0xDFFF:
                    break
            parts.append(chr(cp))
    return "".join(parts)


def main(source):
    here = os.path.dirname(os.path.abspath(__file__))
    rng = random.Random(2409)
    texts = [random_text(rng) for _ in range(400)]
    with tempfile.TemporaryDirectory() as work:
        driver = os.path.join(work, "split_driver")
        subprocess.run(["g++", "-O1", "-std=c++17", "-I", source, os.path.join(here, "split_driver.cpp"),
                        os.path.join(source, "unicode.cpp"), os.path.join(source, "unicode-data.cpp"),
                        "-o", driver], check=True)
        payload = "\0".join(texts).encode("utf-8")
        splits = {}
        for pre in PRE_TOKENIZERS:
            lines = subprocess.run([driver, pre], input=payload, capture_output=True, check=True).stdout
            splits[pre] = [[int(n) for n in line.split()] for line in lines.decode().splitlines()]
            assert len(splits[pre]) == len(texts), pre
    with open(os.path.join(here, "pretokenizer-splits.json"), "w") as f:
        json.dump({"texts": texts, "word_byte_lengths": splits}, f, ensure_ascii=True)
        f.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])
