#!/usr/bin/env bash
# The main job: set up what building needs (no test-only packages), then build and pack every
# charm into charms/<name>/<name>_amd64.charm (and the framework's example charm).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-build.sh
npm run pack
