#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# package-test.sh DEBDIR: installs the .debs in DEBDIR on this Debian 12 machine the way an
# engineer does (apt-get install ./DEBDIR/*.deb, dependencies from the archive), checks that the
# programs run and the unit file is in place, purges both packages and the dependencies apt
# brought (nothing else), and checks that nothing is left behind: the same packages as before and the same
# files outside the places apt and dpkg keep their own records (/var/lib/dpkg, /var/lib/apt,
# /var/cache, /var/log). Meant for a throw-away machine or chroot, e.g.
#   ../shared/tools/fresh-debian 'scripts/build-debs.sh /root/debs && scripts/package-test.sh /root/debs'
# systemd need not be PID 1 (in a chroot the service is enabled but not started).
set -euo pipefail
dir=${1:?usage: package-test.sh DEBDIR}
[ "$(id -u)" -eq 0 ] || { echo "package-test: must run as root" >&2; exit 1; }
dir=$(cd "$dir" && pwd)
debs=("$dir"/servertwin_*.deb "$dir"/servertwin-agent_*.deb)
for f in "${debs[@]}"; do [ -f "$f" ] || { echo "package-test: no $f" >&2; exit 1; }; done
export DEBIAN_FRONTEND=noninteractive
fail() { echo "package-test: FAILED: $*" >&2; exit 1; }
work=$(mktemp -d)
# On a failure half-way the packages do not stay behind.
trap 'rc=$?; if ((rc)); then apt-get purge -y -q servertwin servertwin-agent >/dev/null 2>&1; fi; rm -rf "$work"; exit $rc' EXIT

# What this machine holds before: packages, and files outside the package manager's records.
snapshot() {
  dpkg-query -W -f='${Package} ${Version}\n' | sort >"$1.packages"
  find / -xdev \( -path /proc -o -path /sys -o -path /dev -o -path /run -o -path /tmp \
    -o -path /var/tmp -o -path /var/lib/dpkg -o -path /var/lib/apt -o -path /var/cache \
    -o -path /var/log -o -path /root -o -path "$dir" -o -path "$work" -o -path /etc/ld.so.cache \
    -o -path /var/lib/systemd/deb-systemd-helper-enabled -o -path /var/lib/systemd/deb-systemd-helper-masked \
    -o -path /usr/share/info/dir -o -path /var/lib/ucf \) -prune -o -print | sort >"$1.files"
}
snapshot "$work/before"

echo "== apt-get install ${debs[*]##*/}"
apt-get install -y -q --no-install-recommends "${debs[@]}" >"$work/install.log" 2>&1 ||
  { tail -20 "$work/install.log" >&2; fail "apt-get install failed"; }
grep -E '^(Setting up|servertwin-agent:)' "$work/install.log" | grep -E 'servertwin' || true

echo "== the programs run"
servertwin-cli --version || fail "servertwin-cli --version"
servertwin-agent --help >/dev/null || fail "servertwin-agent --help"
servertwin-agent --version || fail "servertwin-agent --version"
[ -x /usr/bin/servertwin ] || fail "no /usr/bin/servertwin"
QT_QPA_PLATFORM=offscreen servertwin --help >/dev/null || fail "servertwin --help"
echo "== in place: unit, man pages, completion, desktop file, profiles"
for f in /lib/systemd/system/servertwin-agent.service /usr/share/man/man1/servertwin.1.gz \
  /usr/share/man/man1/servertwin-cli.1.gz /usr/share/man/man8/servertwin-agent.8.gz \
  /usr/share/bash-completion/completions/servertwin-cli /usr/share/applications/servertwin.desktop \
  /usr/share/servertwin/profiles/debian-server.json; do
  [ -e "$f" ] || fail "missing $f"
  echo "  $f"
done
[ -L /etc/systemd/system/multi-user.target.wants/servertwin-agent.service ] ||
  fail "servertwin-agent.service is not enabled"
if command -v systemd-analyze >/dev/null; then
  systemd-analyze verify /lib/systemd/system/servertwin-agent.service 2>&1 | grep -v 'is not PID 1\|Failed to' | grep . &&
    fail "systemd-analyze verify complains about the unit" || true
fi
# The agent's state appears (as on first start) and must go with the purge.
mkdir -p -m 700 /var/lib/servertwin-agent "$work/root"
servertwin-agent --listen 127.0.0.1:0 --root "$work/root" --state-dir /var/lib/servertwin-agent \
  --port-file "$work/port" >"$work/agent.log" 2>&1 &
agent=$!
for _ in $(seq 50); do [ -s "$work/port" ] && break; sleep 0.1; done
kill "$agent" 2>/dev/null || true
wait "$agent" 2>/dev/null || true
[ -n "$(ls -A /var/lib/servertwin-agent)" ] || fail "the agent wrote no state (log: $(cat "$work/agent.log"))"

# Exactly what the install added: the two packages and the dependencies apt brought with them.
dpkg-query -W -f='${Package} ${Version}\n' | sort >"$work/installed.packages"
mapfile -t added < <(comm -13 "$work/before.packages" "$work/installed.packages" | cut -d' ' -f1)
echo "== apt-get purge ${added[*]}"
apt-get purge -y -q "${added[@]}" >"$work/purge.log" 2>&1 ||
  { tail -20 "$work/purge.log" >&2; fail "apt-get purge failed"; }
snapshot "$work/after"
if ! diff -u "$work/before.packages" "$work/after.packages"; then
  fail "the packages after purge are not those before install"
fi
if ! diff -u "$work/before.files" "$work/after.files"; then
  fail "files differ after purge from before install (above)"
fi
echo "package-test: passed (installed, ran, purged; nothing left behind)"
