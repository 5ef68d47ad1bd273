#!/usr/bin/env bash
# Builds `guide` in release mode and compares GuideLang with CPython on the benchmark scripts.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
swift build -c release --product guide >/dev/null
python3 bench/language/compare.py --guide "$root/.build/release/guide" "$@"
