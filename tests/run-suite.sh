#!/usr/bin/env bash
# Runs one test suite and keeps its TAP results for tests/summary.sh.
#
#   tests/run-suite.sh NAME COMMAND [ARGS...]
#
# COMMAND prints TAP ("ok N - case", "not ok N - case") on stdout or stderr.
# Its whole output goes to build/test-results/NAME.log ($KOI_BUILD/test-results
# when make names another tree: build/cov for `make coverage`); the TAP
# lines to NAME.tap.  A suite that exits non-zero without reporting a failure, or that
# reports nothing at all, is recorded as one failed case: a crash or a hang
# killed by its timeout never passes silently.
set -u
name=$1; shift
dir=${TEST_RESULTS:-${KOI_BUILD:-build}/test-results}
mkdir -p "$dir"
log=$dir/$name.log tap=$dir/$name.tap
"$@" >"$log" 2>&1
rc=$?
grep -E '^(not )?ok [0-9]+' "$log" >"$tap"
if [[ $rc -ne 0 ]] && ! grep -q '^not ok' "$tap"; then
  echo "not ok 0 - suite exited with status $rc (see $log)" >>"$tap"
fi
if [[ ! -s $tap ]]; then
  echo "not ok 0 - suite reported no test (see $log)" >>"$tap"
fi
p=$(grep -c '^ok' "$tap"); f=$(grep -c '^not ok' "$tap")
printf '%-24s %4d passed, %d failed\n' "$name" "$p" "$f"
exit 0
