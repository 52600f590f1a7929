#!/bin/bash
# Builds ServerTwin with AddressSanitizer + UndefinedBehaviorSanitizer (SERVERTWIN_SANITIZE=ON)
# into BUILD_DIR (default build-asan) and runs the whole ctest suite under it. Every report
# of a sanitized process (also agent and cli processes the integration tests start) is
# written to BUILD_DIR/sanitizer-logs; any report fails the run.
# Usage: scripts/run-sanitized-tests.sh [BUILD_DIR] [extra ctest args...]
# Env:   ST_CMAKE_ARGS (extra configure arguments), ST_JOBS (build jobs, default nproc),
#        ST_TARGETS (build only these targets, e.g. for a subset run with ctest -R).
set -euo pipefail
cd "$(dirname "$0")/.."
src=$PWD
build=${1:-build-asan}
shift || true
jobs=${ST_JOBS:-$(nproc)}
# -O1 (what the sanitizers' authors advise; compiles a fifth faster than -O2) and -g1 (line
# tables only: all a report's stack trace needs) spare the compiler and the linker work a
# build nobody steps through does not need. The test programs themselves are compiled at -O0
# (SERVERTWIN_TESTS_O0): half the compile time of a Catch2 file at -O1, and their code is not
# where the tests spend their time.
# shellcheck disable=SC2086
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1 -DNDEBUG" \
  -DSERVERTWIN_SANITIZE=ON -DSERVERTWIN_WERROR=ON -DSERVERTWIN_TESTS_O0=ON ${ST_CMAKE_ARGS:-}
# shellcheck disable=SC2086
cmake --build "$build" -j"$jobs" ${ST_TARGETS:+--target $ST_TARGETS}

logs=$(cd "$build" && pwd)/sanitizer-logs
rm -rf "$logs" && mkdir -p "$logs"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=0:log_path=$logs/asan"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:log_path=$logs/ubsan"
export LSAN_OPTIONS="suppressions=$src/scripts/lsan.supp:print_suppressions=0"
# Qt's offscreen platform for the wizard tests (no display in CI).
export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}

start=$(date +%s)
status=0
(cd "$build" && ctest --output-on-failure --timeout 900 "$@") || status=$?
echo "sanitized ctest: $(( $(date +%s) - start )) s, exit $status"
if compgen -G "$logs/*" >/dev/null; then
  echo "sanitizer reports:" >&2
  for f in "$logs"/*; do echo "== $f" >&2; cat "$f" >&2; done
  status=1
fi
exit "$status"
