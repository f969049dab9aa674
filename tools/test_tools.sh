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
import struct, sys, wave
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

# The tone's test pattern (R = -L): a channel swap must show below.
check "koi-render renders a tone" "$R" -o "$T/e.wav" tone --freq 1000 --seconds 0.5 --channel inverted
check "koi-render is deterministic" bash -c "'$R' -o '$T/e2.wav' tone --freq 1000 --seconds 0.5 --channel inverted && cmp '$T/e.wav' '$T/e2.wav'"
check "koi-render: 0.5 s tone is 22050 frames" bash -c "[[ \$(stat -c %s '$T/e.wav') -eq \$((44 + 22050 * 4)) ]]"
check "koi-render rejects a bad argument (exit 2)" bash -c "'$R' -o '$T/x.wav' tone --freq -1; [[ \$? -eq 2 ]]"
check "koi-render: record plays nothing, nothing to render (exit 2)" \
  bash -c "'$R' -o '$T/x.wav' record x.wav 2>'$T/err'; [[ \$? -eq 2 ]] && grep -q 'nothing to render' '$T/err'"
check "koi-render: play of a missing file (exit 2, the file named)" \
  bash -c "'$R' -o '$T/x.wav' play '$T/nope.wav' 2>'$T/err'; [[ \$? -eq 2 ]] && grep -q 'nope.wav: no such file' '$T/err'"
check "koi-render rejects the interactive piano (exit 2)" bash -c "'$R' -o '$T/x.wav' piano; [[ \$? -eq 2 ]]"
# --what: how `make run` times QEMU (mk/firmware.mk), from the same parser.
what_is() { # expected word, firmware args...
  local want=$1; shift
  [[ $("$R" --what "$@") == "$want" ]]
}
check "koi-render --what: the demo plays" what_is plays
check "koi-render --what: the piano is live" what_is live piano
check "koi-render --what: the piano with --keys plays" what_is plays piano --keys 'asdf'
check "koi-render --what: play --with piano is live" what_is live play a.wav --with piano
check "koi-render --what: play --with 'piano --keys x' plays" what_is plays play a.wav --with 'piano --keys x'
check "koi-render --what: record records" what_is records --rate 8000 record x.wav
check "koi-render --what: play --record plays" what_is plays play a.wav --record t.wav
check "koi-render --what: help" what_is help help
check "koi-render --what: bad arguments, exit 2" bash -c "'$R' --what tone --bogus 2>/dev/null; [[ \$? -eq 2 ]]"
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
check "wavcmp: mono against stereo refused (exit 2)" cmp_is 2 "cannot compare 44100 Hz 2-channel" "$T/e.wav" "$T/mono.wav"
"$R" -o "$T/e48.wav" --rate 48000 tone --seconds 0.1 >/dev/null
check "wavcmp: a capture at another rate refused (exit 2)" cmp_is 2 "cannot compare 44100 Hz 2-channel .* with 48000 Hz" "$T/e.wav" "$T/e48.wav"

# The same frames in other containers (python3 writes them by hand):
# WAVE_FORMAT_EXTENSIBLE with a PCM or a float SubFormat, float, 24-bit,
# and a capture whose writer was killed before it wrote the sizes.
recode() { # in out kind
  python3 - "$@" <<'PY'
import struct, sys, wave
src, dst, kind = sys.argv[1:4]
with wave.open(src) as w:
    raw = w.readframes(w.getnframes())
s = struct.unpack("<%dh" % (len(raw) // 2), raw)
def riff(fmt, data, dsize=None):
    dsize = len(data) if dsize is None else dsize
    body = b"WAVEfmt " + struct.pack("<I", len(fmt)) + fmt + b"data" + struct.pack("<I", dsize) + data
    return b"RIFF" + struct.pack("<I", 0 if dsize == 0 else len(body)) + body
def guid(code):
    return struct.pack("<H", code) + bytes.fromhex("000000001000800000aa00389b71")
if kind in ("ext16", "killed"):
    bits, code, data = 16, 1, raw
elif kind == "float-labelled-16":
    bits, code, data = 16, 3, raw
elif kind in ("float", "extfloat"):
    bits, code, data = 32, 3, struct.pack("<%df" % len(s), *(x / 32768 for x in s))
elif kind == "pcm24":
    bits, code, data = 24, 1, b"".join(struct.pack("<i", x << 8)[:3] for x in s)
ba = 2 * bits // 8
if kind.startswith("ext") or kind == "float-labelled-16":
    fmt = struct.pack("<HHIIHH", 0xfffe, 2, 44100, 44100 * ba, ba, bits) + struct.pack("<HHI", 22, bits, 3) + guid(code)
else:
    fmt = struct.pack("<HHIIHH", code, 2, 44100, 44100 * ba, ba, bits)
open(dst, "wb").write(riff(fmt, data, 0 if kind == "killed" else None))
PY
}
for k in ext16 extfloat float pcm24; do
  recode "$T/e.wav" "$T/$k.wav" $k
  check "wavcmp: the same frames as $k are IDENTICAL" cmp_is 0 "result: IDENTICAL" "$T/e.wav" "$T/$k.wav"
done
# EXTENSIBLE is read by its SubFormat: a changed sample in a float copy is
# found, and 16-bit samples in a file whose SubFormat says float (it used
# to compare IDENTICAL, read as 16-bit PCM) are refused.
doctor "$T/e.wav" "$T/a.wav" "f[:100] + [bytes([f[100][0] ^ 4]) + f[100][1:]] + f[101:]"
recode "$T/a.wav" "$T/a-float.wav" extfloat
check "wavcmp: EXTENSIBLE float, one changed sample found at frame 100" \
  cmp_is 1 "first mismatch at expected frame 100 " "$T/e.wav" "$T/a-float.wav"
recode "$T/e.wav" "$T/fl16.wav" float-labelled-16
check "wavcmp: EXTENSIBLE float SubFormat with 16-bit samples refused (exit 2)" \
  cmp_is 2 "not a readable WAV file" "$T/e.wav" "$T/fl16.wav"
recode "$T/e.wav" "$T/killed.wav" killed
check "wavcmp: a killed capture (sizes 0) is read to its end, and said so" \
  bash -c "$(declare -f cmp_is); W='$W' T='$T'; cmp_is 0 'result: IDENTICAL' '$T/e.wav' '$T/killed.wav' && grep -q 'unfinished: the header says 0 frames' '$T/cmp'"
head -c $((44 + 4 * 10000)) "$T/e.wav" >"$T/cut.wav"
check "wavcmp: a file cut short is compared as far as it goes, and said so" \
  bash -c "$(declare -f cmp_is); W='$W' T='$T'; cmp_is 1 'missing: 12050 frames at the end' '$T/e.wav' '$T/cut.wav' && grep -q 'cut short: the header says 22050 frames, the file holds 10000' '$T/cmp'"

# Every sample one LSB up: one long mismatch from the first frame, not a
# resync on a few frames that happen to agree (it used to report 397,583
# missing frames on the demo).
"$R" -o "$T/demo.wav" demo 2>/dev/null
doctor "$T/demo.wav" "$T/demo1.wav" "[struct.pack('<hh', *(min(32767, v + 1) for v in struct.unpack('<hh', x))) for x in f]"
check "wavcmp: demo +1 LSB is a mismatch from frame 0, nothing missing or extra" \
  bash -c "$(declare -f cmp_is); W='$W' T='$T'; cmp_is 1 'first mismatch at expected frame 0 ' '$T/demo.wav' '$T/demo1.wav' && grep -q '^missing frames: 0$' '$T/cmp' && grep -q '^extra frames: 0$' '$T/cmp' && grep -q '^mismatched frames: 448497$' '$T/cmp'"
# Two unrelated 10 s noise files: every frame a mismatch.  This used to
# take minutes (quadratic); the timeout only guards against that coming
# back, the time itself is printed for the record.
python3 - "$T" <<'PY'
import array, random, sys, wave
for name, seed in (("n1", 1), ("n2", 2)):
    r = random.Random(seed)
    with wave.open("%s/%s.wav" % (sys.argv[1], name), "wb") as w:
        w.setnchannels(2); w.setsampwidth(2); w.setframerate(44100)
        w.writeframes(array.array("h", (r.randint(-20000, 20000) for _ in range(882000))).tobytes())
PY
unrelated() {
  local t0=$SECONDS
  timeout 60 "$W" "$T/n1.wav" "$T/n2.wav" >"$T/cmp"; local rc=$?
  echo "wavcmp took $((SECONDS - t0)) s"
  [[ $rc -eq 1 ]] && grep -q '^mismatched frames: 441000$' "$T/cmp" &&
    grep -q 'first mismatch at expected frame 0 ' "$T/cmp" || { cat "$T/cmp"; echo "rc=$rc"; return 1; }
}
check "wavcmp: unrelated 10 s files: 441000 mismatched frames, first at 0 (within 60 s)" unrelated
check "wavcmp: usage (exit 2)" bash -c "'$W' one; [[ \$? -eq 2 ]]"
