#!/usr/bin/env python3
"""Regenerates the tokenizer and chat fixtures from the llama.cpp reference outputs.

Usage: python3 make_fixtures.py /path/to/shared/reference
Keeps only the fields the tests read: per tokenizer string its text and llama.cpp's ids
with special-token parsing on and off; per reference prompt its text, parse mode, ids and
chat messages; and the tokenizer facts (BOS, EOS, end-of-generation ids).
"""
import json
import os
import sys

MODELS = {
    "smollm2-135m": "smollm2-135m-instruct",
    "qwen2.5-coder-0.5b": "qwen2.5-coder-0.5b-instruct",
}


def main(reference_dir):
    here = os.path.dirname(os.path.abspath(__file__))
    for reference_name, model_name in MODELS.items():
        tokenizer = json.load(open(os.path.join(reference_dir, f"{reference_name}-tokenizer.json")))
        llamacpp = json.load(open(os.path.join(reference_dir, f"{reference_name}-llamacpp.json")))
        facts = tokenizer["tokenizer_facts"]
        fixture = {
            "model": model_name,
            "bos_id": facts["bos_id"],
            "eos_id": facts["eos_id"],
            "adds_bos": facts["vocab_add_bos"],
            "eog_ids": sorted(int(k) for k in facts["eog_ids"]),
            "strings": [
                {
                    "name": p["name"],
                    "text": p["text"],
                    "ids_parse_special": p["ids_parse_special_true"],
                    "ids_plain": p["ids_parse_special_false"],
                }
                for p in tokenizer["prompts"]
            ],
            "prompts": [
                {
                    "id": p["id"],
                    "prompt": p["prompt"],
                    "parse_special": p["parse_special"],
                    "prompt_token_ids": p["prompt_token_ids"],
                    "chat_messages": p.get("chat_messages"),
                }
                for p in llamacpp["prompts"]
            ],
        }
        path = os.path.join(here, f"{model_name}.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(fixture, f, ensure_ascii=False, indent=1)
            f.write("\n")
        print(path)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../../../../../shared/reference")
