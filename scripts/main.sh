#!/usr/bin/env bash
# The main job: set up what building and running the stack need, build and pack every charm
# (charms/<name>/<name>_amd64.charm and the framework's example), then `charmarr up`: the
# embedded controller in the background and the whole stack of bundle.yaml on it, ending at the
# status table and the next steps. Run it again: it changes nothing (`charmarr down` stops it).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-build.sh
bash scripts/setup-run.sh
npm run pack
node libs/cli/bin/charmarr.mjs up
