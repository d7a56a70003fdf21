#!/usr/bin/env bash
# Every test: set the machine up, lint and typecheck, then the unit and integration suites.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
npm run lint
npm test
