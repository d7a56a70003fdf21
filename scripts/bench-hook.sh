#!/usr/bin/env bash
# npm run bench: hook benchmarks as whole processes (see docs/performance.md).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { echo "hyperfine is missing: run bash scripts/setup-test.sh (as root) first" >&2; exit 1; }
node scripts/run-ts.mjs scripts/bench/hook-bench.ts
