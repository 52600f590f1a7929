#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The lab test (ctest label `vm`): two real Debian 12 servers in qemu, the packages installed
# from the .debs, a clone of the shipped debian-server profile from the Primary guest to the
# Secondary guest's agent, verified by a hash walk inside both; then the Secondary reboots and
# its agent answers again with a new boot id and the same pin; then the clone onto the
# Secondary's live / applied at boot, a second clone and a rollback (lab-live.sh, issue 12);
# last, the packages are purged and leave nothing behind.
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
  'cat /sys/class/net/ens3/address' 'nproc' 'ls /sys/class/net | grep -vc "^lo$"'; do
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

step "the Secondary's agent restores into the sandbox root /srv/twin (a systemd drop-in)"
s sh -c 'mkdir -p /etc/systemd/system/servertwin-agent.service.d /srv/twin &&
  printf "[Service]\nExecStart=\nExecStart=/usr/bin/servertwin-agent --listen 0.0.0.0:7443 --root /srv/twin --state-dir /var/lib/servertwin-agent\n" \
    >/etc/systemd/system/servertwin-agent.service.d/sandbox-root.conf &&
  systemctl daemon-reload && systemctl restart servertwin-agent'
for _ in $(seq 30); do s servertwin-agent pairing-code >"$work/code" 2>/dev/null && break; sleep 1; done
code=$(sed -n 's/^Pairing code: //p' "$work/code")
fingerprint=$(sed -n 's/^Certificate fingerprint: //p' "$work/code")
[ -n "$code" ] && [ -n "$fingerprint" ] || fail "no pairing code from 'servertwin-agent pairing-code': $(cat "$work/code")"
echo "pairing code read on the Secondary; its fingerprint $fingerprint"

step "clone: servertwin-cli in the Primary, debian-server profile, to 198.18.10.2:7443"
printf '%s\n' "$code" >"$work/pairing-code"
chmod 600 "$work/pairing-code"
"$lab" copy-in primary "$work/pairing-code" /root/pairing-code
t0=$(date +%s)
p servertwin-cli clone --secondary 198.18.10.2:7443 --pairing-code-file /root/pairing-code \
  --profile /usr/share/servertwin/profiles/debian-server.json --snapshot auto \
  --report /root/clone-report.json || fail "the clone failed"
clone_s=$(($(date +%s) - t0))
"$lab" copy-out primary /root/clone-report.json "$work/report.json"
# One read of the report: its counts and the Secondary's fingerprint; the paths it says changed
# while read (they may differ in the hash walk) into $work/changed; what it skipped, shown.
read -r entries files bytes changed reported < <(python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
c = r["counts"]
with open(sys.argv[2], "w") as out:
    for p in sorted(r["changedWhileRead"]):
        out.write(p.lstrip("/") + "\n")
for p in r["skipped"]:
    print("skipped:", p, file=sys.stderr)
print(c["entries"], c["files"], c["bytes"], c["changedWhileRead"], r["secondary"]["fingerprint"].lower())' \
  "$work/report.json" "$work/changed")
[ -n "${reported:-}" ] || fail "cannot read the clone report $work/report.json"
sort -o "$work/changed" "$work/changed"
echo "report: $entries entries, $files files, $bytes bytes, $changed changed while read"
# The report names the Secondary by its certificate's SHA-256 in hex; the console as SHA256:AB:CD:...
shown=$(echo "${fingerprint#SHA256:}" | tr -d ':' | tr 'A-F' 'a-f')
[ "$reported" = "$shown" ] ||
  fail "the report's Secondary fingerprint ($reported) is not the one the Secondary's console shows ($fingerprint)"

step "hash walk: /srv/twin on the Secondary against / on the Primary"
"$lab" copy-in secondary "$here/walk-tree.sh" /root/walk-tree.sh
"$lab" copy-in primary "$here/walk-tree.sh" /root/walk-tree.sh
t0=$(date +%s)
s sh -c 'cd /srv/twin && find . -mindepth 1 -printf "%P\0" >/root/paths && sh /root/walk-tree.sh /srv/twin /root/walk'
"$lab" copy-out secondary /root/paths "$work/paths"
"$lab" copy-out secondary /root/walk "$work/secondary.walk"
"$lab" copy-in primary "$work/paths" /root/paths
p sh /root/walk-tree.sh / /root/walk /root/paths
"$lab" copy-out primary /root/walk "$work/primary.walk"
walk_s=$(($(date +%s) - t0))
n=$(wc -l <"$work/secondary.walk")
echo "walked $n entries in $walk_s s"
[ "$n" -eq "$entries" ] || fail "the Secondary holds $n entries below /srv/twin, the report says $entries were cloned"
# Files the Primary changed while they were read ($work/changed, from the report) may differ.
diff "$work/primary.walk" "$work/secondary.walk" | sed -n 's/^[<>] //p' | awk '{print $NF}' | sort -u >"$work/differing" || true
unexpected=$(comm -23 "$work/differing" "$work/changed")
if [ -n "$unexpected" ]; then
  diff "$work/primary.walk" "$work/secondary.walk" | head -40 >&2 || true
  fail "entries differ between the Primary's / and the Secondary's /srv/twin: $(echo "$unexpected" | head -10 | tr '\n' ' ')"
fi
for must in etc/hostname etc/machine-id usr/bin/servertwin-cli etc/ssh/sshd_config usr/sbin/sshd; do
  grep -q " $must\$" "$work/secondary.walk" || fail "the clone lacks $must"
done
for mustnot in var/cache var/log proc sys dev run tmp; do
  if grep -q -E " $mustnot(/|\$)" "$work/secondary.walk"; then fail "the clone holds $mustnot, which the profile leaves out"; fi
done
[ "$(s cat /srv/twin/etc/hostname)" = primary ] || fail "the clone's /etc/hostname is not the Primary's"

step "reboot of the Secondary: a new boot, the same agent, the same pin"
boot1=$(s cat /proc/sys/kernel/random/boot_id)
t0=$(date +%s)
s systemctl reboot || true
# Until it answers with another boot id (its sshd may still answer for a moment before it stops).
boot2=$boot1
while [ "$boot2" = "$boot1" ]; do
  (($(date +%s) - t0 < 300)) || fail "the Secondary did not come back with a new boot id within 300 s"
  sleep 2
  "$lab" wait secondary 300
  boot2=$(s cat /proc/sys/kernel/random/boot_id 2>/dev/null || echo "$boot1")
done
reboot_s=$(($(date +%s) - t0))
echo "new boot id $boot2 after $reboot_s s"
for _ in $(seq 60); do [ "$(s systemctl is-active servertwin-agent)" = active ] && break; sleep 1; done
[ "$(s systemctl is-active servertwin-agent)" = active ] || fail "servertwin-agent is not active after the reboot"
s servertwin-agent pairing-code >"$work/code2" 2>/dev/null || true
[ "$(sed -n 's/^Certificate fingerprint: //p' "$work/code2")" = "$fingerprint" ] ||
  fail "the agent's certificate changed across the reboot: $(cat "$work/code2")"
# The Primary is still pinned: a clone without any pairing code is accepted.
cat >"$work/small.json" <<'EOF'
{ "version": 1, "name": "after reboot", "sourceRoot": "/",
  "os": { "include": ["/etc/hostname", "/etc/machine-id"], "exclude": [] },
  "product": { "include": [], "exclude": [] }, "applications": [],
  "include": [], "exclude": [], "includeApplicationData": false }
EOF
"$lab" copy-in primary "$work/small.json" /root/small.json
p servertwin-cli clone --secondary 198.18.10.2:7443 --profile /root/small.json --snapshot none \
  --timeout 60 --report /root/small-report.json || fail "the pinned Primary was not accepted after the Secondary's reboot"

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
printf 'lab figures: image %s s (%s), guests up in %s s, packages installed (up total %s s), clone %s s (%s files, %s MiB), hash walk %s s, reboot to agent answering %s s\n' \
  "$image_s" "$( [ "$image_s" -lt 10 ] && echo cached || echo built)" "$boot_s" "$up_s" "$clone_s" "$files" "$((bytes / 1048576))" "$walk_s" "$reboot_s"
