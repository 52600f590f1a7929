#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# walk-tree.sh ROOT OUT [PATHS]: the hash walk the lab test compares between the guests.
# Writes to OUT one line per entry below ROOT, sorted by path:
#   f MODE UID GID SIZE MTIME SHA256 PATH    regular file
#   l UID GID TARGET -> PATH                 symbolic link
#   T MODE UID GID PATH                      anything else (T: find's %y type letter)
# Without PATHS every entry below ROOT is walked (the Secondary's sandbox root); with PATHS (a
# file of NUL-separated relative paths, as written by the Secondary's walk) exactly those are
# looked at below ROOT (the Primary's /), and one that is missing is written as "missing PATH".
set -eu
root=$1 out=$2 paths=${3:-}
cd "$root"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ -z "$paths" ]; then
  find . -mindepth 1 -printf '%P\0' >"$tmp/paths"
  paths=$tmp/paths
else
  # Entries the Primary does not have (or no longer has).
  xargs -0 -r sh -c 'for p; do [ -e "$p" ] || [ -L "$p" ] || echo "missing $p"; done' sh <"$paths" >"$tmp/missing"
fi
# (xargs appends the paths last; find wants them first.)
xargs -0 -r sh -c 'exec find "$@" -maxdepth 0 \
  \( -type f -printf "f %m %U %G %s %T@ %p\\n" \) -o \
  \( -type l -printf "l %U %G %l -> %p\\n" \) -o \
  -printf "%y %m %U %G %p\\n"' sh <"$paths" >"$tmp/meta" 2>/dev/null || true
# Hashes of the regular files, joined to their metadata line by path.
xargs -0 -r sh -c 'for p; do [ -f "$p" ] && [ ! -L "$p" ] && printf "%s\0" "$p"; done' sh <"$paths" |
  xargs -0 -r sha256sum -- >"$tmp/sums"
awk '
  FNR == NR { h = substr($0, 1, 64); p = substr($0, 67); sum[p] = h; next }
  $1 == "f" {
    p = $0; for (i = 1; i <= 6; i++) sub(/^[^ ]* /, "", p)
    split($0, a, " ")
    printf "f %s %s %s %s %s %s %s\n", a[2], a[3], a[4], a[5], a[6], (p in sum ? sum[p] : "unreadable"), p
    next
  }
  { print }
' "$tmp/sums" "$tmp/meta" >"$tmp/out"
[ -f "$tmp/missing" ] && cat "$tmp/missing" >>"$tmp/out"
LC_ALL=C sort "$tmp/out" >"$out"
