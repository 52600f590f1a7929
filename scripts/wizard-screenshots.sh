#!/bin/bash
# Screenshots of every wizard page, taken under Xvfb while the wizard walks through the built-in
# demo for real: pre-flight checks, the connection test to the demo agent, the protection set,
# a clone (one picture mid-clone, one finished) and the summary.
#   scripts/wizard-screenshots.sh [OUTDIR] [BUILD_DIR] [WIZARD OPTION...]
#   (defaults: screenshots/, build/; e.g. `--profile big.json` for a longer clone)
# Needs xvfb (xvfb-run) and a built `servertwin` and `servertwin-agent`.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-screenshots}
build=${2:-build}
shift $(( $# < 2 ? $# : 2 ))
if ! command -v xvfb-run >/dev/null; then
  echo "wizard-screenshots: xvfb-run is missing (apt-get install xvfb)" >&2
  exit 1
fi
if [ ! -x "$build/app/servertwin" ] || [ ! -x "$build/app/servertwin-agent" ]; then
  echo "wizard-screenshots: build first: cmake --build $build" >&2
  exit 1
fi
mkdir -p "$out"
# A fresh demo sandbox, so the pictures show the first-time pairing.
work=$(mktemp -d /tmp/servertwin-shots.XXXXXX)
trap 'rm -rf "$work"' EXIT
TMPDIR=$work xvfb-run -a -s "-screen 0 1280x900x24 -dpi 96" \
  "$build/app/servertwin" --demo --screenshot "$out" "$@"
ls -1 "$out"/*.png
