#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds the Debian packages servertwin and servertwin-agent from this tree the Debian way
# (debian/, dh, dpkg-buildpackage), checks them with lintian, appstreamcli and
# desktop-file-validate, and puts the .debs, .changes, .buildinfo, .dsc and source tarball
# into OUTDIR. Installs missing build dependencies with apt-get (needs root for that).
# Install the result on Debian 12 with:  apt-get install ./OUTDIR/*.deb
# Usage: scripts/build-debs.sh OUTDIR
# Env:   DEB_BUILD_OPTIONS  default "parallel=2 nocheck noautodbgsym" (nocheck: the test
#                           suite is CI's job; without it debian/rules runs the `unit` label)
#        ST_DEB_BUILD_TESTS=1  build the test suite too (no nocheck build profile) and keep
#                           the build tree: WORKDIR/servertwin-VERSION/obj-*/ is then a CMake
#                           build directory for ctest (CI tests the very build it packages)
#        SERVERTWIN_WERROR=ON  warnings are errors (CI); default off, as for any packager
#        ST_DEB_WORKDIR     where the clean copy of the tree is built (default build-debs/)
#        ST_NO_CCACHE=1     do not use ccache even where it is installed
set -euo pipefail
if [ $# -ne 1 ]; then
  echo "usage: $0 OUTDIR" >&2
  exit 2
fi
src=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$1"
out=$(cd "$1" && pwd)
export DEBIAN_FRONTEND=noninteractive
export DEB_BUILD_OPTIONS=${DEB_BUILD_OPTIONS:-parallel=2 nocheck noautodbgsym}
profiles=()
if [ -z "${ST_DEB_BUILD_TESTS:-}" ]; then
  case " $DEB_BUILD_OPTIONS " in *" nocheck "*) profiles=(--build-profiles=nocheck) ;; esac
fi

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# The tools, then the Build-Depends of debian/control.
tools=(dpkg-dev debhelper lintian appstream desktop-file-utils)
missing=()
for p in "${tools[@]}"; do installed "$p" || missing+=("$p"); done
updated=0
if ((${#missing[@]})); then
  as_root apt-get update -q && updated=1
  as_root apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
if ! (cd "$src" && dpkg-checkbuilddeps "${profiles[@]}" >/dev/null 2>&1); then
  ((updated)) || as_root apt-get update -q
  as_root apt-get build-dep -y -q --no-install-recommends ${profiles[@]:+-P nocheck} "$src"
fi

# A clean copy of the tree: tracked and new (not ignored) files, no build directories.
version=$(dpkg-parsechangelog -l "$src/debian/changelog" -SVersion)
work=${ST_DEB_WORKDIR:-$src/build-debs}
tree=$work/servertwin-$version
rm -rf "$work"
mkdir -p "$tree"
if git -C "$src" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  (cd "$src" && git ls-files -z --cached --others --exclude-standard |
     while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
     tar --null -T - -cf -) | tar -xf - -C "$tree"
else
  (cd "$src" && tar --exclude='./build*' --exclude=./Testing -cf - .) | tar -xf - -C "$tree"
fi

# ccache (optional): CMake takes the launcher from the environment; debhelper points HOME
# elsewhere, so the cache's location is passed explicitly.
if [ -z "${ST_NO_CCACHE:-}" ] && command -v ccache >/dev/null; then
  export CMAKE_CXX_COMPILER_LAUNCHER=ccache
  CCACHE_DIR=${CCACHE_DIR:-$(ccache -k cache_dir)}
  export CCACHE_DIR
  base=$(ccache -k base_dir)
  if [ -n "$base" ]; then export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$base}; fi
fi

echo "== dpkg-buildpackage in $tree (DEB_BUILD_OPTIONS=$DEB_BUILD_OPTIONS)"
(cd "$tree" && dpkg-buildpackage -us -uc "${profiles[@]}")

arch=$(dpkg-architecture -qDEB_HOST_ARCH)
changes=$work/servertwin_${version}_${arch}.changes
# Exactly the files the .changes lists, plus the .changes itself.
files=("$changes")
while read -r name; do files+=("$work/$name"); done < <(
  sed -n '/^Files:/,/^[^ ]/{/^ /p}' "$changes" | awk '{print $5}')
rm -f "$out"/servertwin*_*.deb "$out"/servertwin_*.changes "$out"/servertwin_*.buildinfo "$out"/servertwin_*.dsc "$out"/servertwin_*.tar.*
cp "${files[@]}" "$out"/

echo "== lintian"
lintian --info --display-info --pedantic --tag-display-limit 0 "$out/$(basename "$changes")" || {
  echo "lintian reported errors" >&2
  exit 1
}

echo "== appstreamcli validate, desktop-file-validate"
check=$(mktemp -d)
trap 'rm -rf "$check"' EXIT
dpkg-deb -x "$out"/servertwin_"$version"_"$arch".deb "$check"
appstreamcli validate --no-net "$check"/usr/share/metainfo/*.metainfo.xml
desktop-file-validate "$check"/usr/share/applications/*.desktop

echo "== built into $out:"
ls -l "$out"
echo "install with:  apt-get install $out/*.deb"
if [ -n "${ST_DEB_BUILD_TESTS:-}" ]; then
  echo "test build (ctest --test-dir): $(echo "$tree"/obj-*)"
fi
