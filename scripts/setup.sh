#!/usr/bin/env bash
# Brings a fresh machine (Debian 12 or Ubuntu, Node 20) to where the build and every test can
# run: setup-build.sh (npm workspaces, the charm Node runtime) and setup-test.sh (the Debian
# packages the tests use). Safe to run again: both only install what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-test.sh
bash scripts/setup-build.sh
