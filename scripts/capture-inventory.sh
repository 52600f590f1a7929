#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Captures what the inventory reader (core/inventory) reads on this machine into a fixture
# tree DEST/{sys,proc,dev,root}: the sysfs attributes and links of every disk, partition,
# NIC and PCI device (links kept relative, as the kernel makes them), DMI, CPU topology,
# cpuinfo, meminfo, mountinfo, os-release, time zone, the time service's unit link, udev's
# records of block devices, and the running kernel's module lists trimmed to the modules
# the captured devices name (with empty stand-ins for their .ko files). Serial numbers are
# replaced by "FIXTURE-SERIAL". Usage: capture-inventory.sh DEST (root).
set -eu
dest=${1:?usage: capture-inventory.sh DEST}
mkdir -p "$dest"
dest=$(cd "$dest" && pwd)

# put ROOT REL: copy one file's bytes (sysfs sizes lie, so by cat, not cp).
put() {
  local src=$1/$2 out=$dest/$3/$2
  [ -f "$src" ] && [ -r "$src" ] || return 0
  mkdir -p "$(dirname "$out")"
  cat "$src" >"$out" 2>/dev/null || rm -f "$out"
}
# lnk ROOT REL KIND: copy one symlink as it is and make its target's directory exist.
lnk() {
  local src=$1/$2 out=$dest/$3/$2 target
  [ -L "$src" ] || return 0
  mkdir -p "$(dirname "$out")"
  rm -rf "$out"
  cp -P "$src" "$out"
  target=$(realpath -m --relative-to="$1" "$src")
  case $target in ../*) return 0 ;; esac
  [ -d "$1/$target" ] && mkdir -p "$dest/$3/$target"
  return 0
}
sysput() { put /sys "$1" sys; }
syslnk() { lnk /sys "$1" sys; }
real() { realpath --relative-to=/sys "/sys/$1"; }

# A device directory (real path below /sys) and its ancestors: attributes, driver and module links.
device_chain() {
  local d=$1 a
  for a in modalias class vendor device subsystem_vendor subsystem_device; do sysput "$d/$a"; done
  if [ -L "/sys/$d/driver" ]; then
    syslnk "$d/driver"
    local drv
    drv=$(real "$d/driver")
    syslnk "$drv/module"
  fi
  case $d in devices/*/*) device_chain "${d%/*}" ;; esac
}

for e in /sys/class/block/*; do
  name=${e##*/}
  syslnk "class/block/$name"
  d=$(real "class/block/$name")
  for a in dev size removable partition serial ro queue/rotational device/model device/serial device/vendor; do sysput "$d/$a"; done
  [ -L "/sys/$d/device" ] && { syslnk "$d/device"; device_chain "$(real "$d/device")"; }
  for s in /sys/"$d"/slaves/*; do [ -L "$s" ] && syslnk "$d/slaves/${s##*/}"; done
  mkdir -p "$dest/sys/$d"
done
for e in /sys/dev/block/*; do syslnk "dev/block/${e##*/}"; done
for e in /sys/class/net/*; do
  name=${e##*/}
  syslnk "class/net/$name"
  d=$(real "class/net/$name")
  for a in address operstate carrier speed mtu type; do sysput "$d/$a"; done
  [ -L "/sys/$d/master" ] && syslnk "$d/master"
  [ -d "/sys/$d/bonding" ] && { mkdir -p "$dest/sys/$d/bonding"; sysput "$d/bonding/slaves"; sysput "$d/bonding/mode"; }
  [ -L "/sys/$d/device" ] && { syslnk "$d/device"; device_chain "$(real "$d/device")"; }
  mkdir -p "$dest/sys/$d"
done
for e in /sys/bus/pci/devices/*; do
  [ -L "$e" ] || continue
  syslnk "bus/pci/devices/${e##*/}"
  device_chain "$(real "bus/pci/devices/${e##*/}")"
done
for a in sys_vendor product_name product_version board_vendor bios_vendor; do put /sys/class/dmi/id "$a" sys/class/dmi/id; done
[ -e /sys/class/dmi/id/product_serial ] && { mkdir -p "$dest/sys/class/dmi/id"; echo FIXTURE-SERIAL >"$dest/sys/class/dmi/id/product_serial"; }
[ -d /sys/firmware/efi ] && mkdir -p "$dest/sys/firmware/efi"
sysput hypervisor/type
sysput devices/system/cpu/online
for c in /sys/devices/system/cpu/cpu[0-9]*; do
  c=${c#/sys/}
  sysput "$c/topology/physical_package_id"
  sysput "$c/topology/core_id"
done
# Disk and device serial numbers stay out of the fixture.
find "$dest/sys" -type f -name serial -exec sh -c 'echo FIXTURE-SERIAL >"$1"' _ {} \;

for f in cpuinfo meminfo sys/kernel/arch sys/kernel/osrelease sys/kernel/hostname self/mountinfo; do put /proc "$f" proc; done
for f in etc/os-release usr/lib/os-release etc/timezone; do put / "$f" root; done
[ -L /etc/localtime ] && lnk / etc/localtime root
# A container manager's marks (systemd-detect-virt reads them first).
for f in .dockerenv run/.containerenv run/systemd/container; do
  [ -e "/$f" ] && { mkdir -p "$dest/root/$(dirname "$f")"; cat "/$f" >"$dest/root/$f"; }
done
# What systemd itself says, for the tests to compare with.
mkdir -p "$dest/facts"
command -v systemd-detect-virt >/dev/null && { systemd-detect-virt 2>/dev/null || true; } >"$dest/facts/systemd-detect-virt"
hostname >"$dest/facts/hostname"
for w in /etc/systemd/system/*.wants/*; do
  case ${w##*/} in systemd-timesyncd.service | chrony*.service | ntp*.service | openntpd.service) lnk / "${w#/}" root ;; esac
done
if [ -d /run/udev/data ]; then
  mkdir -p "$dest/root/run/udev/data"
  for r in /run/udev/data/b*; do
    [ -f "$r" ] && sed 's/^\(E:ID_SERIAL[A-Z_]*=\).*/\1FIXTURE-SERIAL/' "$r" >"$dest/root/run/udev/data/${r##*/}"
  done
fi
for l in /dev/disk/by-id/*; do [ -L "$l" ] && lnk /dev "disk/by-id/${l##*/}" dev; done

# The running kernel's module lists, trimmed to the modules the captured devices can need.
kver=$(uname -r)
mods=$(for d in /lib/modules/"$kver" /usr/lib/modules/"$kver"; do [ -f "$d/modules.dep" ] && echo "$d" && break; done)
if [ -n "$mods" ]; then
  rel=${mods#/}
  out=$dest/root/$rel
  mkdir -p "$out"
  find "$dest/sys" -name modalias -type f -exec cat {} + | sort -u >"$dest/.modaliases"
  find "$dest/sys/module" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' 2>/dev/null | sort -u >"$dest/.bound"
  # One awk pass each (a shell loop over 25 000 aliases takes many minutes in an emulated guest):
  # the aliases whose glob matches a captured modalias, then those modules' modules.dep lines.
  awk 'NR == FNR { aliases[++n] = $0; next }
       $1 == "alias" {
         re = $2
         gsub(/[.+^$(){}|\\]/, "\\\\&", re)
         gsub(/\*/, ".*", re)
         gsub(/\?/, ".", re)
         re = "^" re "$"
         for (i = 1; i <= n; i++) if (aliases[i] ~ re) { print; break }
       }' "$dest/.modaliases" "$mods/modules.alias" >"$out/modules.alias"
  { awk '{print $3}' "$out/modules.alias"; cat "$dest/.bound"; } | tr - _ | sort -u >"$dest/.wanted"
  awk 'NR == FNR { wanted[$0] = 1; next }
       { f = $0; sub(/:.*/, "", f); m = f; sub(/.*\//, "", m); sub(/\.ko.*/, "", m); gsub(/-/, "_", m)
         if (m in wanted) print }' "$dest/.wanted" "$mods/modules.dep" >"$out/modules.dep"
  sed 's/:.*//' "$out/modules.dep" | while IFS= read -r f; do
    mkdir -p "$out/$(dirname "$f")" && : >"$out/$f"
  done
  [ -f "$mods/modules.builtin" ] && cp "$mods/modules.builtin" "$out/modules.builtin"
  rm -f "$dest/.modaliases" "$dest/.bound" "$dest/.wanted"
fi
# git keeps no empty directory, and a driver link must lead to one.
find "$dest" -type d -empty -exec touch {}/.keep \;
echo "captured $(find "$dest" | wc -l) entries into $dest"
