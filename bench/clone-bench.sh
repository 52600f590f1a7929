#!/bin/bash
# Benchmark (not a test; medians of RUNS, page cache warm, dirty data flushed between runs): a full ServerTwin clone of TREE over loopback TLS (scan, tar+zstd,
# TLS, restore into staging, verify by re-reading, apply) against, on the same tree in the
# same run:  tar -cf - | zstd -T0 -3 | zstd -d | tar -xf -   and   rsync -aHAX --numeric-ids.
# Usage: bench/clone-bench.sh [TREE=/usr/share] [BUILD_DIR=build] [RUNS=3]   (as root)
set -euo pipefail
TREE=${1:-/usr/share}
BUILD=${2:-build}
RUNS=${3:-3}
CLI=$BUILD/app/servertwin-cli
AGENT=$BUILD/app/servertwin-agent
[ -x "$CLI" ] && [ -x "$AGENT" ] || { echo "build first: cmake --build $BUILD" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || { echo "run as root (the clone restores owners)" >&2; exit 2; }
TREE=$(realpath "$TREE")
REL=${TREE#/}
WORK=$(mktemp -d "${BENCH_DIR:-/var/tmp}/servertwin-bench-XXXXXX")   # BENCH_DIR=/dev/shm: no disk in the way
AGENT_PID=
cleanup() { [ -n "$AGENT_PID" ] && kill "$AGENT_PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

now() { date +%s.%N; }
elapsed() { echo "$(now) - $1" | bc; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "tree: $TREE ($(du -sh --apparent-size "$TREE" | cut -f1), $(find "$TREE" -type f | wc -l) files); runs: $RUNS; cpus: $(nproc)"
tar -C / -cf - "$REL" > /dev/null   # warm the page cache for every contender alike

CODE=BENC-HMAR-K000
mkdir -p "$WORK/root"
"$AGENT" --listen 127.0.0.1:0 --root "$WORK/root" --state-dir "$WORK/agent-state" --pairing-code "$CODE" \
  --port-file "$WORK/port" > "$WORK/agent.log" 2>&1 &
AGENT_PID=$!
for _ in $(seq 100); do [ -s "$WORK/port" ] && break; sleep 0.1; done
ADDR=127.0.0.1:$(cat "$WORK/port")

declare -a T_ST T_PIPE T_PIPESYNC T_RSYNC
for run in $(seq "$RUNS"); do
  rm -rf "$WORK/root/${REL%%/*}"; sync
  t=$(now)
  args=(clone --secondary "$ADDR" --include "/$REL" --state-dir "$WORK/primary-state" --report "$WORK/report.json")
  [ "$run" -eq 1 ] && args+=(--pairing-code "$CODE")
  "$CLI" "${args[@]}" 2> "$WORK/cli.log" || { cat "$WORK/cli.log" >&2; exit 1; }
  T_ST+=("$(elapsed "$t")")

  rm -rf "$WORK/pipe"; mkdir -p "$WORK/pipe"; sync
  t=$(now)
  tar -C / -cf - "$REL" | zstd -q -T0 -3 | zstd -q -d | tar -C "$WORK/pipe" -xf -
  T_PIPE+=("$(elapsed "$t")")
  sync
  T_PIPESYNC+=("$(elapsed "$t")")
  rm -rf "$WORK/pipe"

  rm -rf "$WORK/rsync"; mkdir -p "$WORK/rsync"; sync
  t=$(now)
  rsync -aHAX --numeric-ids "$TREE/" "$WORK/rsync/"
  T_RSYNC+=("$(elapsed "$t")")
  rm -rf "$WORK/rsync"
done

st=$(printf '%s\n' "${T_ST[@]}" | median)
pipe=$(printf '%s\n' "${T_PIPE[@]}" | median)
rs=$(printf '%s\n' "${T_RSYNC[@]}" | median)
pipesync=$(printf '%s\n' "${T_PIPESYNC[@]}" | median)
ratio() { echo "scale=2; $1 / $2" | bc; }
compressed=$(grep -o '"compressedBytes": [0-9.e+]*' "$WORK/report.json" | head -1 | awk '{print $2}')
printf '\n%-44s %8s s\n' "servertwin clone (TLS, staged, verified)" "$st"
printf '%-44s %8s s\n' "tar | zstd -T0 -3 | zstd -d | tar" "$pipe"
printf '%-44s %8s s\n' "  the same, then sync (durable like the clone)" "$pipesync"
printf '%-44s %8s s\n' "rsync -aHAX --numeric-ids" "$rs"
printf '\nratio servertwin / tar+zstd pipeline: %s\n' "$(ratio "$st" "$pipe")"
printf 'ratio servertwin / pipeline + sync:    %s\n' "$(ratio "$st" "$pipesync")"
printf 'ratio servertwin / rsync:             %s\n' "$(ratio "$st" "$rs")"
printf 'compressed stream: %s bytes\n' "$compressed"
grep -o '"durationsMs": {[^}]*}' "$WORK/report.json" 2>/dev/null || python3 -c "import json;print(json.load(open('$WORK/report.json'))['durationsMs'])" 2>/dev/null || true
