#!/usr/bin/env bash
# What running the stack on the embedded controller needs beyond the build (`charmarr up`):
# bubblewrap (the pods' containers), iproute2 (their network namespaces), openssl (the
# Kubernetes API's certificates) and the real download clients qbittorrent-nox and sabnzbdplus.
# The same apt logic as the tests' setup, with the shorter list: as root it installs what is
# missing; otherwise it stops and prints the commands to run.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/setup-test.sh
source scripts/setup-test.sh
APT_PACKAGES=(bubblewrap openssl iproute2 qbittorrent-nox sabnzbdplus)
NEEDED_BY="the embedded stack"
SETUP_SCRIPT=scripts/setup-run.sh
main "$@"
