#!/usr/bin/env bash
# Totals every suite's TAP results: names each failing case, then prints the
# one closing line "N passed, M failed" and exits non-zero if M > 0.
#
#   tests/summary.sh [test-NAME...]
#
# Each make target test-NAME must have left NAME.tap (or NAME-*.tap, or
# BOARD-NAME.tap under `make BOARD=BOARD test`, with SUMMARY_BOARD=BOARD);
# one that left nothing (its build failed, say) counts as a failed case.
set -u
dir=${TEST_RESULTS:-${KOI_BUILD:-build}/test-results}
pass=0 fail=0
shopt -s nullglob
for t in "$@"; do
  n=${t#test-}
  # NAME.tap, NAME-*.tap (a suite of several, host-*), or BOARD-NAME.tap
  # under make BOARD=BOARD test (SUMMARY_BOARD).  Not any *-NAME.tap: that
  # took host-play.tap for the play suite's results when play left none.
  found=("$dir/$n.tap" "$dir/$n"-*.tap)
  [[ -n ${SUMMARY_BOARD:-} ]] && found+=("$dir/$SUMMARY_BOARD-$n.tap")
  seen=0
  for f in "${found[@]}"; do [[ -e $f ]] && seen=1; done
  (( seen )) && continue
  echo "FAIL $n: suite produced no results (build or run failed; see the make output above)"
  fail=$((fail + 1))
done
for tap in "$dir"/*.tap; do
  suite=$(basename "$tap" .tap)
  p=$(grep -c '^ok' "$tap"); f=$(grep -c '^not ok' "$tap")
  pass=$((pass + p)); fail=$((fail + f))
  grep '^not ok' "$tap" | sed -E "s/^not ok [0-9]+ -? ?/FAIL $suite: /"
done
if (( pass + fail == 0 )); then
  echo "no test results in $dir" >&2
  echo "0 passed, 1 failed"
  exit 1
fi
echo "$pass passed, $fail failed"
(( fail == 0 ))
