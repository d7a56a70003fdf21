#!/usr/bin/env bash
# Every test: set up for building and testing, lint and typecheck, then the unit and
# integration suites.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-build.sh
bash scripts/setup-test.sh
npm run lint
npm test
