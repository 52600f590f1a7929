#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# shipped-load-test.sh DEBDIR BUILD_DIR: the load test (tests/load: hostile connections of every
# kind during a real clone) against the shipped programs: installs the .debs in DEBDIR, runs
# BUILD_DIR's test_load with ST_PROGRAM_DIR=/usr/bin (the installed servertwin-agent and
# servertwin-cli), where the agent's memory bound (128 MiB) is checked, which a sanitized
# build's own agent cannot be held to; then purges the packages and what apt brought with them.
# BUILD_DIR is built with scripts/run-sanitized-tests.sh (CI's test build), which runs it.
# Root; meant for a throw-away machine (CI), where systemd is not PID 1 (the agent's service
# is installed but not started).
set -euo pipefail
usage="usage: shipped-load-test.sh DEBDIR BUILD_DIR"
debs=$(cd "${1:?$usage}" && pwd)
build=${2:?$usage}
[ "$(id -u)" -eq 0 ] || { echo "shipped-load-test: must run as root" >&2; exit 1; }
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive
packages() { dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' | awk '$1 ~ /^ii/ {print $2}' | sort; }
before=$(packages)
cleanup() {
  local rc=$? brought
  apt-get purge -y -q servertwin servertwin-agent >/dev/null 2>&1 || true
  brought=$(comm -13 <(echo "$before") <(packages) | tr '\n' ' ')
  if [ -n "$brought" ]; then
    # shellcheck disable=SC2086
    apt-get purge -y -q $brought >/dev/null 2>&1 || true
  fi
  exit "$rc"
}
trap cleanup EXIT
apt-get install -y -q --no-install-recommends "$debs"/servertwin_*.deb "$debs"/servertwin-agent_*.deb >/dev/null
echo "shipped-load-test: $(servertwin-agent --version 2>/dev/null | head -1) from $debs"
ST_PROGRAM_DIR=/usr/bin bash scripts/run-sanitized-tests.sh "$build" -R '^test_load:'
