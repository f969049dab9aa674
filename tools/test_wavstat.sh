#!/usr/bin/env bash
# TAP tests of tools/wavstat on synthetic signals whose quality is known by
# construction: an ideal 16-bit sine (SINAD 98.1 dB), a -80 dBc spur, an
# inharmonic alias beside a square's harmonics, DC, clipping, gaps, odd
# formats, and bad input (exit 2 with a message, never a hang).
#   tools/test_wavstat.sh BUILD_DIR
set -u
B=${1:-build}
S=$B/tools/wavstat
T=$(mktemp -d) && trap 'rm -rf "$T"' EXIT
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
no() { n=$((n + 1)); echo "not ok $n - $1"; }

# gen OUT RATE CHANNELS SECONDS PYTHON-EXPR-OF(t, i, c) [POST]: one sample per
# (frame, channel), rounded to nearest and clamped to 16 bits.  POST, if
# given, edits the list of frames `f` (lists of ints) before writing.
gen() {
  python3 - "$@" <<'PY'
import math, struct, sys, wave
out, rate, ch, secs, expr = sys.argv[1:6]
post = sys.argv[6] if len(sys.argv) > 6 else ""
rate, ch = int(rate), int(ch)
n = int(round(float(secs) * rate))
code = compile(expr, "expr", "eval")
g = {"math": math, "pi": math.pi, "sin": math.sin, "cos": math.cos}
f = []
for i in range(n):
    g["t"], g["i"] = i / rate, i
    row = []
    for c in range(ch):
        g["c"] = c
        row.append(max(-32768, min(32767, int(round(eval(code, g))))))
    f.append(row)
if post:
    exec(post)
with wave.open(out, "wb") as w:
    w.setnchannels(ch); w.setsampwidth(2); w.setframerate(rate)
    w.writeframes(b"".join(struct.pack("<%dh" % ch, *x) for x in f))
PY
}
# js FILE.wav OPTIONS... -- PYTHON-CONDITION on j (the JSON report)
js() {
  local wav=$1; shift
  local opts=()
  while [[ $1 != -- ]]; do opts+=("$1"); shift; done
  shift
  "$S" --json "${opts[@]}" "$wav" >"$T/j.json" 2>"$T/j.err" || { cat "$T/j.err"; return 1; }
  python3 - "$T/j.json" "$1" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
c = j["channel"]
ok = eval(sys.argv[2])
if not ok:
    print(json.dumps(j, indent=1)[:3000])
sys.exit(0 if ok else 1)
PY
}
check() { # name, command...
  local name=$1; shift
  if "$@" >"$T/out" 2>&1; then ok "$name"; else no "$name"; sed 's/^/# /' "$T/out"; fi
}

gen "$T/sine.wav" 44100 2 1 "32767 * sin(2 * pi * 997 * t) * (1 if c == 0 else -1)"
check "ideal 16-bit sine: SINAD 98 dB within 0.3 dB" \
  js "$T/sine.wav" -- "all(abs(x['sinad_db'] - 98.0) <= 0.3 for x in c)"
check "ideal sine: frequency 997.000 Hz to 0.001 Hz" \
  js "$T/sine.wav" -- "all(abs(x['freq'] - 997) < 0.001 for x in c)"
check "ideal sine: THD+N is SINAD the other way up" \
  js "$T/sine.wav" -- "abs(c[0]['thdn_db'] + c[0]['sinad_db']) < 1e-9 and abs(c[0]['thdn_pct'] - 100 * 10 ** (-c[0]['sinad_db'] / 20)) < 1e-5"
check "ideal sine: no spur above -110 dBc, no clipping, no DC" \
  js "$T/sine.wav" -- "all(x['spur_dbc'] < -110 and x['clipped'] == 0 and abs(x['dc']) < 0.05 for x in c)"
check "ideal sine: peak 32767, RMS -3.01 dBFS" \
  js "$T/sine.wav" -- "c[0]['peak'] == 32767 and abs(c[0]['rms_dbfs'] + 3.01) < 0.01"

gen "$T/odd.wav" 44100 1 1 "20000 * sin(2 * pi * 1234.5678 * t + 0.3)"
check "mono, 1234.5678 Hz: frequency to 0.001 Hz" \
  js "$T/odd.wav" -- "abs(c[0]['freq'] - 1234.5678) < 0.001 and len(c) == 1"
check "amplitude fitted (20000 within 0.5)" \
  js "$T/odd.wav" -- "abs(c[0]['amplitude'] - 20000) < 0.5"

gen "$T/spur.wav" 44100 2 1 "30000 * sin(2 * pi * 997 * t) + 0.0001 * 30000 * sin(2 * pi * 3000 * t)"
check "spur at -80 dBc, 3000 Hz: found within 1 dB and 2 Hz" \
  js "$T/spur.wav" -- "abs(c[0]['spur_dbc'] + 80) < 1 and abs(c[0]['spur_hz'] - 3000) < 2"
check "spur at -80 dBc: SINAD about 80 dB" \
  js "$T/spur.wav" -- "79 < c[0]['sinad_db'] < 80.5"
check "known frequency: --freq 997 gives the same SINAD" \
  js "$T/spur.wav" --freq 997 -- "79 < c[0]['sinad_db'] < 80.5 and abs(c[0]['freq'] - 997) < 0.001"
check "known but wrong frequency: --freq 1100 fits nothing" \
  js "$T/spur.wav" --freq 1100 -- "c[0]['sinad_db'] < 1"

# A square's odd harmonics (1/k), plus one inharmonic tone 60 dB under.
gen "$T/sq.wav" 44100 2 1 "20000 * sum(sin(2 * pi * k * 1000 * t) / k for k in (1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21)) + 20 * sin(2 * pi * 7350 * t)"
check "square: without --alias the worst spur is the 3rd harmonic (-9.5 dBc)" \
  js "$T/sq.wav" -- "abs(c[0]['spur_dbc'] + 9.54) < 0.3 and abs(c[0]['spur_hz'] - 3000) < 2"
check "square: --alias skips harmonics, finds the -60 dBc alias at 7350 Hz" \
  js "$T/sq.wav" --alias -- "abs(c[0]['spur_dbc'] + 60) < 1 and abs(c[0]['spur_hz'] - 7350) < 2 and c[0]['spur_kind'] == 'alias'"

gen "$T/dc.wav" 48000 2 0.5 "10000 * sin(2 * pi * 440 * t) + (100 if c == 0 else -50)"
check "48 kHz, DC offset +100 / -50 LSB measured" \
  js "$T/dc.wav" -- "j['rate'] == 48000 and abs(c[0]['dc'] - 100) < 0.1 and abs(c[1]['dc'] + 50) < 0.1 and abs(c[0]['freq'] - 440) < 0.001"

gen "$T/clip.wav" 44100 2 0.5 "40000 * sin(2 * pi * 100 * t)"
check "clipped sine: flat tops counted" \
  js "$T/clip.wav" -- "c[0]['clipped'] > 1000 and c[0]['peak'] == 32768"

gen "$T/gap.wav" 44100 2 1 "(8000 * sin(2 * pi * 441.5 * t) + 3) * (0 if 20000 <= i < 20500 or 30000 <= i < 30050 else 1)"
check "gap of 500 frames at 20000 found; a 50-frame run is not a gap" \
  js "$T/gap.wav" -- "j['gaps'] == 1 and j['gap_list'] == [{'start': 20000, 'frames': 500}]"
check "gap threshold follows --period (32: both runs)" \
  js "$T/gap.wav" --period 32 -- "j['gaps'] == 2 and j['gap_frames'] == 550"
gen "$T/lead.wav" 44100 2 0.5 "0 if i < 3000 or i >= 20000 else 5000 * sin(2 * pi * 1000 * (t - 3000 / 44100))"
check "leading and trailing silence are not gaps; signal span reported" \
  js "$T/lead.wav" -- "j['gaps'] == 0 and j['signal_first'] == 3001 and j['signal_frames'] < 17000"

check "text report names the tone and SINAD" \
  bash -c "'$S' '$T/sine.wav' | grep -qE 'tone +997\.000 Hz' && '$S' '$T/sine.wav' | grep -qE 'SINAD +98\.'"
check "--spectrum writes a spectrum peaking at 0 dBFS near 997 Hz" \
  bash -c "'$S' --spectrum '$T/sp.txt' '$T/sine.wav' >/dev/null && awk 'BEGIN { m = -999 } !/^#/ && \$2 > m { m = \$2; f = \$1 } END { exit !(m > -0.5 && f > 990 && f < 1004) }' '$T/sp.txt'"

gen "$T/silent.wav" 44100 2 0.1 "0"
check "all-silent file: reported as silent, exit 0" \
  js "$T/silent.wav" -- "j['signal_frames'] == 0 and all(x['silent'] for x in c)"

fails() { # name, want-pattern, args...: exit 2 with the message on stderr
  local pat=$1; shift
  timeout 10 "$S" "$@" >"$T/o" 2>"$T/e"; local rc=$?
  [[ $rc -eq 2 ]] && grep -q -- "$pat" "$T/e" || { cat "$T/e"; echo "rc=$rc"; return 1; }
}
check "missing file: exit 2" fails "cannot open" "$T/nope.wav"
printf 'hello, not a wav file at all' >"$T/junk.wav"
check "not a WAV: exit 2" fails "not a RIFF/WAVE" "$T/junk.wav"
python3 -c "
import wave; w = wave.open('$T/u8.wav', 'wb'); w.setnchannels(1); w.setsampwidth(1); w.setframerate(8000); w.writeframes(bytes(800)); w.close()"
check "8-bit WAV: exit 2" fails "only 16-bit" "$T/u8.wav"
head -c 40 "$T/sine.wav" >"$T/trunc.wav"
check "truncated header: exit 2" fails "" "$T/trunc.wav"
check "unknown option: exit 2" fails "unknown option" --bogus "$T/sine.wav"
check "--freq above Nyquist: exit 2" fails "half the sample rate" --freq 30000 "$T/sine.wav"
check "--period 0: exit 2" fails "period" --period 0 "$T/sine.wav"
echo "1..$n"
