#!/usr/bin/env bash
# Experiment rows one by one and side by side: bench/parallel_rows.guide run with
# --parallel 1 and --parallel N (default 8), each --fresh into its own results folder.
# Prints each run's experiment time (the sum of the log's per-row `_seconds`, i.e. the
# rows' wall time without model loading and document sampling), the speed-up, and whether
# every row generated the same tokens both ways (exit 1 if not).
#   bench/parallel_rows.sh [N] [name=value …]      e.g. bench/parallel_rows.sh 8 rows=8 prompt_tokens=2000
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
guide="${GUIDE:-$root/.build/release/guide}"
together="${1:-8}"
shift || true
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

for n in 1 "$together"; do
    "$guide" run bench/parallel_rows.guide "$@" --fresh --parallel "$n" --results "$scratch/p$n" > "$scratch/p$n.out"
done

python3 - "$scratch/p1/parallel_rows.jsonl" "$scratch/p$together/parallel_rows.jsonl" "$together" <<'PY'
import json, sys
def rows(path):
    lines = [json.loads(line) for line in open(path, encoding="utf-8")]
    return {l["doc"]: l for l in lines}, sum(l.get("_seconds", 0) for l in lines)
alone, alone_s = rows(sys.argv[1])
side, side_s = rows(sys.argv[2])
same = alone.keys() == side.keys() and all(alone[k]["tokens"] == side[k]["tokens"] for k in alone)
tokens = sum(r["generated"] for r in alone.values())
prompt = sum(r["prompt_tokens"] for r in alone.values()) / max(len(alone), 1)
print(f"{len(alone)} rows, mean prompt {prompt:.0f} tokens, {tokens} generated tokens in all")
print(f"one by one        {alone_s:8.1f} s")
print(f"--parallel {sys.argv[3]:<6} {side_s:8.1f} s   ({alone_s / side_s:.2f}x)")
print("identical tokens in every row" if same else "TOKENS DIFFER")
sys.exit(0 if same else 1)
PY
