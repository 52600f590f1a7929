#!/bin/bash
# Compile-checks the Windows VSS snapshot provider (core/snapshot/vss) by cross-building
# servertwin-vss-check.exe with mingw-w64 (Debian package g++-mingw-w64-x86-64-posix), then
# verifies the result is a 64-bit PE executable importing the VSS requester entry points from
# VSSAPI.DLL. Also checks that the provider compiles to an empty object on Linux.
# Output: build-windows/servertwin-vss-check.exe. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "build-windows-vss: $*" >&2; exit 1; }

cxx=""
for candidate in x86_64-w64-mingw32-g++-posix x86_64-w64-mingw32-g++; do
  if command -v "$candidate" >/dev/null 2>&1; then cxx="$candidate"; break; fi
done
[ -n "$cxx" ] || fail "no mingw-w64 C++ compiler found: apt-get install g++-mingw-w64-x86-64-posix"
objdump=x86_64-w64-mingw32-objdump
command -v "$objdump" >/dev/null 2>&1 || fail "$objdump not found: apt-get install binutils-mingw-w64-x86-64"

out_dir=build-windows
exe="$out_dir/servertwin-vss-check.exe"
mkdir -p "$out_dir"
rm -f "$exe"

sources=(core/snapshot/vss/VssSnapshot.cpp app/vss/servertwin-vss-check.cpp)
flags=(-std=c++20 -Wall -Wextra -Werror -municode -O2 -Icore)
# vssapi: CreateVssBackupComponentsInternal, VssFreeSnapshotPropertiesInternal (VSSAPI.DLL);
# ole32: CoInitializeEx, CoInitializeSecurity, StringFromGUID2; oleaut32: SysStringLen,
# SysFreeString. -static links libstdc++/libgcc/winpthread in: the .exe needs no mingw DLLs.
libs=(-lvssapi -lole32 -loleaut32)

echo "== compiler: $(command -v "$cxx") ($("$cxx" -dumpversion))"
echo "== building $exe"
"$cxx" "${flags[@]}" "${sources[@]}" -static -s "${libs[@]}" -o "$exe"
[ -s "$exe" ] || fail "$exe was not produced"

# PE checks with od only ('file' may be missing): 'MZ', e_lfanew at 0x3C, 'PE\0\0' there,
# machine 0x8664 (x86-64), optional header magic 0x20b (PE32+), subsystem 3 (console).
byte_hex() { od -An -v -tx1 -j "$2" -N "$3" "$1" | tr -d ' \n'; }
le_uint() { od -An -v -tu"$3" --endian=little -j "$2" -N "$3" "$1" | tr -d ' \n'; }
[ "$(byte_hex "$exe" 0 2)" = "4d5a" ] || fail "$exe does not start with MZ"
pe_offset=$(le_uint "$exe" 60 4)
[ "$(byte_hex "$exe" "$pe_offset" 4)" = "50450000" ] || fail "$exe has no PE signature at offset $pe_offset"
machine=$(le_uint "$exe" $((pe_offset + 4)) 2)
[ "$machine" = "34404" ] || fail "$exe machine is $machine, expected 34404 (0x8664, x86-64)"
magic=$(le_uint "$exe" $((pe_offset + 24)) 2)
[ "$magic" = "523" ] || fail "$exe optional header magic is $magic, expected 523 (0x20b, PE32+)"
subsystem=$(le_uint "$exe" $((pe_offset + 24 + 68)) 2)
[ "$subsystem" = "3" ] || fail "$exe subsystem is $subsystem, expected 3 (Windows console)"
echo "== $exe: PE32+ x86-64 console executable, $(stat -c %s "$exe") bytes"

# Imports: the VSS entry points must come from VSSAPI.DLL, and nothing from mingw runtime DLLs.
imports=$("$objdump" -p "$exe")
vssapi=$(awk '/DLL Name:/ { in_dll = (toupper($3) == "VSSAPI.DLL"); next }
               in_dll && NF == 0 { in_dll = 0 }
               in_dll && $1 != "vma:" { print $NF }' <<<"$imports")
[ -n "$vssapi" ] || fail "$exe does not import anything from VSSAPI.DLL"
for symbol in CreateVssBackupComponentsInternal VssFreeSnapshotPropertiesInternal; do
  grep -qx "$symbol" <<<"$vssapi" || fail "$exe does not import $symbol from VSSAPI.DLL"
done
dlls=$(awk '/DLL Name:/ { print $3 }' <<<"$imports" | sort -u | tr '\n' ' ')
if grep -qiE 'libstdc\+\+|libgcc|libwinpthread' <<<"$dlls"; then
  fail "$exe depends on mingw runtime DLLs ($dlls): not self-contained"
fi
echo "== imported DLLs: $dlls"
echo "== from VSSAPI.DLL: $(tr '\n' ' ' <<<"$vssapi")"

# On Linux the provider must compile to nothing (its code is inside #ifdef _WIN32).
if command -v g++ >/dev/null 2>&1; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  g++ -std=c++20 -Wall -Wextra -Werror -Icore -c core/snapshot/vss/VssSnapshot.cpp -o "$tmp/vss.o"
  defined=$(nm --defined-only "$tmp/vss.o" | grep -c . || true)
  [ "$defined" = "0" ] || fail "core/snapshot/vss/VssSnapshot.cpp defines $defined symbols on Linux (expected an empty object)"
  echo "== Linux g++: core/snapshot/vss/VssSnapshot.cpp compiles to an empty object"
fi
echo "== OK: $exe"
