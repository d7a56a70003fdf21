#!/usr/bin/env bash
# What the tests need beyond the build: Debian packages. bubblewrap: container filesystems for
# workloads under the engine's Pebble; openssl: the CA and server certificate of the engine's
# Kubernetes API; iproute2: the pods' network namespaces, bridge and veths (`ip`); tox: the tox envs; hyperfine and GNU time: benchmarks;
# qbittorrent-nox and sabnzbdplus: the real download clients the qBittorrent and SABnzbd
# charms drive in the tests.
#
# Debian 12: sabnzbdplus is in contrib and needs unrar from non-free (shared/specs/workloads.md
# §2.1). Ubuntu: qbittorrent-nox is in universe, sabnzbdplus in multiverse. The components
# missing from apt's sources are added in a file of their own, for the mirror and release the
# machine already uses. Any other distribution: stop, naming the packages. As root it installs
# what is missing; otherwise it stops at once and prints the commands to run.
#
# Tests source this file and call its functions; CHARMARR_OS_RELEASE and CHARMARR_APT_DIR point
# it at a fake /etc/os-release and /etc/apt.
set -euo pipefail

APT_PACKAGES=(bubblewrap openssl iproute2 tox hyperfine time qbittorrent-nox sabnzbdplus)
# Who needs them, for the messages (scripts/setup-run.sh reuses this file for a shorter list).
NEEDED_BY="the tests"
SETUP_SCRIPT=scripts/setup-test.sh
OS_RELEASE=${CHARMARR_OS_RELEASE:-/etc/os-release}
APT_DIR=${CHARMARR_APT_DIR:-/etc/apt}

# One field of os-release (ID, VERSION_CODENAME, PRETTY_NAME...), empty if unset.
os_field() {
  [[ -r $OS_RELEASE ]] || return 0
  (
    # shellcheck disable=SC1090
    . "$OS_RELEASE"
    printf '%s' "${!1:-}"
  )
}

# debian, ubuntu or other.
distro() {
  case "$(os_field ID)" in
    debian) echo debian ;;
    ubuntu) echo ubuntu ;;
    *) echo other ;;
  esac
}

# The apt components the packages need on this distribution.
needed_components() {
  case "$(distro)" in
    debian) echo contrib non-free ;;
    ubuntu) echo universe multiverse ;;
  esac
}

# Every component apt's sources enable now (one-line .list and deb822 .sources files), one a line.
enabled_components() {
  local files=()
  [[ -f $APT_DIR/sources.list ]] && files+=("$APT_DIR/sources.list")
  local f
  for f in "$APT_DIR"/sources.list.d/*.list "$APT_DIR"/sources.list.d/*.sources; do
    [[ -f $f ]] && files+=("$f")
  done
  ((${#files[@]})) || return 0
  awk '
    /^[[:space:]]*#/ { next }
    $1 == "deb" { i = 2; if ($i ~ /^\[/) { while ($i !~ /\]$/) i++; i++ } for (j = i + 2; j <= NF; j++) print $j; next }
    $1 == "Components:" { for (j = 2; j <= NF; j++) print $j }
  ' "${files[@]}"
}

# The needed components that no source enables yet (space-separated; empty: nothing to add).
missing_components() {
  local enabled c out=()
  enabled=$(enabled_components)
  for c in $(needed_components); do
    grep -qxF -- "$c" <<<"$enabled" || out+=("$c")
  done
  echo "${out[*]}"
}

# The mirror the machine uses for this distribution (deb822 file first, then sources.list).
mirror() {
  local d=$1 uri=""
  if [[ -f $APT_DIR/sources.list.d/$d.sources ]]; then
    uri=$(awk '/^URIs:/ {print $2; exit}' "$APT_DIR/sources.list.d/$d.sources")
  fi
  if [[ -z $uri && -f $APT_DIR/sources.list ]]; then
    uri=$(awk -v d="$d" '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ "^https?://" && $i ~ d) { print $i; exit } }' \
      "$APT_DIR/sources.list")
  fi
  if [[ -z $uri ]]; then
    case "$d" in
      debian) uri=http://deb.debian.org/debian ;;
      ubuntu) uri=http://archive.ubuntu.com/ubuntu ;;
    esac
  fi
  echo "$uri"
}

# The sources file to add: its path on the first line, then its content. Nothing when the
# components are already enabled. Fails on a distribution it does not know.
sources_plan() {
  local d missing suite
  d=$(distro)
  if [[ $d == other ]]; then
    echo "setup: $(os_field PRETTY_NAME || true) is neither Debian nor Ubuntu; install these packages yourself:" >&2
    echo "  ${APT_PACKAGES[*]}" >&2
    echo "(sabnzbdplus needs unrar; on Debian they are in main, contrib and non-free, on Ubuntu in universe and multiverse)" >&2
    return 1
  fi
  missing=$(missing_components)
  [[ -z $missing ]] && return 0
  suite=$(os_field VERSION_CODENAME)
  if [[ -z $suite ]]; then
    echo "setup: $OS_RELEASE has no VERSION_CODENAME; add the apt components '$missing' by hand" >&2
    return 1
  fi
  local file keyring
  case "$d" in
    debian) file=charmarr-contrib.sources keyring=/usr/share/keyrings/debian-archive-keyring.gpg ;;
    ubuntu) file=charmarr-universe.sources keyring=/usr/share/keyrings/ubuntu-archive-keyring.gpg ;;
  esac
  cat <<EOF_PLAN
$APT_DIR/sources.list.d/$file
Types: deb
URIs: $(mirror "$d")
Suites: $suite $suite-updates
Components: $missing
Signed-By: $keyring
EOF_PLAN
}

missing_packages() {
  local pkg out=()
  for pkg in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || out+=("$pkg")
  done
  echo "${out[*]}"
}

is_root() { [[ $(id -u) -eq 0 ]]; }

main() {
  local missing plan
  if ! command -v dpkg-query >/dev/null && [[ $(distro) == other ]]; then
    sources_plan
    return 1
  fi
  missing=$(missing_packages)
  [[ -z $missing ]] && return 0
  plan=$(sources_plan) || return 1
  if ! is_root; then
    echo "missing packages $NEEDED_BY need: $missing" >&2
    echo "run as root: bash $SETUP_SCRIPT   or run these commands:" >&2
    if [[ -n $plan ]]; then
      echo "  sudo tee $(head -n1 <<<"$plan") >/dev/null <<'EOF'" >&2
      tail -n +2 <<<"$plan" | sed 's/^/  /' >&2
      echo "  EOF" >&2
    fi
    echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends $missing" >&2
    return 1
  fi
  if [[ -n $plan ]]; then
    tail -n +2 <<<"$plan" >"$(head -n1 <<<"$plan")"
  fi
  apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
  main "$@"
fi
