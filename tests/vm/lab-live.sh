#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The lab test of issue 12, run by lab-clone.sh with the lab up, the packages installed and the
# Primary pinned by the Secondary's agent: a clone of the shipped debian-server profile onto the
# Secondary's live / is staged (nothing applied), `servertwin-cli reboot` reboots it, the boot
# applies the clone (system-update.target), and the Secondary comes back as the Primary's twin:
# the Primary's host name, machine-id and SSH host keys, its own fstab, disk UUIDs and boot
# loader, systemd running, the agent answering with the same pin; a hash walk of the cloned
# trees matches the Primary except the Secondary's own and regenerated files. Before it, a clone
# the Secondary could not boot is refused; after it, two more clones after changes on the
# Primary, each with the power cut during its boot-time apply (the next boot finishes it: never
# a mix), the first rolled back on request.
# The Secondary's agent runs on / (as the package installs it) and has not paired yet; the
# pairing code is in the Primary's /root/pairing-code.
# Usage: lab-live.sh WORKDIR AGENT_FINGERPRINT
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
lab=$here/../../scripts/vm-lab
work=${1:?usage: lab-live.sh WORKDIR FINGERPRINT}
fingerprint=${2:?usage: lab-live.sh WORKDIR FINGERPRINT}
t_start=$(date +%s)
step() { echo "== lab (live): $* ($(($(date +%s) - t_start)) s)"; }
fail() { echo "lab-live: FAILED: $*" >&2; exit 1; }
p() { "$lab" run primary -- "$@"; }
s() { "$lab" run secondary -- "$@"; }
agent_active() {
  local _
  for _ in $(seq 90); do [ "$(s systemctl is-active servertwin-agent 2>/dev/null)" = active ] && return 0; sleep 1; done
  return 1
}

uuid_before=$(s findmnt -no UUID /)
srv_uuid_before=$(s findmnt -no UUID /srv || true)
[ -n "$srv_uuid_before" ] || fail "the Secondary's /srv is not a filesystem of its own"
fstab_before=$(s sha256sum /etc/fstab | cut -c1-64)
host_before=$(s hostname)
p_host=$(p hostname) p_mid=$(p cat /etc/machine-id) p_key=$(p cat /etc/ssh/ssh_host_ed25519_key.pub)
[ "$host_before" != "$p_host" ] || fail "the guests already share a host name"

step "first contact with the pairing code: a clone whose kernel lacks the Secondary's disk driver is refused before any reboot"
# What the boot check reads, without the rest of the system: the kernel, its module index, the
# virtio drivers but virtio_blk (the Primary's depmod still lists it), the Secondary's e1000e
# driver, the boot tools.
kver=$(p uname -r)
m=/usr/lib/modules/$kver
cat >"$work/boot-only.json" <<JSON
{ "version": 1, "name": "boot only", "sourceRoot": "/",
  "os": { "include": ["/boot", "/etc", "/usr/sbin", "/usr/lib/grub", "$m/modules.dep", "$m/modules.builtin",
                      "$m/kernel/drivers/block", "$m/kernel/drivers/virtio", "$m/kernel/drivers/net/virtio_net.ko",
                      "$m/kernel/drivers/net/ethernet/intel/e1000e",
                      "$m/kernel/drivers/net/net_failover.ko"],
          "exclude": ["$m/kernel/drivers/block/virtio_blk.ko"] },
  "product": { "include": [], "exclude": [] }, "applications": [],
  "include": [], "exclude": [], "includeApplicationData": false }
JSON
"$lab" copy-in primary "$work/boot-only.json" /root/boot-only.json
t0=$(date +%s)
if p servertwin-cli clone --secondary 198.18.10.2:7443 --pairing-code-file /root/pairing-code --profile /root/boot-only.json \
     --snapshot none >"$work/refused.log" 2>&1; then
  fail "a clone without virtio_blk was accepted"
fi
grep -q "would not boot on this Secondary.*no virtio_blk" "$work/refused.log" || fail "the refusal does not name virtio_blk: $(tail -3 "$work/refused.log")"
[ "$(s hostname)" = "$host_before" ] && s test ! -e /system-update && s test ! -e /.servertwin-staging ||
  fail "the refused clone left something on the Secondary"
refuse_s=$(($(date +%s) - t0))

step "hardware: both guests inventoried and compared; a Secondary too small for the protection set is refused before the clone"
profile=/usr/share/servertwin/profiles/debian-server.json
t0=$(date +%s)
p servertwin-cli checklist --secondary 198.18.10.2:7443 --profile "$profile" --report /root/checklist.json >"$work/checklist.log" 2>&1 ||
  { tail -20 "$work/checklist.log" >&2; fail "the hardware checklist before the clone failed"; }
"$lab" copy-out primary /root/checklist.json "$work/checklist.json"
python3 "$here/lab-hardware.py" "$work/checklist.json" "$("$lab" spec primary)" "$("$lab" spec secondary)" \
  "$(p systemd-detect-virt || true)" "$(s systemd-detect-virt || true)" || fail "the inventories do not match what qemu gave the guests"
grep -Eq "Network interfaces +2, 2 in use \| 3" "$work/checklist.log" || fail "the checklist does not show the Secondary's extra NIC: $(grep -i 'network' "$work/checklist.log")"
# 300 MiB of the Primary's /srv cannot land on the Secondary's 256 MiB /srv disk.
p fallocate -l 300M /srv/too-big.bin
if p servertwin-cli clone --secondary 198.18.10.2:7443 --profile "$profile" --snapshot none >"$work/too-small.log" 2>&1; then
  fail "a clone that does not fit the Secondary's /srv was accepted"
fi
grep -q "not fit for this clone: disk space for the protection set: .*/srv needs 300.0 MiB" "$work/too-small.log" ||
  fail "the refusal does not name /srv: $(tail -2 "$work/too-small.log")"
s test ! -e /system-update && s test ! -e /.servertwin-staging && s test ! -e /srv/.servertwin-staging ||
  fail "the refused clone left something on the Secondary"
p rm /srv/too-big.bin
hardware_s=$(($(date +%s) - t0))

step "clone onto the Secondary's /: verified and staged, nothing applied yet"
# The Primary's /srv holds a service's files; the Secondary's /srv, a filesystem of its own,
# holds a file the Primary lacks: the clone is staged and applied there too.
p sh -c 'mkdir -p /srv/app && echo "served by the primary" >/srv/app/index.txt'
# The Primary's boot menu has an entry of the engineer's (GRUB's scripts travel with the
# clone, its configuration is generated on the Secondary): GRUB must be installed and
# configured again at the apply, with the Secondary's own root.
p sh -c 'printf "menuentry \"servertwin-lab marker\" {\n  true\n}\n" >>/etc/grub.d/40_custom'
t0=$(date +%s)
p servertwin-cli clone --secondary 198.18.10.2:7443 --profile /usr/share/servertwin/profiles/debian-server.json \
  --snapshot auto --report /root/live-clone.json >"$work/live-clone.log" 2>&1 || { tail -5 "$work/live-clone.log" >&2; fail "the live clone failed"; }
live_clone_s=$(($(date +%s) - t0))
grep -q "staged on the Secondary" "$work/live-clone.log" || fail "the clone onto / was not staged: $(tail -2 "$work/live-clone.log")"
[ "$(s hostname)" = "$host_before" ] || fail "the running Secondary changed before its reboot"
[ "$(s readlink /system-update)" = /.servertwin-staging ] || fail "the offline update is not armed (/system-update)"
s sh -c 'ls -d /srv/.servertwin-staging/*/tree/srv/app' >/dev/null || fail "the clone's /srv is not staged on the Secondary's /srv filesystem"
s test -e /srv/secondary-only || fail "the staged clone changed the Secondary's /srv before its reboot"
"$lab" copy-out primary /root/live-clone.json "$work/live-clone.json"
python3 -c 'import json,sys; [print(p.lstrip("/")) for p in json.load(open(sys.argv[1]))["changedWhileRead"]]' \
  "$work/live-clone.json" | sort >"$work/live-changed"

step "servertwin-cli reboot: the boot applies the clone, the Secondary comes back as the Primary's twin"
# The clone carries the Primary's SSH host keys to the Secondary.
"$lab" accept-key secondary primary
t0=$(date +%s)
p servertwin-cli reboot --secondary 198.18.10.2:7443 --expect-host "$p_host" --timeout 1200 \
  --report /root/live-reboot.json >"$work/live-reboot.log" 2>&1 || { cat "$work/live-reboot.log" >&2; fail "servertwin-cli reboot failed"; }
apply_reboot_s=$(($(date +%s) - t0))
cat "$work/live-reboot.log"
grep -q "applied at boot and confirmed" "$work/live-reboot.log" || fail "the reboot did not confirm the clone"
"$lab" wait secondary 300
[ "$(s hostname)" = "$p_host" ] || fail "the Secondary's host name is not the Primary's"
[ "$(s cat /etc/machine-id)" = "$p_mid" ] || fail "the Secondary's machine-id is not the Primary's"
[ "$(s cat /etc/ssh/ssh_host_ed25519_key.pub)" = "$p_key" ] || fail "the Secondary's SSH host key is not the Primary's"
[ "$(s findmnt -no UUID /)" = "$uuid_before" ] || fail "the Secondary's root is not its own disk any more"
[ "$(s sha256sum /etc/fstab | cut -c1-64)" = "$fstab_before" ] || fail "the Secondary's fstab was replaced"
[ "$(s findmnt -no UUID /srv)" = "$srv_uuid_before" ] || fail "the Secondary's /srv is not its own filesystem any more"
[ "$(s cat /srv/app/index.txt)" = "served by the primary" ] || fail "the Primary's /srv did not arrive on the Secondary's /srv filesystem"
s test ! -e /srv/secondary-only || fail "the Secondary's own file in /srv was not mirrored away"
s test -d /srv/lost+found || fail "the Secondary's /srv lost its lost+found"
for _ in $(seq 30); do s test ! -e /srv/.servertwin-staging && break; sleep 1; done
s test ! -e /srv/.servertwin-staging || fail "the confirmed clone's area on /srv is still there"
s grep -q "root=UUID=$uuid_before" /boot/grub/grub.cfg || fail "the boot loader configuration does not name the Secondary's root UUID"
s grep -q "servertwin-lab marker" /boot/grub/grub.cfg || fail "the boot loader configuration was not generated from the Primary's GRUB scripts"
state=$(s systemctl is-system-running || true)
[ "$state" = running ] || fail "systemd on the Secondary is $state after the clone: $(s systemctl --failed --no-legend --plain || true)"
agent_active || fail "servertwin-agent is not active after the apply"
# The same pin: the Primary was accepted without a code (it paired at the refused clone), and
# the console shows the same certificate.
s servertwin-agent pairing-code >"$work/code-live" 2>/dev/null || true
[ "$(sed -n 's/^Certificate fingerprint: //p' "$work/code-live")" = "$fingerprint" ] || fail "the agent's certificate changed: $(cat "$work/code-live")"
[ "$(s dpkg-query -W -f='${Status}' servertwin-agent)" = "install ok installed" ] || fail "dpkg lost the agent package on the Secondary"
s test ! -e /system-update || fail "/system-update is still there"
s test ! -e /.servertwin-staging || fail "the confirmed clone's staging and backup are still there"
grep -q "secondary boot log: .* applied: " "$work/live-reboot.log" || fail "the Secondary's boot log does not show the apply"
grep -q "secondary boot log: .* installing GRUB: grub-install --target=i386-pc /dev/vda" "$work/live-reboot.log" ||
  fail "the boot log does not show GRUB installed on the Secondary's own disk"

step "hardware: the functional checklist on the system the clone produced, confirmed from an answer file"
cat >"$work/hw-answers.json" <<'JSON'
{ "version": 1, "secondary": { "address": "198.18.10.2:7443" },
  "hardware": { "confirmations": [
    { "id": "nic-cabling", "by": "Lab Engineer", "note": "the link NIC on the dgram link, the spare unplugged" },
    { "id": "oob-console", "by": "Lab Engineer", "note": "qemu serial console" },
    { "id": "storage-health", "by": "Lab Engineer" }, { "id": "power-feeds", "by": "Lab Engineer" },
    { "id": "firmware-level", "by": "Lab Engineer", "note": "SeaBIOS of the same qemu" } ] } }
JSON
"$lab" copy-in primary "$work/hw-answers.json" /root/hw-answers.json
p servertwin-cli checklist --secondary 198.18.10.2:7443 --profile "$profile" --functional --answers /root/hw-answers.json \
  --report /root/checklist-after.json >"$work/checklist-after.log" 2>&1 || { tail -30 "$work/checklist-after.log" >&2; fail "the functional checklist failed"; }
"$lab" copy-out primary /root/checklist-after.json "$work/checklist-after.json"
python3 "$here/lab-hardware.py" "$work/checklist-after.json" "$("$lab" spec primary)" "$("$lab" spec secondary)" \
  "$(p systemd-detect-virt || true)" "$(s systemd-detect-virt || true)" functional || fail "the functional checklist after the reboot is wrong"
grep -q "Confirmed by Lab Engineer" "$work/checklist-after.log" || fail "the confirmations are not in the checklist"

step "hash walk: the Secondary's cloned trees against the Primary's"
"$lab" copy-in secondary "$here/walk-tree.sh" /tmp/walk-tree.sh
"$lab" copy-in primary "$here/walk-tree.sh" /tmp/walk-tree.sh
t0=$(date +%s)
roots='etc usr var/lib/dpkg boot root var/lib/apt var/lib/systemd srv'
s sh -c "cd / && find $roots -mindepth 0 -printf '%p\0' >/tmp/paths"
"$lab" copy-out secondary /tmp/paths "$work/live-paths"
"$lab" copy-in primary "$work/live-paths" /tmp/paths
# Both guests hash at once (each on its own qemu threads): the walk is most of this step.
s sh /tmp/walk-tree.sh / /tmp/walk /tmp/paths </dev/null &
secondary_walk=$!
p sh /tmp/walk-tree.sh / /tmp/walk /tmp/paths </dev/null || fail "the hash walk in the Primary failed"
wait "$secondary_walk" || fail "the hash walk in the Secondary failed"
"$lab" copy-out secondary /tmp/walk "$work/live-secondary.walk"
"$lab" copy-out primary /tmp/walk "$work/live-primary.walk"
[ -s "$work/live-secondary.walk" ] && [ -s "$work/live-primary.walk" ] || fail "a hash walk is empty"
live_walk_s=$(($(date +%s) - t0))
# Expected to differ: what the Secondary keeps or regenerates, what the profile excludes (the
# Secondary keeps its own), the agent's package (on the Secondary only), state the two running
# systems write, and what changed on the Primary while it was read.
expected='^(etc/fstab|etc/default/grub(\.d)?(/.*)?|boot/grub(/.*)?|boot/initrd\.img-.*|var/lib/initramfs-tools(/.*)?|etc/network(/.*)?|etc/systemd/network(/.*)?|etc/resolv\.conf|var/lib/dpkg/status(-old)?|var/lib/dpkg/info/servertwin-agent\..*|usr/bin/servertwin-agent|usr/share/man/man8/servertwin-agent\.8\.gz|usr/share/doc/servertwin-agent(/.*)?|usr/lib/systemd/system/.*servertwin-(agent|apply).*|etc/systemd/system(/multi-user\.target\.wants)?(/servertwin-agent\.service)?|var/lib/systemd/deb-systemd-helper-enabled(/.*)?|var/cache(/.*)?|.*\.pid|var/lib/dpkg/(lock|lock-frontend|triggers/Lock)|var/lib/apt/lists/(lock|partial)(/.*)?|var/lib/systemd/(random-seed|coredump|timers|timesync|linger|catalog|pstore)(/.*)?|etc/\.pwd\.lock|root/\.cache(/.*)?|root(/\.lesshst|/\.bash_history)?|srv/lost\+found(/.*)?|srv|etc|usr/lib/systemd/system|usr/lib/systemd/system/[^/]*\.wants|boot|var/lib/systemd|var/lib/dpkg|var/lib/dpkg/info|usr/bin|usr/share/doc|usr/share/man/man8|tmp.*)$'
diff "$work/live-primary.walk" "$work/live-secondary.walk" | sed -n 's/^[<>] //p' | awk '{print $NF}' | sort -u >"$work/live-differing" || true
unexpected=$(grep -v -E "$expected" "$work/live-differing" | comm -23 - "$work/live-changed" || true)
if [ -n "$unexpected" ]; then
  diff "$work/live-primary.walk" "$work/live-secondary.walk" | grep -F -f <(echo "$unexpected" | head -20 | sed 's/^/ /') | head -40 >&2 || true
  fail "the Secondary's / differs from the Primary's beyond its own files: $(echo "$unexpected" | head -15 | tr '\n' ' ')"
fi
echo "walked $(wc -l <"$work/live-secondary.walk") entries in $live_walk_s s; $(wc -l <"$work/live-differing") differ, all of them the Secondary's own, regenerated or written since"

# A second clone after a change on the Primary, twice, each time with the power cut during the
# boot-time apply (at the renames, then at the initramfs): after the next boot /etc is wholly
# the new one (servertwin-apply-resume finished the apply); the first is then rolled back on
# request and /etc is wholly the old one again.
cat >"$work/etc-only.json" <<'JSON'
{ "version": 1, "name": "etc", "sourceRoot": "/",
  "os": { "include": ["/etc"], "exclude": ["/etc/.pwd.lock"] },
  "product": { "include": [], "exclude": [] }, "applications": [],
  "include": [], "exclude": [], "includeApplicationData": false }
JSON
"$lab" copy-in primary "$work/etc-only.json" /root/etc-only.json
console=${ST_LAB_RUN:-/run/servertwin-lab}/secondary.console
console_has() { tail -c +"$((console_from + 1))" "$console" | grep -a -q "$1"; }
# The hash walk of /etc in both guests: what differs beyond the Secondary's own files.
# Writes the /etc paths that differ between the guests (but the expected ones) to
# $work/etc-differs. Not in a command substitution: a failing walk must fail the test (the
# Secondary's /tmp, where the walk script was, is emptied by each of its boots).
etc_differs() {
  rm -f "$work/etc-secondary.walk" "$work/etc-primary.walk"
  "$lab" copy-in secondary "$here/walk-tree.sh" /tmp/walk-tree.sh
  s sh -c 'cd / && find etc -printf "%p\0" >/tmp/etc-paths && sh /tmp/walk-tree.sh / /tmp/etc-walk /tmp/etc-paths' ||
    fail "the hash walk of the Secondary's /etc failed"
  "$lab" copy-out secondary /tmp/etc-paths "$work/etc-paths"
  "$lab" copy-out secondary /tmp/etc-walk "$work/etc-secondary.walk"
  "$lab" copy-in primary "$here/walk-tree.sh" /tmp/walk-tree.sh
  "$lab" copy-in primary "$work/etc-paths" /tmp/etc-paths
  p sh /tmp/walk-tree.sh / /tmp/etc-walk /tmp/etc-paths || fail "the hash walk of the Primary's /etc failed"
  "$lab" copy-out primary /tmp/etc-walk "$work/etc-primary.walk"
  [ -s "$work/etc-secondary.walk" ] && [ -s "$work/etc-primary.walk" ] || fail "a hash walk of /etc is empty"
  { diff "$work/etc-primary.walk" "$work/etc-secondary.walk" || true; } | sed -n 's/^[<>] //p' | awk '{print $NF}' | sort -u |
    { grep -v -E "$expected" || true; } >"$work/etc-differs"
}
t0=$(date +%s)
round=0
# The power-cut rounds (ST_LAB_POWER_CUTS=1) need minutes each; without them one clone is
# applied by `servertwin-cli reboot --no-confirm` and rolled back.
if [ "${ST_LAB_POWER_CUTS:-0}" = 1 ]; then points=("applying clone" "regenerating the initramfs"); else points=(none); fi
for point in "${points[@]}"; do
  round=$((round + 1))
  step "clone $((round + 1)) after a change on the Primary, applied at boot (power cut: $point)"
  p sh -c "echo 'clone $((round + 1)): cut at $point' >/etc/servertwin-lab-round-$round"
  # The round cut at the initramfs changes what it is built from (a comment in modprobe.d), so
  # the boot regenerates it; the others change only files that leave the boot files alone.
  if [ "$point" = "regenerating the initramfs" ]; then
    p sh -c "echo '# servertwin lab round $round' >/etc/modprobe.d/servertwin-lab-round-$round.conf"
  fi
  p servertwin-cli clone --secondary 198.18.10.2:7443 --profile /root/etc-only.json --snapshot none >"$work/cut.log" 2>&1 ||
    { tail -5 "$work/cut.log" >&2; fail "clone $((round + 1)) failed"; }
  s test ! -e "/etc/servertwin-lab-round-$round" || fail "clone $((round + 1)) changed the running Secondary"
  if [ "$point" = none ]; then
    p servertwin-cli reboot --secondary 198.18.10.2:7443 --no-confirm --timeout 900 >"$work/round-reboot.log" 2>&1 ||
      { cat "$work/round-reboot.log" >&2; fail "the reboot applying clone $((round + 1)) failed"; }
    # Only /etc files that feed no boot file changed: the boot keeps the initramfs and GRUB.
    grep -q "secondary boot log: .*the initramfs is kept" "$work/round-reboot.log" &&
      grep -q "secondary boot log: .*GRUB is kept" "$work/round-reboot.log" ||
      fail "the /etc clone regenerated boot files it does not feed: $(grep 'regenerating\|installing GRUB' "$work/round-reboot.log" | head -2 | tr '\n' ' ')"
    echo "the /etc clone kept the initramfs and GRUB (nothing they are built from changed)"
  else
    console_from=$(stat -c %s "$console")
    s systemctl reboot || true
    for _ in $(seq 600); do console_has "$point" && break; sleep 0.5; done
    console_has "$point" || fail "the console never showed '$point' during the boot-time apply"
    "$lab" cut secondary
    "$lab" boot secondary
  fi
  "$lab" wait secondary 900
  # The boot after the cut finishes the apply and reboots once more when it had to.
  st=
  for _ in $(seq 120); do
    st=$(s sh -c 'sed -n "s/^ *\"phase\": \"\([a-z-]*\)\".*/\1/p" /.servertwin-staging/*/state.json 2>/dev/null' 2>/dev/null || true)
    [ "$st" = applied ] && [ "$(s systemctl is-system-running 2>/dev/null || true)" = running ] && break
    sleep 3
    "$lab" wait secondary 900
  done
  [ "$st" = applied ] || fail "after the power cut at '$point' the clone is '$st', not applied"
  etc_differs
  differing=$(cat "$work/etc-differs")
  [ -z "$differing" ] || fail "after the power cut at '$point' /etc is not wholly the Primary's: $(echo "$differing" | head -10 | tr '\n' ' ')"
  echo "clone $((round + 1)) applied (power cut: $point); /etc is wholly the Primary's"
  if [ "$round" = 1 ]; then
    step "servertwin-cli rollback: the next boot restores what clone 2 replaced"
    p servertwin-cli rollback --secondary 198.18.10.2:7443 --timeout 900 >"$work/rollback.log" 2>&1 ||
      { cat "$work/rollback.log" >&2; fail "servertwin-cli rollback failed"; }
    grep -q "rolled back" "$work/rollback.log" || fail "rollback did not say the clone was rolled back: $(tail -2 "$work/rollback.log")"
    "$lab" wait secondary 300
    s test ! -e /etc/servertwin-lab-round-1 || fail "the rollback left clone 2's file"
    [ "$(s hostname)" = "$p_host" ] || fail "the rollback did not bring back the first clone's system"
    state=$(s systemctl is-system-running || true)
    [ "$state" = running ] || fail "systemd on the Secondary is $state after the rollback"
    # The walk follows the Secondary's paths: clone 2's file, gone again, is not among them.
    etc_differs
    differing=$(cat "$work/etc-differs")
    [ -z "$differing" ] || fail "after the rollback /etc differs from the Primary's beyond clone 2's file: $(echo "$differing" | head -10 | tr '\n' ' ')"
  fi
done
cut_s=$(($(date +%s) - t0))

step "passed"
printf 'lab figures (live): refusal %s s, hardware checklist and refusal %s s, live clone %s s, reboot with the apply at boot to a confirmed twin %s s, hash walk %s s, two clones with power cuts and a rollback %s s\n' \
  "$refuse_s" "$hardware_s" "$live_clone_s" "$apply_reboot_s" "$live_walk_s" "$cut_s"
