#!/usr/bin/env bash
# Detection throughput (texts/s) of the Swift langdetect port (`guide run`) and of Python's
# langdetect 1.0.9 on the agreement fixture's texts; profile loading is timed apart.
#   bench/langdetect_bench.sh [PYTHON_WITH_LANGDETECT] [PASSES]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
python="${1:-python3}"
passes="${2:-3}"
guide="$root/.build/release/guide"
fixture="Tests/RuntimeTests/Fixtures/langdetect/langdetect.jsonl"
texts=$(wc -l < "$fixture")

seconds() { local start end; start=$(date +%s.%N); "$@" > /dev/null; end=$(date +%s.%N); echo "$end - $start" | bc -l; }

load=$(seconds "$guide" run bench/langdetect_bench.guide passes=0)
full=$(seconds "$guide" run bench/langdetect_bench.guide passes="$passes")
printf 'swift   load+startup %.2f s; %d texts x %d passes in %.2f s: %.0f texts/s\n' \
    "$load" "$texts" "$passes" "$(echo "$full - $load" | bc -l)" "$(echo "$texts * $passes / ($full - $load)" | bc -l)"

"$python" - "$fixture" "$passes" <<'PY'
import json, sys, time
from langdetect import DetectorFactory, detect
from langdetect.lang_detect_exception import LangDetectException
DetectorFactory.seed = 0
texts = [json.loads(line)['text'] for line in open(sys.argv[1], encoding='utf-8')]
passes = int(sys.argv[2])
start = time.perf_counter()
detect('Chargement des profils.')
load = time.perf_counter() - start
start = time.perf_counter()
for _ in range(passes):
    for text in texts:
        try:
            detect(text)
        except LangDetectException:
            pass
elapsed = time.perf_counter() - start
print('python  load %.2f s; %d texts x %d passes in %.2f s: %.0f texts/s' % (load, len(texts), passes, elapsed, len(texts) * passes / elapsed))
PY
