#!/usr/bin/env python3
"""Copy the fields the engine's reference tests need from llama.cpp's reference outputs.

Usage: bench/extract_reference_fixtures.py [REFERENCE_DIR]
(default /work/shared/reference); writes Tests/EngineTests/Fixtures/reference-<model>.json.
"""
import json
import pathlib
import sys

MODELS = ["smollm2-135m", "qwen2.5-coder-0.5b", "gemma3-270m"]
FIELDS = ["id", "kind", "prompt", "parse_special", "prompt_token_ids",
          "top10_last_prompt_position", "greedy_continuation_ids", "greedy_steps_top2"]
# llama.cpp against itself on this prompt (flash attention on instead of off; the prompt fed
# token by token instead of in 512-token batches; prompt and continuation evaluated as one
# batch instead of incrementally): its path-to-path noise. Each reference has some of them.
CHECKS = ["llamacpp_flash_attn_on_check", "llamacpp_token_by_token_check", "llamacpp_teacher_forced_check"]


def main() -> None:
    source = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/reference")
    target = pathlib.Path(__file__).resolve().parent.parent / "Tests" / "EngineTests" / "Fixtures"
    for model in MODELS:
        reference = json.loads((source / f"{model}-llamacpp.json").read_text())
        prompts = [{field: prompt[field] for field in FIELDS + CHECKS if field in prompt}
                   for prompt in reference["prompts"]]
        fixture = {
            "model": reference.get("model", reference["model_file"]),
            "model_sha256": reference["model_sha256"],
            "llama_cpp_python_version": reference["llama_cpp_python_version"],
            "settings": reference["settings"],
            "greedy_rule": reference["greedy"]["rule"],
            "prompts": prompts,
        }
        out = target / f"reference-{model}.json"
        out.write_text(json.dumps(fixture, indent=1, ensure_ascii=False) + "\n")
        print(f"wrote {out} ({len(prompts)} prompts)")


if __name__ == "__main__":
    main()
