#!/usr/bin/env bash
# The layering check (tools/check-layers) on the tree, and proof that it
# catches each kind of violation: a small tree that keeps the layers passes,
# and the same tree with one bad include fails, naming the file and why.
# Then the function-length check (tools/check-length) and the contracts'
# check (tools/check-docs) the same way.
# Prints TAP.
#
#   tests/layers/run.sh
set -u
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
check=$top/tools/check-layers
n=0 failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

emit() { # ok|"not ok" text
	n=$((n + 1))
	echo "$1 $n - $2"
	[[ $1 == ok ]] || failed=$((failed + 1))
}

# The tree itself.
if out=$("$check" "$top" 2>&1); then
	emit ok "the tree keeps its layers: ${out##*: }"
else
	printf '%s\n' "$out" | sed 's/^/# /'
	emit "not ok" "the tree breaks its layers (tools/check-layers)"
fi

# A miniature tree with one file per layer, each including what it may.
good() {
	rm -rf "$tmp/t"
	mkdir -p "$tmp/t"/{lib,regs,arch/arm,drivers,board/one/bringup,board/two,audio,app,tests}
	cd "$tmp/t" || exit 1
	echo '#define R 0u' >regs/dev.h
	echo '/* pure */' >lib/ring.h
	printf '#include "lib/ring.h"\n' >lib/list.h
	printf '#include "lib/ring.h"\n' >arch/arm/cpu.h
	printf '#include "drivers/mmio.h"\n' >drivers/audio_dev.h
	printf '#include "arch/arm/cpu.h"\n' >drivers/mmio.h
	printf '#include "regs/dev.h"\n#include "drivers/audio_dev.h"\n' >drivers/dev.h
	printf '#include "drivers/dev.h"\n#include "drivers/mmio.h"\n#include "lib/ring.h"\n' >drivers/dev.c
	printf '#include "drivers/other.h"\n' >drivers/other.c
	echo '/* another device */' >drivers/other.h
	echo '/* the interface */' >board/board.h
	printf '#include "board/board.h"\n' >board/wait.c
	printf '#include "board/board.h"\n#include "drivers/dev.h"\n#include "drivers/other.h"\n' >board/one/board.c
	printf '#include "board/board.h"\n' >board/two/board.c
	printf '#include "board/board.h"\n#include "audio/pcm.h"\n#include "drivers/dev.h"\n' >board/one/bringup/step1.c
	printf '#include "drivers/audio_dev.h"\n' >audio/pcm.h
	printf '#include "audio/pcm.h"\n' >audio/pcm.c
	printf '#include "audio/pcm.h"\n#include "board/board.h"\n#include "lib/ring.h"\n' >app/main.c
	printf '#include "drivers/dev.h"\n#include "board/one/board.c"\n' >tests/t.c
	cd - >/dev/null || exit 1
}

good
if out=$("$check" "$tmp/t" 2>&1); then
	emit ok "a miniature tree that keeps the layers passes"
else
	printf '%s\n' "$out" | sed 's/^/# /'
	emit "not ok" "the miniature tree should pass"
fi

# bad FILE LINE PATTERN TEXT: FILE gets LINE appended; the check must fail
# and report PATTERN.
bad() {
	local file=$1 line=$2 pattern=$3 text=$4
	good
	printf '%s\n' "$line" >>"$tmp/t/$file"
	local out rc
	out=$("$check" "$tmp/t" 2>&1)
	rc=$?
	if [[ $rc == 1 ]] && grep -qF -- "$pattern" <<<"$out"; then
		emit ok "caught: $text"
	else
		printf '%s\n' "$out" | sed 's/^/# /'
		emit "not ok" "missed: $text (status $rc)"
	fi
}

bad drivers/dev.c '#include "board/board.h"' 'drivers/dev.c:4: includes "board/board.h": layer drivers may not include layer board' \
	"a driver including the board"
bad drivers/dev.c '#include "drivers/other.h"' "drivers/dev.c:4: includes \"drivers/other.h\": a driver includes another device's driver" \
	"a driver including a peer driver"
bad arch/arm/cpu.h '#include "drivers/mmio.h"' 'layer arch may not include layer drivers' \
	"the architecture including a driver"
bad lib/ring.h '#include "arch/arm/cpu.h"' 'layer lib may not include layer arch' \
	"pure code including the architecture"
bad audio/pcm.c '#include "board/board.h"' 'layer audio may not include layer board' \
	"the audio layer including the board"
bad audio/pcm.c '#include "drivers/dev.h"' 'layer audio may not include layer drivers' \
	"the audio layer including a device's driver"
bad app/main.c '#include "drivers/dev.h"' 'app/main.c:4: includes "drivers/dev.h": layer app may not include layer drivers' \
	"the program including a driver"
bad app/main.c '#include "board/one/board.c"' 'layer app may not include layer board' \
	"the program including one board's file"
bad board/wait.c '#include "board/one/board.c"' "board-independent code includes one board's file" \
	"board-independent code including one board"
bad board/two/board.c '#include "drivers/../board/one/board.c"' "one board includes another board's file" \
	"one board including another"
bad regs/dev.h '#include "lib/ring.h"' 'layer regs may not include layer lib' \
	"a register map including code"
bad drivers/dev.c '#include "tests/t.c"' "a program's file" \
	"a driver including a test"
bad audio/pcm.c '#include "audio/missing.h"' 'includes "audio/missing.h", which is no file of the tree' \
	"an include of a file that does not exist"
bad lib/ring.h '#include "lib/list.h"' 'include circle: lib/list -> lib/ring -> lib/list' \
	"a circle of includes between modules"

# Function lengths (tools/check-length): the tree, then a small tree with a
# function of exactly 60 lines (passes) and one of 61 (caught).
length=$top/tools/check-length
if out=$("$length" "$top" 2>&1); then
	emit ok "function lengths: ${out##*check-length: }"
else
	printf '%s\n' "$out" | sed 's/^/# /'
	emit "not ok" "a function of the product is longer than 60 lines (tools/check-length)"
fi
# fn NAME LINES: a C function of LINES lines, definition to closing brace.
fn() {
	printf 'int %s(int x)\n{\n' "$1"
	for ((k = 0; k < $2 - 4; k++)); do printf '\tx += %d;\n' "$k"; done
	printf '\treturn x;\n}\n'
}
rm -rf "$tmp/len" && mkdir -p "$tmp/len/app" "$tmp/len/tests"
fn fits 60 >"$tmp/len/app/fits.c"
fn long_test 200 >"$tmp/len/tests/t.c"
if out=$("$length" "$tmp/len" 2>&1); then
	emit ok "a function of 60 lines passes, and tests are not the product"
else
	printf '%s\n' "$out" | sed 's/^/# /'
	emit "not ok" "a function of 60 lines (or a test's) should pass"
fi
fn too_long 61 >>"$tmp/len/app/fits.c"
out=$("$length" "$tmp/len" 2>&1)
rc=$?
if [[ $rc == 1 ]] && grep -qF 'app/fits.c:61: too_long is 61 lines (limit 60)' <<<"$out"; then
	emit ok "caught: a function of 61 lines"
else
	printf '%s\n' "$out" | sed 's/^/# /'
	emit "not ok" "missed: a function of 61 lines (status $rc)"
fi

# Function contracts (tools/check-docs): the tree, then a small tree whose
# header documents everything (passes), and the same header with one gap
# at a time (caught, naming the function and what is missing).
docs=$top/tools/check-docs
if out=$("$docs" "$top" 2>&1); then
	emit ok "contracts: ${out##*check-docs: }"
else
	printf '%s\n' "$out" | sed 's/^/# /'
	emit "not ok" "a public function lacks a documented parameter, return or error (tools/check-docs)"
fi
# hdr [DROP]: lib/ring.h with one documented function; DROP (a line) left out.
hdr() {
	rm -rf "$tmp/doc" && mkdir -p "$tmp/doc/lib"
	grep -vxF -- "${1:-@@none@@}" >"$tmp/doc/lib/ring.h" <<'H'
/* ring.h — a module contract, in prose. */
#include <stddef.h>
/**
 * ring_put() - queue bytes.
 * @param r    the ring
 * @param n    bytes
 * Fails with -EINVAL on an empty put, -ENOSPC when full.
 * @return bytes queued
 * @retval -EINVAL n is 0
 * @retval -ENOSPC no room
 */
int ring_put(struct ring *r, size_t n);
/**
 * ring_len() - bytes held.
 * @param r    the ring
 * @return bytes held
 */
size_t ring_len(const struct ring *r);
/** ring_reset() - empty it. @param r the ring */
static inline void ring_reset(struct ring *r) { (void)r; }
H
}
hdr
if out=$("$docs" "$tmp/doc" 2>&1); then
	emit ok "a header documenting each parameter, return and error passes"
else
	printf '%s\n' "$out" | sed 's/^/# /'
	emit "not ok" "a fully documented header should pass"
fi
# gap DROP PATTERN TEXT
gap() {
	hdr "$1"
	local out rc
	out=$("$docs" "$tmp/doc" 2>&1)
	rc=$?
	if [[ $rc == 1 ]] && grep -qF -- "$2" <<<"$out"; then
		emit ok "caught: $3"
	else
		printf '%s\n' "$out" | sed 's/^/# /'
		emit "not ok" "missed: $3 (status $rc)"
	fi
}
gap ' * @param n    bytes' 'lib/ring.h:11: ring_put: parameter n has no @param' "a missing @param"
gap ' * @return bytes held' 'lib/ring.h:17: ring_len: no @return or @retval' "a missing @return"
gap ' * @retval -ENOSPC no room' 'ring_put: error -ENOSPC is named but has no @retval -ENOSPC' "an error code with no @retval"
gap '/** ring_reset() - empty it. @param r the ring */' 'ring_reset: no /** */ block just before it' "a static inline function with no block"

echo "1..$n"
exit $((failed > 0))
