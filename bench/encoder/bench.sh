#!/usr/bin/env bash
# Embedding throughput of the encoder (sentences/s) on the fixture sentences, through the
# `embed` builtin: one call per sentence, and all sentences in one call (batched forward
# passes). Loading time is subtracted by timing a run of one sentence.
# Usage: bench/encoder/bench.sh [N]   (GUIDE_THREADS=2 by default; the encoder file must be cached)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
n="${1:-256}"
export GUIDE_THREADS="${GUIDE_THREADS:-2}"
# The release build the tests use (`scripts/build` / `swift build -c release -Xswiftc -enable-testing`).
swift build -c release -Xswiftc -enable-testing --product guide >/dev/null
guide="$(swift build -c release -Xswiftc -enable-testing --show-bin-path)/guide"
seconds() {
    local start end
    start=$(date +%s.%N)
    "$guide" run bench/encoder/embed.guide "$@" >/dev/null
    end=$(date +%s.%N)
    echo "$end - $start" | bc -l
}
for batched in false true; do
    base=$(seconds n=1 batched=$batched)
    full=$(seconds n="$n" batched=$batched)
    rate=$(echo "($n - 1) / ($full - $base)" | bc -l)
    printf 'batched=%-5s threads=%s  %d sentences: %.2f s (load + 1 sentence %.2f s)  %.1f sentences/s\n' \
        "$batched" "$GUIDE_THREADS" "$n" "$full" "$base" "$rate"
done
