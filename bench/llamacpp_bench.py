#!/usr/bin/env python3
"""guide bench next to llama.cpp (llama-cpp-python) on the same GGUF and the same token ids.

Runs `guide bench --json` first (which reports the prompt ids it used), then llama.cpp with
2 threads on those ids: prefill of each length into an empty cache, and decode of N tokens
after the decode prompt (one token per eval, as guide's decode loop). Prints both tables
side by side with the ratio guide / llama.cpp.

Usage: bench/llamacpp_bench.py [--model NAME|PATH] [--guide .build/release/guide] [--iterations 3]
Needs: pip install llama-cpp-python==0.3.36 (builds from source).
"""
import argparse
import json
import os
import pathlib
import resource
import statistics
import subprocess
import sys
import time

DEFAULT_MODEL = "qwen2.5-coder-0.5b-instruct"


def model_path(name: str) -> str:
    if os.path.exists(name):
        return name
    cache = os.environ.get("GUIDE_CACHE", os.path.expanduser("~/.cache/guide"))
    return os.path.join(cache, "models", f"{name}.gguf")


def run_guide(args) -> dict:
    command = [args.guide, "bench", "--json", "--model", args.model, "--iterations", str(args.iterations),
               "--prefill", args.prefill, "--decode", str(args.decode), "--decode-prompt", str(args.decode_prompt),
               "--influence-lengths", "none"]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    # The first JSON value is the throughput report; other sections may follow it.
    report, _ = json.JSONDecoder().raw_decode(output)
    return report


def timed(iterations: int, prepare, body) -> list:
    """One warm-up, then `iterations` timed runs of body(prepare())."""
    seconds = []
    for run in range(iterations + 1):
        state = prepare()
        start = time.perf_counter()
        body(state)
        elapsed = time.perf_counter() - start
        if run > 0:
            seconds.append(elapsed)
    return sorted(seconds)


def run_llamacpp(args, ids: list) -> dict:
    from llama_cpp import Llama
    lengths = [int(x) for x in args.prefill.split(",")]
    context = max(max(lengths), args.decode_prompt + args.decode)
    llm = Llama(model_path=model_path(args.model), n_ctx=context, n_batch=512, n_ubatch=512,
                n_threads=args.threads, n_threads_batch=args.threads, logits_all=False, verbose=False)
    results = []
    for length in lengths:
        prompt = ids[:length]
        seconds = timed(args.iterations, llm.reset, lambda _: llm.eval(prompt))
        results.append({"name": f"prefill {length}", "tokens": length, "min_seconds": seconds[0],
                        "median_seconds": statistics.median(seconds)})

    decode_prompt = ids[:args.decode_prompt]
    follow = ids[args.decode_prompt:args.decode_prompt + args.decode]
    follow += [ids[i % len(ids)] for i in range(args.decode - len(follow))]

    def prepare():
        llm.reset()
        llm.eval(decode_prompt)

    def decode(_):
        for token in follow:
            llm.eval([token])

    seconds = timed(args.iterations, prepare, decode)
    results.append({"name": f"decode {args.decode} @{args.decode_prompt}", "tokens": args.decode,
                    "min_seconds": seconds[0], "median_seconds": statistics.median(seconds)})
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"results": results, "peak_rss_mib": peak}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--guide", default=str(pathlib.Path(__file__).resolve().parent.parent / ".build/release/guide"))
    parser.add_argument("--iterations", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--prefill", default="128,512,2048")
    parser.add_argument("--decode", type=int, default=128)
    parser.add_argument("--decode-prompt", type=int, default=512)
    args = parser.parse_args()

    guide = run_guide(args)
    llama = run_llamacpp(args, guide["prompt_ids"])
    print(f"model {args.model}: guide {guide['threads']} threads, llama.cpp {args.threads} threads; "
          f"1 warm-up + {args.iterations} runs; tokens/s (best / median)")
    print(f"{'case':<20} {'guide':>17} {'llama.cpp':>17} {'ratio':>13}")
    for ours, theirs in zip(guide["results"], llama["results"]):
        n = ours["tokens"]
        g_best, g_med = n / ours["min_seconds"], n / ours["median_seconds"]
        l_best, l_med = n / theirs["min_seconds"], n / theirs["median_seconds"]
        print(f"{ours['name']:<20} {g_best:8.1f} / {g_med:6.1f} {l_best:8.1f} / {l_med:6.1f} "
              f"{g_best / l_best:6.2f} / {g_med / l_med:4.2f}")
    print(f"{'peak RSS MiB':<20} {guide['peak_rss_mebibytes']:17.1f} {llama['peak_rss_mib']:17.1f}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
