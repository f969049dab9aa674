#!/usr/bin/env bash
# Runs a test suite (its command line follows) against the sanitized QEMU
# and adds one TAP case: no sanitizer report.
#
#   tests/san/run.sh COMMAND [ARGS...]
#
# ASan and UBSan write their reports into files (log_path) rather than
# QEMU's stderr, which the suites parse; every QEMU process of the suite
# writes there.  A report also makes that QEMU exit with status 86 (ASan)
# or abort (UBSan, halt_on_error), so the suite's own case fails too.
# Leak checking is off: QEMU frees little at exit, by design; the point is
# out-of-bounds, use-after-free and undefined behaviour while it runs.
set -u
logs=$(mktemp -d "${TMPDIR:-/tmp}/koi-san.XXXXXX")
export ASAN_OPTIONS="detect_leaks=0:exitcode=86:log_path=$logs/asan"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:log_path=$logs/ubsan"
out=$logs/suite.out
"$@" >"$out" 2>&1
rc=$?
cat "$out"
n=$(grep -cE '^(not )?ok [0-9]+' "$out")
# ASan opens its log for one known warning in every QEMU process: QEMU's
# coroutines switch stacks with swapcontext, which ASan says it "doesn't
# fully support" (QEMU tells it of each switch, so the checks stay right).
# A file holding only that line is no report; any other line is one.
benign='WARNING: ASan doesn.t fully support makecontext/swapcontext functions'
shopt -s nullglob
reports=()
for f in "$logs"/asan.* "$logs"/ubsan.*; do
  grep -qv -e "$benign" "$f" && reports+=("$f")
done
if ((${#reports[@]} == 0)); then
  echo "ok $((n + 1)) - sanitizers: no ASan or UBSan report from any QEMU run"
  rm -rf "$logs"
else
  echo "not ok $((n + 1)) - sanitizers: ${#reports[@]} report(s), kept in $logs"
  for r in "${reports[@]}"; do
    grep -m3 -E 'ERROR: AddressSanitizer|runtime error|SUMMARY' "$r" | sed 's/^/# /'
  done
  rc=1
fi
exit "$rc"
