#!/usr/bin/env bash
# TAP tests of the host tools: koi-render's argument handling and
# determinism, and wavcmp's classification on doctored captures (leading and
# trailing silence allowed; inserted silence, missing frames, mismatches,
# channel swaps and bad files reported with a non-zero exit).
#   tools/test_tools.sh BUILD_DIR
set -u
B=${1:-build}
R=$B/tools/koi-render W=$B/tools/wavcmp
T=$(mktemp -d) && trap 'rm -rf "$T"' EXIT
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
no() { n=$((n + 1)); echo "not ok $n - $1"; }
check() { # name, command...: passes when the command succeeds
  local name=$1; shift
  if "$@" >"$T/out" 2>&1; then ok "$name"; else no "$name"; sed 's/^/# /' "$T/out"; fi
}

# Doctor a WAV: python3 (in the host bootstrap group) rewrites its frames.
doctor() { # in out python-expression-on-list-of-frames
  python3 - "$1" "$2" "$3" <<'PY'
import sys, wave
src, dst, expr = sys.argv[1:4]
with wave.open(src) as w:
    p = w.getparams(); raw = w.readframes(w.getnframes())
f = [raw[i:i + 4] for i in range(0, len(raw), 4)]
Z = b"\0\0\0\0"
f = eval(expr)
with wave.open(dst, "wb") as w:
    w.setparams(p); w.writeframes(b"".join(f))
PY
}
cmp_is() { # rc expected-rc grep-pattern: wavcmp exit code and report line
  local want=$1 pat=$2; shift 2
  "$W" "$@" >"$T/cmp" 2>&1; local rc=$?
  [[ $rc -eq $want ]] && grep -q -- "$pat" "$T/cmp" || { cat "$T/cmp"; echo "rc=$rc"; return 1; }
}

check "koi-render renders a tone" "$R" -o "$T/e.wav" tone --freq 1000 --seconds 0.5
check "koi-render is deterministic" bash -c "'$R' -o '$T/e2.wav' tone --freq 1000 --seconds 0.5 && cmp '$T/e.wav' '$T/e2.wav'"
check "koi-render: 0.5 s tone is 22050 frames" bash -c "[[ \$(stat -c %s '$T/e.wav') -eq \$((44 + 22050 * 4)) ]]"
check "koi-render rejects a bad argument (exit 2)" bash -c "'$R' -o '$T/x.wav' tone --freq -1; [[ \$? -eq 2 ]]"
check "koi-render rejects the interactive piano (exit 2)" bash -c "'$R' -o '$T/x.wav' piano; [[ \$? -eq 2 ]]"
check "koi-render: no program renders the demo" bash -c "'$R' -o '$T/d1.wav' demo && '$R' -o '$T/d2.wav' && cmp '$T/d1.wav' '$T/d2.wav'"
# Other device formats: the WAV says what it holds.
wavfmt() { # file -> "format channels rate bits frames"
  python3 -c "
import struct, sys
h = open(sys.argv[1], 'rb').read(44)
tag, ch, rate, _, block, bits = struct.unpack('<HHIIHH', h[20:36])
print(tag, ch, rate, bits, struct.unpack('<I', h[40:44])[0] // block)" "$1"
}
check "koi-render --rate 48000 --channels 1: 0.5 s tone is 24000 mono S16 frames" \
  bash -c "'$R' -o '$T/m.wav' --rate 48000 --channels 1 tone --seconds 0.5 && [[ \"\$($(declare -f wavfmt); wavfmt '$T/m.wav')\" == '1 1 48000 16 24000' ]]"
check "koi-render --rate 8000 --format float: an IEEE float WAV" \
  bash -c "'$R' -o '$T/f.wav' --rate 8000 --format float tone --seconds 0.5 && [[ \"\$($(declare -f wavfmt); wavfmt '$T/f.wav')\" == '3 2 8000 32 4000' ]]"
check "koi-render --format s24 and u8: 3 and 1 bytes a sample" \
  bash -c "'$R' -o '$T/a.wav' --format s24 pcm && '$R' -o '$T/b.wav' --format u8 pcm && [[ \"\$($(declare -f wavfmt); wavfmt '$T/a.wav'; wavfmt '$T/b.wav')\" == \$'1 2 44100 24 441\\n1 2 44100 8 441' ]]"
check "koi-render: --format s8 refused, a WAV cannot hold it (exit 2)" \
  bash -c "'$R' -o '$T/x.wav' --format s8 tone 2>'$T/err'; [[ \$? -eq 2 ]] && grep -q 'signed 8-bit' '$T/err'"
check "koi-render: --rate 4000 refused (exit 2)" bash -c "'$R' -o '$T/x.wav' --rate 4000 tone; [[ \$? -eq 2 ]]"
check "koi-render: --freq above half of --rate refused (exit 2)" \
  bash -c "'$R' -o '$T/x.wav' --rate 8000 tone --freq 5000 2>'$T/err'; [[ \$? -eq 2 ]] && grep -q \"at the device's 8000 Hz\" '$T/err'"
check "koi-render: at 44.1 kHz stereo s16 the options change nothing" \
  bash -c "'$R' -o '$T/o1.wav' --rate 44100 --channels 2 --format s16 mix --seconds 0.3 && '$R' -o '$T/o2.wav' mix --seconds 0.3 && cmp '$T/o1.wav' '$T/o2.wav'"

check "wavcmp: identical files" cmp_is 0 "result: IDENTICAL" "$T/e.wav" "$T/e.wav"
doctor "$T/e.wav" "$T/a.wav" "[Z] * 1000 + f + [Z] * 300"
check "wavcmp: leading and trailing silence allowed and reported" \
  bash -c "$(declare -f cmp_is); W='$W' T='$T'; cmp_is 0 'leading silence in capture: 1000 frames' '$T/e.wav' '$T/a.wav' && grep -q 'trailing silence in capture: 300' '$T/cmp'"
doctor "$T/e.wav" "$T/a.wav" "[Z] * 10 + f[:5000] + [Z] * 500 + f[5000:]"
check "wavcmp: inserted silence found (500 frames at 5000)" \
  cmp_is 1 "inserted silence: 500 frames at expected frame 5000" "$T/e.wav" "$T/a.wav"
doctor "$T/e.wav" "$T/a.wav" "f[:7000] + f[7300:]"
check "wavcmp: missing frames found (300 at 7000)" \
  cmp_is 1 "missing: 300 frames at expected frame 7000" "$T/e.wav" "$T/a.wav"
doctor "$T/e.wav" "$T/a.wav" "f[:9000] + [bytes([f[9000][0] ^ 1]) + f[9000][1:]] + f[9001:]"
check "wavcmp: one changed sample is one mismatched frame" \
  cmp_is 1 "mismatched frames: 1$" "$T/e.wav" "$T/a.wav"
doctor "$T/e.wav" "$T/a.wav" "[x[2:] + x[:2] for x in f]"
check "wavcmp: swapped channels mismatch" cmp_is 1 "result: DIFFERENT" "$T/e.wav" "$T/a.wav"
doctor "$T/e.wav" "$T/a.wav" "f[:20000]"
check "wavcmp: a short capture misses the end" \
  cmp_is 1 "missing: 2050 frames at the end" "$T/e.wav" "$T/a.wav"
doctor "$T/e.wav" "$T/a.wav" "f + [f[100]] * 10"
check "wavcmp: extra sound after the end counts" cmp_is 1 "extra frames: 10" "$T/e.wav" "$T/a.wav"
echo "not a wav" >"$T/bad.wav"
check "wavcmp: not a WAV file (exit 2)" cmp_is 2 "not a" "$T/e.wav" "$T/bad.wav"
check "wavcmp: missing file (exit 2)" cmp_is 2 "cannot open" "$T/e.wav" "$T/none.wav"
python3 -c "
import wave; w = wave.open('$T/mono.wav', 'wb'); w.setnchannels(1); w.setsampwidth(2); w.setframerate(44100); w.writeframes(b'\0\0' * 10)"
check "wavcmp: mono capture refused (exit 2)" cmp_is 2 "need stereo 16-bit" "$T/e.wav" "$T/mono.wav"
"$R" -o "$T/e48.wav" --rate 48000 tone --seconds 0.1 >/dev/null
check "wavcmp: captures at another rate refused (exit 2)" cmp_is 2 "not comparable" "$T/e.wav" "$T/e48.wav"
check "wavcmp: usage (exit 2)" bash -c "'$W' one; [[ \$? -eq 2 ]]"
