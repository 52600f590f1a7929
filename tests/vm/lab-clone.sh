#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The lab test (ctest label `vm`): two real Debian 12 servers in qemu that differ as two
# servers do, the packages installed from the .debs, the agent enabled and active under
# systemd, its pairing code read with `servertwin-agent pairing-code`; then lab-live.sh: a clone
# of the shipped debian-server profile from the Primary guest onto the Secondary guest's live /,
# applied at boot by `servertwin-cli reboot` (a new boot id, the same pin), verified by a hash
# walk inside both, a second clone, a rollback, power cuts during the apply, and a refusal
# (issues 11 and 12); last, the packages are purged and leave nothing behind.
# Usage: tests/vm/lab-clone.sh DEBDIR      (root; the lab's env: see scripts/vm-lab)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
lab=$here/../../scripts/vm-lab
debs=${1:?usage: lab-clone.sh DEBDIR}
[ -d "$debs" ] || { echo "lab-clone: no package directory $debs (scripts/build-debs.sh $debs)" >&2; exit 1; }
debs=$(cd "$debs" && pwd)
compgen -G "$debs/servertwin_*.deb" >/dev/null && compgen -G "$debs/servertwin-agent_*.deb" >/dev/null ||
  { echo "lab-clone: $debs holds no servertwin and servertwin-agent .deb (scripts/build-debs.sh $debs)" >&2; exit 1; }

t_start=$(date +%s)
step() { echo "== lab: $* ($(($(date +%s) - t_start)) s)"; }
fail() { echo "lab-clone: FAILED: $*" >&2; exit 1; }
p() { "$lab" run primary -- "$@"; }
s() { "$lab" run secondary -- "$@"; }
work=$(mktemp -d)
cleanup() {
  local rc=$?
  if ((rc != 0)); then
    for g in primary secondary; do
      echo "---- $g console (tail)" >&2
      "$lab" console "$g" 30 >&2 2>/dev/null || true
    done
  fi
  "$lab" down || true
  rm -rf "$work"
  exit $rc
}
trap cleanup EXIT

"$lab" down >/dev/null 2>&1 || true
step "image"
t0=$(date +%s)
"$lab" image --debs "$debs"
image_s=$(($(date +%s) - t0))
step "up (boot both guests, install the packages)"
t0=$(date +%s)
"$lab" up --debs "$debs"
up_s=$(($(date +%s) - t0))
boot_s=$(cat "${ST_LAB_RUN:-/run/servertwin-lab}/boot-seconds")

step "the guests differ as two servers do"
for what in 'findmnt -no UUID /' 'cat /etc/machine-id' 'hostname' 'cat /etc/ssh/ssh_host_ed25519_key.pub' \
  'cat /sys/class/net/e*/address | sort | tr "\n" " "' 'cat /sys/class/dmi/id/product_name' 'nproc' 'ls /sys/class/net | grep -vc "^lo$"'; do
  a=$(p sh -c "$what") b=$(s sh -c "$what")
  [ "$a" != "$b" ] || fail "both guests have the same '$what': $a"
done
[ "$(s sh -c 'ls /sys/class/net | grep -vc "^lo$"')" -eq $(($(p sh -c 'ls /sys/class/net | grep -vc "^lo$"') + 1)) ] ||
  fail "the Secondary does not have one NIC more than the Primary"
p ping -c 1 -W 5 198.18.10.2 >/dev/null || fail "the Primary cannot reach the Secondary over the link"

step "packages in place, agent started by systemd"
p servertwin-cli --version
s servertwin-agent --help >/dev/null
s test -f /lib/systemd/system/servertwin-agent.service || fail "no unit file"
[ "$(s systemctl is-enabled servertwin-agent)" = enabled ] || fail "servertwin-agent is not enabled"
[ "$(s systemctl is-active servertwin-agent)" = active ] || fail "servertwin-agent is not active after install"
p test -f /usr/share/servertwin/profiles/debian-server.json || fail "no shipped debian-server profile"

# With ST_LAB_CAPTURE=DIR, the inventory fixtures of both guests (tests/fixtures/inventory).
if [ -n "${ST_LAB_CAPTURE:-}" ]; then
  for g in primary secondary; do
    "$lab" copy-in "$g" "$here/../../scripts/capture-inventory.sh" /tmp/capture-inventory.sh
    "$lab" run "$g" -- sh -c "rm -rf /tmp/fixture && bash /tmp/capture-inventory.sh /tmp/fixture >/dev/null && tar -C /tmp/fixture -cf /tmp/fixture.tar ."
    "$lab" copy-out "$g" /tmp/fixture.tar "$work/$g-fixture.tar"
    rm -rf "$ST_LAB_CAPTURE/lab-$g" && mkdir -p "$ST_LAB_CAPTURE/lab-$g" && tar -C "$ST_LAB_CAPTURE/lab-$g" -xf "$work/$g-fixture.tar"
  done
  echo "captured the guests' inventories into $ST_LAB_CAPTURE"
fi

step "the pairing code, read on the Secondary's console with servertwin-agent pairing-code"
for _ in $(seq 30); do s servertwin-agent pairing-code >"$work/code" 2>/dev/null && break; sleep 1; done
code=$(sed -n 's/^Pairing code: //p' "$work/code")
fingerprint=$(sed -n 's/^Certificate fingerprint: //p' "$work/code")
[ -n "$code" ] && [ -n "$fingerprint" ] || fail "no pairing code from 'servertwin-agent pairing-code': $(cat "$work/code")"
echo "pairing code read on the Secondary; its fingerprint $fingerprint"
printf '%s\n' "$code" >"$work/pairing-code"
chmod 600 "$work/pairing-code"
"$lab" copy-in primary "$work/pairing-code" /root/pairing-code

# Issue 12: the clone applied to the Secondary's live / at boot, a second clone, a rollback.
bash "$here/lab-live.sh" "$work" "$fingerprint"

step "purge leaves nothing behind"
p sh -c 'DEBIAN_FRONTEND=noninteractive apt-get purge -y -q servertwin >/dev/null'
# The Secondary is the Primary's twin now: it carries the Primary's servertwin package too.
s sh -c 'DEBIAN_FRONTEND=noninteractive apt-get purge -y -q servertwin-agent servertwin >/dev/null'
for f in /usr/bin/servertwin /usr/bin/servertwin-cli /usr/share/servertwin /usr/share/man/man1/servertwin-cli.1.gz \
  /usr/share/bash-completion/completions/servertwin-cli; do
  if p test -e "$f"; then fail "the Primary still has $f after purge"; fi
done
for f in /usr/bin/servertwin-agent /lib/systemd/system/servertwin-agent.service /var/lib/servertwin-agent \
  /etc/systemd/system/multi-user.target.wants/servertwin-agent.service; do
  if s test -e "$f"; then fail "the Secondary still has $f after purge"; fi
done
[ "$(s systemctl is-active servertwin-agent || true)" != active ] || fail "servertwin-agent still runs after purge"
if p sh -c 'dpkg -l | grep -q "servertwin"'; then fail "dpkg still knows servertwin on the Primary"; fi
if s sh -c 'dpkg -l | grep -q "servertwin"'; then fail "dpkg still knows servertwin-agent on the Secondary"; fi

step "passed"
printf 'lab figures: image %s s (%s), guests up in %s s, packages installed (up total %s s)\n' \
  "$image_s" "$( [ "$image_s" -lt 10 ] && echo cached || echo built)" "$boot_s" "$up_s"
