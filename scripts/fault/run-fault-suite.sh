#!/bin/bash
# Runs the network fault suite (as root) and prints its report table:
#   scripts/fault/run-fault-suite.sh [BUILD_DIR]      (default: build)
# The suite (tests/fault, ctest label "fault") clones with the real servertwin-cli and
# servertwin-agent in two network namespaces joined by veth while it cuts, drops, hangs,
# resets, shapes, corrupts and delays the link and SIGKILLs the agent. Each fault leaves one
# row in BUILD_DIR/fault-report/*.tsv: fault, count, outcome, bytes re-sent, reconnects, seconds.
set -uo pipefail
build=${1:-build}
if [[ ! -d $build ]]; then
  echo "run-fault-suite: no build directory $build (configure and build first)" >&2
  exit 2
fi
cmake --build "$build" --target test_fault servertwin-cli servertwin-agent servertwin-fault-proxy >/dev/null || exit 2
rm -rf "$build/fault-report"
(cd "$build" && ctest -L fault --output-on-failure)
status=$?
shopt -s nullglob
rows=("$build"/fault-report/*.tsv)
if ((${#rows[@]} == 0)); then
  echo "run-fault-suite: no fault ran (not root, or ip netns / nftables / tc missing: see the test output)" >&2
  exit $((status ? status : 1))
fi
echo
cat "${rows[@]}" | awk -F'\t' '
  function mib(b) { return sprintf("%.1f MiB", b / 1048576) }
  BEGIN { printf "%-30s %5s  %-14s %12s %10s %8s  %s\n", "fault", "count", "outcome", "re-sent", "reconnects", "seconds", "detail";
          printf "%-30s %5s  %-14s %12s %10s %8s\n", "-----", "-----", "-------", "-------", "----------", "-------" }
  { outcome = $3; detail = ""
    if (outcome ~ /^clear failure: /) { detail = substr(outcome, 16); outcome = "clear failure" }
    else if (outcome ~ /^WRONG TREE/ || outcome ~ /^UNCLEAR/) { detail = outcome; outcome = "BROKEN" }
    printf "%-30s %5s  %-14s %12s %10s %8s  %s\n", $1, $2, outcome, mib($4), $5, $6, detail }'
exit $status
