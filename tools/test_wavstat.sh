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
import math, os, struct, sys
out, rate, ch, secs, expr = sys.argv[1:6]
post = sys.argv[6] if len(sys.argv) > 6 else ""
kind = os.environ.get("KIND", "s16")
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
        v = eval(code, g)
        row.append(v if kind == "f32" else max(-32768, min(32767, int(round(v)))))
    f.append(row)
if post:
    exec(post)
# KIND: s16 (default), u8, s24 (the 16-bit values << 8), f32 (value /
# 32768, unrounded), ext16 (EXTENSIBLE header), killed (s16 with the sizes
# a killed writer leaves: 0).
bits = {"u8": 8, "s24": 24, "f32": 32}.get(kind, 16)
if kind == "u8":
    data = bytes(max(0, min(255, int(round(v / 256)) + 128)) for x in f for v in x)
elif kind == "s24":
    data = b"".join(struct.pack("<i", v << 8)[:3] for x in f for v in x)
elif kind == "f32":
    data = b"".join(struct.pack("<f", v / 32768) for x in f for v in x)
else:
    data = b"".join(struct.pack("<%dh" % ch, *x) for x in f)
ba = ch * bits // 8
tag = 3 if kind == "f32" else 1
fmt = struct.pack("<HHIIHH", tag, ch, rate, rate * ba, ba, bits)
if kind == "ext16":
    fmt = struct.pack("<HHIIHH", 0xfffe, ch, rate, rate * ba, ba, bits) + struct.pack("<HHI", 22, bits, 0) + \
          struct.pack("<H", 1) + bytes.fromhex("000000001000800000aa00389b71")
size = 0 if kind == "killed" else len(data)
body = b"WAVEfmt " + struct.pack("<I", len(fmt)) + fmt + b"data" + struct.pack("<I", size) + data
open(out, "wb").write(b"RIFF" + struct.pack("<I", 0 if kind == "killed" else len(body)) + body)
PY
}
# js FILE.wav OPTIONS... -- PYTHON-CONDITION on j (the JSON report)
# (every frequency in it must also lie in (0, rate/2))
js() {
  local wav=$1; shift
  local opts=()
  while [[ $1 != -- ]]; do opts+=("$1"); shift; done
  shift
  # JS_RC: the exit status wanted (0 analysed, 1 no tone found).
  "$S" --json "${opts[@]}" "$wav" >"$T/j.json" 2>"$T/j.err"
  local rc=$?
  [[ $rc == "${JS_RC:-0}" ]] || { cat "$T/j.err" "$T/j.json"; echo "rc=$rc"; return 1; }
  python3 - "$T/j.json" "$1" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
c = j["channel"]
ok = eval(sys.argv[2])
for x in c:
    for k in ("freq", "freq_fft", "spur_hz"):
        if x.get(k) is not None and not 0 < x[k] < j["rate"] / 2:
            print("%s %r outside (0, rate/2)" % (k, x[k])); ok = False
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
check "known but wrong frequency: --freq 1100 is no tone found there (exit 1)" \
  env JS_RC=1 bash -c "$(declare -f js); S='$S' T='$T'; js '$T/spur.wav' --freq 1100 -- \"not c[0]['tone'] and 'no tone at 1100.000 Hz: the strongest tone is at 997.000' in c[0]['no_tone'] and 'freq' not in c[0]\""

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
head -c 40 "$T/sine.wav" >"$T/trunc.wav"
check "truncated header: exit 2" fails "" "$T/trunc.wav"
check "unknown option: exit 2" fails "unknown option" --bogus "$T/sine.wav"
check "--freq above Nyquist: exit 2" fails "half the sample rate" --freq 30000 "$T/sine.wav"
check "--period 0: exit 2" fails "period" --period 0 "$T/sine.wav"
check "--freq 0.0001: less than one cycle in the signal, exit 2" \
  fails "less than one cycle" --freq 0.0001 "$T/sine.wav"

# Other containers and sample formats, through the same reader.
KIND=u8 gen "$T/u8.wav" 8000 1 1 "32767 * sin(2 * pi * 440 * t)"
check "8-bit PCM: 440 Hz, SINAD near the 8-bit ideal (49.9 dB)" \
  js "$T/u8.wav" -- "abs(c[0]['freq'] - 440) < 0.01 and 45 < c[0]['sinad_db'] < 51 and j['format'] == '8-bit PCM'"
KIND=s24 gen "$T/s24.wav" 48000 2 1 "20000 * sin(2 * pi * 1000 * t)"
check "24-bit PCM: a 16-bit sine at -4.3 dBFS, SINAD 98.1 - 4.3 dB" \
  js "$T/s24.wav" -- "abs(c[0]['freq'] - 1000) < 0.001 and abs(c[0]['sinad_db'] - 93.8) < 0.3 and j['format'] == '24-bit PCM' and c[0]['peak'] <= 20000"
KIND=f32 gen "$T/f32.wav" 44100 2 1 "20000 * sin(2 * pi * 1234.5 * t)"
check "32-bit float: unquantised sine, SINAD above 130 dB" \
  js "$T/f32.wav" -- "abs(c[0]['freq'] - 1234.5) < 0.001 and c[0]['sinad_db'] > 130 and j['format'] == '32-bit float'"
KIND=ext16 gen "$T/ext.wav" 44100 2 1 "32767 * sin(2 * pi * 997 * t) * (1 if c == 0 else -1)"
check "EXTENSIBLE 16-bit PCM: same report as the plain file" \
  js "$T/ext.wav" -- "j['format'] == '16-bit PCM, EXTENSIBLE' and all(abs(x['sinad_db'] - 98.0) <= 0.3 and abs(x['freq'] - 997) < 0.001 for x in c)"
KIND=killed gen "$T/killed.wav" 44100 2 1 "32767 * sin(2 * pi * 997 * t)"
check "killed capture (header sizes 0): all 44100 frames read, said unfinished" \
  js "$T/killed.wav" -- "j['frames'] == 44100 and j['unfinished'] and 'unfinished' in j['note'] and abs(c[0]['freq'] - 997) < 0.001"
check "killed capture: the text report says so too" \
  bash -c "'$S' '$T/killed.wav' | grep -q '^note .*header says 0 frames'"

# No single tone: "no tone found" and exit 1, never a frequency.
JS_RC=1
gen "$T/dc.wav" 44100 1 1 "1000"
check "pure DC: no tone found (was a 15.166 Hz tone)" \
  js "$T/dc.wav" -- "not c[0]['tone'] and 'DC only' in c[0]['no_tone'] and 'freq' not in c[0]"
gen "$T/noise.wav" 44100 2 1 "__import__('random').Random(i * 2 + c).uniform(-20000, 20000)"
check "white noise: no tone found" \
  js "$T/noise.wav" -- "not any(x['tone'] for x in c) and all('not a single tone' in x['no_tone'] for x in c)"
gen "$T/two.wav" 44100 1 1 "10000 * sin(2 * pi * 1000 * t) + 10000 * sin(2 * pi * 1500 * t)"
check "two equal tones: no tone found" js "$T/two.wav" -- "not c[0]['tone']"
check "997 Hz tone with --freq 1000: no tone at 1000 Hz (was -2,104,791,658,459 Hz)" \
  js "$T/sine.wav" --freq 1000 -- "not c[0]['tone'] and 'at 997.000 Hz' in c[0]['no_tone']"
unset JS_RC
check "text report: 'no tone found' and exit 1 for music-like input" \
  bash -c "'$S' '$T/two.wav' >'$T/o'; [[ \$? == 1 ]] && grep -q 'no tone found' '$T/o' && ! grep -q ' Hz (detected' '$T/o'"
# Odd signals: whatever they are called, any frequency printed lies in
# (0, rate/2) (js checks it) and a tone near the edges is still found.
gen "$T/low.wav" 44100 1 1 "20000 * sin(2 * pi * 15 * t)"
check "15 Hz tone found" js "$T/low.wav" -- "abs(c[0]['freq'] - 15) < 0.001"
gen "$T/high.wav" 44100 1 1 "20000 * sin(2 * pi * 21000 * t)"
check "21 kHz tone found" js "$T/high.wav" -- "abs(c[0]['freq'] - 21000) < 0.001"
gen "$T/chirp.wav" 44100 1 1 "20000 * sin(2 * pi * (100 + 5000 * t) * t)"
check "a chirp is not a tone" env JS_RC=1 bash -c "$(declare -f js); S='$S' T='$T'; js '$T/chirp.wav' -- \"not c[0]['tone']\""
gen "$T/click.wav" 44100 1 1 "20000 if i == 22050 else 0" 
check "a single click is not analysed as a tone (span too short)" \
  js "$T/click.wav" -- "'tone' not in c[0] and j['signal_frames'] == 1"
echo "1..$n"
