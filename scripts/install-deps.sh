#!/bin/bash
# Installs what ServerTwin needs to build, test and benchmark on Debian 12 (run as root).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
packages=(
  # toolchain
  g++ cmake ninja-build pkg-config git
  # libraries
  qt6-base-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools libgl-dev
  libarchive-dev libzstd-dev libssl-dev libacl1-dev
  # tests (btrfs on a loop device for snapshots)
  catch2 libarchive-tools zstd tar acl attr xvfb xauth btrfs-progs util-linux mount
  # Windows VSS provider: compile-checked with mingw-w64
  g++-mingw-w64-x86-64-posix binutils-mingw-w64-x86-64
  # fault suite (network namespaces, veth, tc, nftables)
  iproute2 nftables
  # benchmark and screenshots
  rsync time bc imagemagick
  # wizard runtime (SVG icons); the report test reads its PDF back (pdftotext)
  libqt6svg6 poppler-utils
  # hostile-input proof: libFuzzer harnesses (clang), TLS 1.2 peers (openssl), full-disk test (ext4)
  clang libclang-rt-14-dev openssl e2fsprogs
  # component installer: units enabled offline (systemctl --root) in a sandbox root
  systemd
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
