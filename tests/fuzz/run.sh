#!/usr/bin/env bash
# Runs the libFuzzer targets and prints TAP.
#
#   tests/fuzz/run.sh test DIR NAME=RUNS...     regression inputs, then RUNS
#                                               iterations with a fixed seed
#   tests/fuzz/run.sh long DIR NAME=SECONDS...  SECONDS of fuzzing
#
# DIR is the build directory (binaries in DIR/bin).  The committed seeds in
# tests/fuzz/corpus/NAME are read only; what the fuzzer adds goes to
# DIR/corpus/NAME.  A crash leaves its input as DIR/crash-NAME-*: copy it to
# tests/fuzz/regress/NAME/ once the bug is fixed, so it is replayed for ever.
set -u
mode=$1 dir=$2
shift 2
src=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
n=0 failed=0
emit() {
	n=$((n + 1))
	echo "$1 $n - $2"
	[[ $1 == ok ]] || failed=$((failed + 1))
}

for spec in "$@"; do
	name=${spec%%=*} amount=${spec#*=}
	bin=$dir/bin/fuzz_$name log=$dir/$name.log
	work=$dir/corpus/$name seeds=$src/corpus/$name regress=$src/regress/$name
	# make test starts from the committed seeds only, so that its inputs
	# (and time) do not depend on earlier long runs.
	[[ $mode == test ]] && work=$dir/corpus-test/$name && rm -rf "$work"
	mkdir -p "$work"
	# 1. Every input that once crashed, replayed as is.
	if compgen -G "$regress/*" >/dev/null; then
		if "$bin" -runs=1 "$regress"/* >"$log.regress" 2>&1; then
			emit ok "$name: $(ls "$regress" | wc -l) regression inputs"
		else
			emit "not ok" "$name: a regression input fails again (see $log.regress)"
		fi
	fi
	# 2. Fuzzing.  -timeout: one input taking 10 s is a hang, a finding.
	opts=(-timeout=10 -rss_limit_mb=2048 -print_final_stats=1
	      "-artifact_prefix=$dir/crash-$name-")
	if [[ $mode == test ]]; then
		opts+=(-seed=1 "-runs=$amount")
		what="$amount runs (seed 1)"
	else
		opts+=("-max_total_time=$amount")
		what="$amount s"
	fi
	[[ -d $seeds ]] || seeds=
	start=$SECONDS
	if "$bin" "${opts[@]}" "$work" ${seeds:+"$seeds"} >"$log" 2>&1; then
		execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
		cov=$(grep -aoE 'cov: [0-9]+' "$log" | tail -1)
		emit ok "$name: $what, ${execs:-?} inputs, $cov, $((SECONDS - start)) s, no crash"
	else
		emit "not ok" "$name: crash or hang after $((SECONDS - start)) s (see $log, $dir/crash-$name-*)"
		grep -E '^(==[0-9]+==ERROR|SUMMARY|fuzz_|.*runtime error)' "$log" | head -5 | sed 's/^/# /'
	fi
done
echo "1..$n"
exit $((failed > 0))
