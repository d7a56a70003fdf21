#!/usr/bin/env bash
# Every test: set up for building and testing, lint and typecheck, then the unit and
# integration suites.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-build.sh
bash scripts/setup-test.sh
npm run lint
# The unit suite is in-process and CPU-bound: both cores. The integration suite runs its files one
# at a time (vitest's default on 2 cores): its real apps, pods and hook timings share the machine.
npx vitest run --project unit --maxWorkers 2
npx vitest run --project integration
